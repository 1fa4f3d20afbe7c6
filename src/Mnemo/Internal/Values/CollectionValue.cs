using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>
/// Base of the list, set, hash and sorted-set values. A collection carries its own key so a
/// table slot needs only one reference. Collections are mutated only under their shard's lock
/// and never handed out; readers receive copies.
/// </summary>
internal abstract class CollectionValue
{
    protected CollectionValue(byte[] key) => Key = key;

    /// <summary>The key bytes; replaced by <see cref="WithKey"/> on RENAME and COPY.</summary>
    public byte[] Key { get; private set; }

    public abstract ValueKind Kind { get; }

    /// <summary>Number of elements; a collection with zero elements is removed from the keyspace.</summary>
    public abstract int Count { get; }

    /// <summary>A deep copy that shares no mutable state with this value (COPY, transaction undo).</summary>
    public abstract CollectionValue Clone();

    /// <summary>Rebinds this value to another key (the value must no longer be reachable under the old one).</summary>
    public CollectionValue WithKey(byte[] key)
    {
        Key = key;
        return this;
    }
}
