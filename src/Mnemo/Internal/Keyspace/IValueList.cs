namespace Mnemo.Internal.Keyspace;

/// <summary>
/// The values of a multi-value write (LPUSH / RPUSH with several values), read by position: the
/// server hands over its parsed arguments and the other callers their arrays, and the store copies
/// only what it keeps, as <see cref="IKeyValuePairs"/> does for MSET.
/// </summary>
internal interface IValueList
{
    int Count { get; }

    ReadOnlySpan<byte> this[int index] { get; }
}

/// <summary><see cref="IValueList"/> of one value (a push's usual form), without an array around it.</summary>
internal readonly ref struct OneValue(ReadOnlySpan<byte> value) : IValueList
{
    private readonly ReadOnlySpan<byte> _value = value;

    public int Count => 1;

    public ReadOnlySpan<byte> this[int index] => index == 0 ? _value : throw new ArgumentOutOfRangeException(nameof(index));
}

/// <summary><see cref="IValueList"/> over a list of arrays.</summary>
internal readonly struct ArrayValues(IReadOnlyList<byte[]> values) : IValueList
{
    public int Count => values.Count;

    public ReadOnlySpan<byte> this[int index] => values[index];
}
