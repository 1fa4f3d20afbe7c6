using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// A point-in-time copy of the whole keyspace taken without stopping writers.
/// <see cref="Begin"/> holds every shard lock for an instant to fix the point (the change-stream
/// sequence) and marks every shard pending. While a shard is pending, the first write to a key
/// (<see cref="PreserveLocked"/>, called from <see cref="Db.BeforeWrite"/> and lazy/active expiry)
/// keeps a copy of the key as it was at the point (or notes that it was absent): a writer pays for
/// copying one value, never for a whole shard. The snapshot's walk (<see cref="Drain"/>) copies the
/// shard's entry list under its lock, then encodes entries in small batches, each under the lock:
/// an entry with a preserved copy is taken from the copy, any other is unchanged since the point.
/// FLUSHDB/FLUSHALL/SWAPDB, which replace whole tables, encode a pending shard at once
/// (<see cref="CaptureWholeLocked"/>).
/// </summary>
internal sealed class SnapshotCapture
{
    /// <summary>Entries encoded per lock hold during the walk: bounds how long a writer can wait.</summary>
    private const int BatchSize = 64; // short lock holds (~20 us); see the SpinWait in WalkShard

    private readonly StoreCore _core;
    private readonly Shard[] _shards;
    private readonly byte[]?[] _encoded;
    private readonly int[] _entries;
    private readonly Dictionary<byte[], Preserved>?[] _preserved;
    private readonly int _shardsPerDatabase;

    // The shard the walk is in the middle of, and its progress; read and written only under that
    // shard's lock, so a FLUSH or SWAPDB of it can finish the shard in the walk's own output.
    private Shard? _walking;
    private BufferWriter? _walkOutput;
    private int _walkCountAt;
    private int _walkEntries;
    private bool _walkCompleted;

    private SnapshotCapture(StoreCore core)
    {
        _core = core;
        _shards = core.ShardsByOrdinal;
        _encoded = new byte[_shards.Length][];
        _entries = new int[_shards.Length];
        _preserved = new Dictionary<byte[], Preserved>?[_shards.Length];
        _shardsPerDatabase = core.Databases[0].Shards.Length;
    }

    /// <summary>A key's value at the point in time; a null <see cref="Item"/> means the key did not exist.</summary>
    private readonly record struct Preserved(ValueKind Kind, object? Item, long ExpiresAt);

    /// <summary>Test hook: runs between two batches of the walk, outside the shard's lock.</summary>
    internal Action<Shard>? BetweenBatches { get; set; }

    /// <summary>The change-stream sequence the copy reflects: every record up to it, none after.</summary>
    public long Sequence { get; private set; }

    public SnapshotFile.Header Header { get; private set; }

    public StoreCore Core => _core;

    /// <summary>
    /// Fixes the point in time. <paramref name="atPoint"/> runs with every shard lock held and no
    /// write in flight (the journal starts a new segment there).
    /// </summary>
    public static SnapshotCapture Begin(StoreCore core, Action<long>? atPoint)
    {
        var capture = new SnapshotCapture(core);
        using (ShardLocks.Enter(capture._shards))
        {
            capture.Sequence = core.Changes.LastSequence;
            foreach (var shard in capture._shards)
            {
                shard.PendingCapture = capture;
            }
            atPoint?.Invoke(capture.Sequence);
        }
        capture.Header = new SnapshotFile.Header(core.Databases.Length, capture._shardsPerDatabase, capture.Sequence, core.NowMs());
        return capture;
    }

