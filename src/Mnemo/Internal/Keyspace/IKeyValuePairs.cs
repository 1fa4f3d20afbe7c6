namespace Mnemo.Internal.Keyspace;

/// <summary>
/// The keys and values of an MSET, read by position: the server hands over its parsed arguments
/// and the embedded API its pairs, and the store copies only what it keeps (an MSET of ten keys
/// used to copy its twenty arguments into arrays first, ~1 KB per call).
/// </summary>
internal interface IKeyValuePairs
{
    int Count { get; }

    ReadOnlySpan<byte> Key(int pair);

    ReadOnlySpan<byte> Value(int pair);
}

/// <summary><see cref="IKeyValuePairs"/> over a list of byte-array pairs.</summary>
internal readonly struct ArrayPairs(IReadOnlyList<KeyValuePair<byte[], byte[]>> pairs) : IKeyValuePairs
{
    public int Count => pairs.Count;

    public ReadOnlySpan<byte> Key(int pair) => pairs[pair].Key;

    public ReadOnlySpan<byte> Value(int pair) => pairs[pair].Value;
}
