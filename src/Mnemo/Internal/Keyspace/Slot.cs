namespace Mnemo.Internal.Keyspace;

/// <summary>
/// One key of a shard's table. 32 bytes (a lookup copies or reads it; a larger slot straddles two
/// cache lines more often). The key lives inside <see cref="Item"/> (a string's record holds key and
/// value in one run of bytes; a collection holds its own key), which keeps the per-key overhead small.
/// </summary>
internal struct Slot
{
    /// <summary>
    /// For strings the <c>byte[]</c> that holds the <see cref="Values.StringRecord"/> (at <see cref="Offset"/>),
    /// a <see cref="Values.CollectionValue"/> otherwise; null when free.
    /// </summary>
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

    /// <summary>
    /// Where a string's record starts in <see cref="Item"/>: 0 for a record with an array of its own,
    /// more for one in a chunk of the table's <see cref="Values.RecordArena"/>. 0 for collections.
    /// </summary>
    public int Offset;

    public readonly ValueKind Kind => (ValueKind)(Meta & 0xF);

    public readonly bool IsString => (Meta & 0xF) <= (int)ValueKind.StringInt;

    /// <summary>A deep copy of the value that shares nothing mutable with it (transaction undo, snapshot copy-on-write).</summary>
    /// <remarks>A string comes back as a standalone record (offset 0), whatever the slot's own offset.</remarks>
    public readonly object CopyItem() =>
        IsString ? Values.StringRecord.CopyStandalone((byte[])Item!, Offset) : ((Values.CollectionValue)Item!).Clone();
}