    /// <summary>
    /// A key of a pending shard is about to change (its lock held): keep its value as it is (or
    /// note that it is absent), unless an earlier write already did.
    /// </summary>
    public void PreserveLocked(Shard shard, ReadOnlySpan<byte> key)
    {
        var preserved = _preserved[shard.Ordinal] ??= new Dictionary<byte[], Preserved>(ByteArrayComparer.Instance);
        var lookup = preserved.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.ContainsKey(key))
        {
            return;
        }
        Preserved image = default;
        int index = shard.Table.Find(key, KeyHash.Compute(key)); // the raw entry, expired or not
        if (index >= 0)
        {
            ref Slot slot = ref shard.Table.At(index);
            if ((slot.Meta & Slot.SnapshotWalked) != 0)
            {
                // Already in the snapshot as it was at the point. Remember the key (as "nothing to
                // add"): the write may move it to a new slot without the mark (RENAME onto it, a
                // transaction's undo), and a later write must not preserve it a second time.
                preserved[key.ToArray()] = default;
                return;
            }
            object copy = slot.CopyItem();
            image = new Preserved(slot.Kind, copy, slot.ExpiresAt);
        }
        preserved[key.ToArray()] = image;
    }

    /// <summary>
    /// Encodes a pending shard completely now (its lock held): its table is about to be replaced.
    /// If the walk is in the middle of this shard, the rest is appended to the walk's own output
    /// (the keys it already encoded may have changed since).
    /// </summary>
    public void CaptureWholeLocked(Shard shard)
    {
        if (!ReferenceEquals(shard.PendingCapture, this))
        {
            return;
        }
        bool walking = ReferenceEquals(_walking, shard);
        var output = walking ? _walkOutput! : new BufferWriter(SnapshotFile.ChunkHeaderSize + 64);
        int countAt = _walkCountAt;
        int entries = _walkEntries;
        if (!walking)
        {
            output.Reserve(SnapshotFile.ChunkHeaderSize);
            countAt = SnapshotCodec.BeginShard(DatabaseOf(shard), output);
            entries = 0;
        }
        var table = shard.Table;
        var preserved = _preserved[shard.Ordinal];
        for (int i = 0; i < table.Used; i++)
        {
            if (!table.IsLive(i))
            {
                continue;
            }
            ref Slot slot = ref table.At(i);
            var key = KeyTable.KeyOf(in slot);
            if ((slot.Meta & Slot.SnapshotWalked) == 0
                && (preserved is null || !preserved.GetAlternateLookup<ReadOnlySpan<byte>>().ContainsKey(key)))
            {
                SnapshotCodec.EncodeEntry(slot.Kind, key, slot.ExpiresAt, slot.Item!, slot.Offset, output);
                entries++;
            }
        }
        entries += EncodePreserved(preserved, output);
        SnapshotCodec.EndShard(output, countAt, entries);
        if (walking)
        {
            _walkEntries = entries;
            _walkCompleted = true;
        }
        else if (entries > 0)
        {
            _encoded[shard.Ordinal] = output.Written.ToArray();
            _entries[shard.Ordinal] = entries;
        }
        Release(shard);
    }

    /// <summary>Receives one sealed chunk frame; the span is only valid during the call.</summary>
    public delegate void ChunkSink(ReadOnlySpan<byte> frame);

    /// <summary>
    /// Walks every shard in order, encoding those not captured whole yet, and hands each non-empty
    /// chunk frame (sealed, ready to write) to <paramref name="chunk"/> outside the locks. One
    /// buffer is reused for every shard, so a snapshot does not churn the large-object heap.
    /// Returns the number of entries and chunks.
    /// </summary>
    public (long Entries, int Chunks) Drain(ChunkSink chunk)
    {
        long entries = 0;
        int chunks = 0;
        var output = new BufferWriter(1 << 16);
        foreach (var shard in _shards)
        {
            output.Clear();
            int walked = WalkShard(shard, output);
            if (walked > 0)
            {
                SnapshotFile.SealChunk(output.WrittenMutable);
                chunk(output.Written);
                entries += walked;
                chunks++;
            }
            else if (_encoded[shard.Ordinal] is { } frame)
            {
                _encoded[shard.Ordinal] = null;
                SnapshotFile.SealChunk(frame);
                chunk(frame);
                entries += _entries[shard.Ordinal];
                chunks++;
            }
        }
        return (entries, chunks);
    }

    /// <summary>Encodes a pending shard into <paramref name="output"/>; returns its entries (0 when empty or captured whole before the walk reached it).</summary>
    private int WalkShard(Shard shard, BufferWriter output)
    {
        object[] items;
        int[] offsets;
        byte[]?[] collectionKeys;
        using (shard.Lock())
        {
            if (!ReferenceEquals(shard.PendingCapture, this))
            {
                return 0; // captured whole by a FLUSH or SWAPDB (see _encoded)
            }
            var table = shard.Table;
            items = new object[table.Count];
            offsets = new int[table.Count];
            collectionKeys = new byte[]?[table.Count];
            int n = 0;
            for (int i = 0; i < table.Used; i++)
            {
                if (table.IsLive(i))
                {
                    var item = table.At(i).Item!;
                    // A string's record stays readable at this offset in this array even if the
                    // table compacts its records between batches (see RecordArena).
                    offsets[n] = table.At(i).Offset;
                    // A collection's key as it is now: RENAME rebinds the collection object itself
                    // to its new key (CollectionValue.WithKey), which may be in another shard. A
                    // string record's key never changes (RENAME makes a new record).
                    collectionKeys[n] = (item as CollectionValue)?.Key;
                    items[n++] = item;
                }
            }
            output.Reserve(SnapshotFile.ChunkHeaderSize);
            _walkCountAt = SnapshotCodec.BeginShard(DatabaseOf(shard), output);
            _walkEntries = 0;
            _walkCompleted = false;
            _walkOutput = output;
            _walking = shard;
        }
        try
        {
            for (int start = 0; start < items.Length; start += BatchSize)
            {
                using (shard.Lock())
                {
                    if (!ReferenceEquals(shard.PendingCapture, this))
                    {
                        return _walkCompleted ? _walkEntries : 0; // a FLUSH or SWAPDB finished the shard
                    }
                    EncodeBatch(shard, items, offsets, collectionKeys, start, output);
                }
                // System.Threading.Lock is not fair: a writer waiting on the other core would
                // otherwise find the lock taken again by the next batch, for the whole shard.
                Thread.SpinWait(50);
                BetweenBatches?.Invoke(shard);
            }
            using (shard.Lock())
            {
                if (!ReferenceEquals(shard.PendingCapture, this))
                {
                    return _walkCompleted ? _walkEntries : 0;
                }
                _walkEntries += EncodePreserved(_preserved[shard.Ordinal], output);
                SnapshotCodec.EndShard(output, _walkCountAt, _walkEntries);
                Release(shard);
                return _walkEntries;
            }
        }
        finally
        {
            using (shard.Lock())
            {
                _walking = null;
                _walkOutput = null;
            }
        }
    }

    /// <summary>Encodes up to <see cref="BatchSize"/> entries of the walk (the shard's lock held).</summary>
    private void EncodeBatch(Shard shard, object[] items, int[] offsets, byte[]?[] collectionKeys, int start, BufferWriter output)
    {
        var table = shard.Table;
        var preserved = _preserved[shard.Ordinal];
        for (int i = start; i < Math.Min(items.Length, start + BatchSize); i++)
        {
            // An item without a preserved copy has not changed since the point, so it is still in
            // the table under the key it had at the walk's start.
            ReadOnlySpan<byte> key = collectionKeys[i] ?? StringRecord.Key((byte[])items[i], offsets[i]);
            if (preserved is not null && preserved.GetAlternateLookup<ReadOnlySpan<byte>>().ContainsKey(key))
            {
                continue;
            }
            int index = table.Find(key, KeyHash.Compute(key));
            if (index < 0)
            {
                throw new InvalidOperationException("Snapshot walk: a key changed without being preserved (a write path misses Db.BeforeWrite).");
            }
            ref Slot slot = ref table.At(index);
            SnapshotCodec.EncodeEntry(slot.Kind, key, slot.ExpiresAt, slot.Item!, slot.Offset, output);
            slot.Meta |= Slot.SnapshotWalked;
            _walkEntries++;
        }
    }

    private static int EncodePreserved(Dictionary<byte[], Preserved>? preserved, BufferWriter output)
    {
        int entries = 0;
        foreach (var (key, image) in preserved ?? [])
        {
            if (image.Item is not null)
            {
                SnapshotCodec.EncodeEntry(image.Kind, key, image.ExpiresAt, image.Item, 0, output); // a copy: standalone
                entries++;
            }
        }
        return entries;
    }

    /// <summary>The snapshot is done with a shard (its lock held): stop preserving, clear the walked marks.</summary>
    private void Release(Shard shard)
    {
        var table = shard.Table;
        for (int i = 0; i < table.Used; i++)
        {
            table.At(i).Meta &= ~Slot.SnapshotWalked;
        }
        _preserved[shard.Ordinal] = null;
        shard.PendingCapture = null;
    }

    private int DatabaseOf(Shard shard) => shard.Ordinal / _shardsPerDatabase;

    /// <summary>Gives up the copy (a failed snapshot): pending shards stop being preserved.</summary>
    public void Abandon()
    {
        foreach (var shard in _shards)
        {
            using (shard.Lock())
            {
                if (ReferenceEquals(shard.PendingCapture, this))
                {
                    Release(shard);
                }
            }
        }
        Array.Clear(_encoded);
    }
}
