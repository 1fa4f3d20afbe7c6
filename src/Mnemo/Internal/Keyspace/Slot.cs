namespace Mnemo.Internal.Keyspace;

/// <summary>
/// One key of a shard's table. 32 bytes: the key lives inside <see cref="Item"/> (a string's
/// record holds key and value in one array; a collection holds its own key), which keeps the
/// per-key overhead small.
/// </summary>
internal struct Slot
{
    /// <summary><c>byte[]</c> (a <see cref="Values.StringRecord"/>) for strings, a <see cref="Values.CollectionValue"/> otherwise; null when free.</summary>
    public object? Item;

    /// <summary>Absolute expiry in Unix milliseconds; 0 when the key does not expire.</summary>
    public long ExpiresAt;

    public int Hash;

    /// <summary>Next entry in the bucket chain (or in the free list); -1 ends it.</summary>
    public int Next;

    /// <summary>
    /// Bits 0-3: <see cref="ValueKind"/>. Bit 4: <see cref="SnapshotWalked"/>. Bits 8-31 are reserved
    /// for LRU/LFU metadata (eviction).
    /// </summary>
    public int Meta;

    /// <summary>
    /// Set while a running snapshot has already encoded this key (cleared when the snapshot is done
    /// with the shard): later writes need not preserve the key's old value.
    /// </summary>
    public const int SnapshotWalked = 0x10;

    /// <summary>Position in the table's volatile-key index, or -1 when the key has no expiry.</summary>
    public int VolatilePos;

    public readonly ValueKind Kind => (ValueKind)(Meta & 0xF);

    public readonly bool IsString => (Meta & 0xF) <= (int)ValueKind.StringInt;

    /// <summary>A deep copy of the value that shares nothing mutable with it (transaction undo, snapshot copy-on-write).</summary>
    public readonly object CopyItem() => IsString ? ((byte[])Item!).Clone() : ((Values.CollectionValue)Item!).Clone();
}
