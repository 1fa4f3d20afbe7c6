using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// A point-in-time copy of the whole keyspace taken without stopping writers. <see cref="Begin"/>
/// holds every shard lock for an instant to fix the point (the change-stream sequence) and marks
/// every shard pending. From then on, the first code to change a pending shard, a writer (through
/// <see cref="Db.BeforeWrite"/> and the other write hooks) or the snapshot's own walk, encodes the
/// shard as it still is and clears the mark, so each shard is copied exactly as it was at the
/// point. A writer waits at most for the encoding of one shard.
/// </summary>
internal sealed class SnapshotCapture
{
    private readonly StoreCore _core;
    private readonly Shard[] _shards;
    private readonly byte[]?[] _encoded;
    private readonly int[] _entries;
    private readonly int _shardsPerDatabase;

    private SnapshotCapture(StoreCore core)
    {
        _core = core;
        _shards = core.ShardsByOrdinal;
        _encoded = new byte[_shards.Length][];
        _entries = new int[_shards.Length];
        _shardsPerDatabase = core.Databases[0].Shards.Length;
    }

    /// <summary>The change-stream sequence the copy reflects: every record up to it, none after.</summary>
    public long Sequence { get; private set; }

    public SnapshotFile.Header Header { get; private set; }

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

    /// <summary>Encodes <paramref name="shard"/> if it is still pending; its lock must be held.</summary>
    public void CaptureLocked(Shard shard)
    {
        if (!ReferenceEquals(shard.PendingCapture, this))
        {
            return;
        }
        var table = shard.Table;
        if (table.Count > 0)
        {
            var output = new BufferWriter(SnapshotFile.ChunkHeaderSize + 64 + (table.Count * 32));
            output.Reserve(SnapshotFile.ChunkHeaderSize);
            _entries[shard.Ordinal] = SnapshotCodec.EncodeShard(table, shard.Ordinal / _shardsPerDatabase, output);
            _encoded[shard.Ordinal] = output.Written.ToArray();
        }
        shard.PendingCapture = null;
    }

    /// <summary>
    /// Walks every shard in order, encoding those no writer has copied yet, and hands each
    /// non-empty chunk frame (sealed, ready to write) to <paramref name="chunk"/> outside the locks.
    /// Returns the number of entries and chunks.
    /// </summary>
    public (long Entries, int Chunks) Drain(Action<byte[]> chunk)
    {
        long entries = 0;
        int chunks = 0;
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                CaptureLocked(shard);
            }
            var frame = _encoded[shard.Ordinal];
            if (frame is null)
            {
                continue;
            }
            _encoded[shard.Ordinal] = null;
            SnapshotFile.SealChunk(frame);
            chunk(frame);
            entries += _entries[shard.Ordinal];
            chunks++;
        }
        return (entries, chunks);
    }

    /// <summary>Gives up the copy (a failed snapshot): pending shards stop being copied.</summary>
    public void Abandon()
    {
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                if (ReferenceEquals(shard.PendingCapture, this))
                {
                    shard.PendingCapture = null;
                }
            }
        }
        Array.Clear(_encoded);
    }

    public StoreCore Core => _core;
}
