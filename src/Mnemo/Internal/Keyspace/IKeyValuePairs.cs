namespace Mnemo.Internal.Keyspace;

/// <summary>
/// Pairs read by position: an MSET's keys and values, or an HSET's fields and values. The server
/// hands over its parsed arguments and the embedded API its pairs, and the store copies only what
/// it keeps (an MSET of ten keys used to copy its twenty arguments into arrays first, ~1 KB per call).
/// </summary>
internal interface IKeyValuePairs
{
    int Count { get; }

    ReadOnlySpan<byte> Key(int pair);

    ReadOnlySpan<byte> Value(int pair);
}

/// <summary><see cref="IKeyValuePairs"/> of one pair (HSET's usual form), without arrays around it.</summary>
internal readonly ref struct OnePair(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) : IKeyValuePairs
{
    private readonly ReadOnlySpan<byte> _key = key;
    private readonly ReadOnlySpan<byte> _value = value;

    public int Count => 1;

    public ReadOnlySpan<byte> Key(int pair) => pair == 0 ? _key : throw new ArgumentOutOfRangeException(nameof(pair));

    public ReadOnlySpan<byte> Value(int pair) => pair == 0 ? _value : throw new ArgumentOutOfRangeException(nameof(pair));
}

/// <summary><see cref="IKeyValuePairs"/> over a list of byte-array pairs.</summary>
internal readonly struct ArrayPairs(IReadOnlyList<KeyValuePair<byte[], byte[]>> pairs) : IKeyValuePairs
{
    public int Count => pairs.Count;

    public ReadOnlySpan<byte> Key(int pair) => pairs[pair].Key;

    public ReadOnlySpan<byte> Value(int pair) => pairs[pair].Value;
}
