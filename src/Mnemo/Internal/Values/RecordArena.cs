namespace Mnemo.Internal.Values;

/// <summary>
/// The chunks that hold the small string records of one shard's table (see <see cref="StringRecord"/>).
/// One array per key would be one object per key for the GC: every new record is copied by a gen0
/// and again by a gen1 collection, and every full collection marks each one. A chunk holds
/// thousands of records and is one object. Not thread-safe: its table's shard lock guards it.
/// </summary>
/// <remarks>
/// Allocation bumps through the current chunk, and a record's bytes are never given to another
/// record. A released record (deleted, replaced, grown out of place) leaves a hole that is only
/// counted; when holes outweigh live records, <see cref="Keyspace.KeyTable.CompactRecords"/> copies
/// the live records into new chunks and the GC reclaims the old chunks once nothing refers to them.
/// That is why anyone still holding an old chunk (a snapshot walk between batches, a span taken
/// before a removal, a reader without the lock) keeps reading intact bytes.
/// </remarks>
internal sealed class RecordArena
{
    /// <summary>Records larger than this get an array of their own: copying them on compaction would cost more than their object header saves.</summary>
    public const int MaxRecordSize = 512;

    /// <summary>
    /// Bytes at the start of every chunk that hold no record, so that an arena offset is never 0
    /// (0 means a standalone record). They are 0xFF: a record read at a wrong offset fails to parse.
    /// </summary>
    public const int ChunkHeader = 8;

    private const int FirstChunkSize = 4 * 1024;

    // Chunks of 256 KB are in the large object heap (never copied by the GC); small tables start
    // with small chunks so that a shard holding a few keys does not hold a large chunk.
    private const int MaxChunkSize = 256 * 1024;

    /// <summary>Holes are compacted only once they exceed this many bytes (and more, see <see cref="Keyspace.KeyTable.NeedsCompaction"/>).</summary>
    public const long MinimumCompactionBytes = 64 * 1024;

    private byte[]? _chunk;
    private int _used;
    private int _nextChunkSize = FirstChunkSize;

    /// <summary>Bytes of the records allocated and not yet released.</summary>
    public long LiveBytes { get; private set; }

    /// <summary>Bytes of released records (holes), since the arena was created.</summary>
    public long DeadBytes { get; private set; }

    /// <summary>
    /// Forgets the holes counted so far (they stay until a later compaction): after a compaction
    /// failed, the next attempt waits for as much new churn instead of running at every release.
    /// </summary>
    public void ForgetHoles() => DeadBytes = 0;

    /// <summary>Room for a record of <paramref name="size"/> bytes (at most <see cref="MaxRecordSize"/>): returns the chunk and sets the offset.</summary>
    public byte[] Allocate(int size, out int offset)
    {
        var chunk = _chunk;
        if (chunk is null || chunk.Length - _used < size)
        {
            chunk = NewChunk();
        }
        offset = _used;
        _used += size;
        LiveBytes += size;
        return chunk;
    }

    /// <summary>Counts a record of <paramref name="size"/> bytes as a hole.</summary>
    public void Release(int size)
    {
        LiveBytes -= size;
        DeadBytes += size;
    }

    private byte[] NewChunk()
    {
        var chunk = GC.AllocateUninitializedArray<byte>(_nextChunkSize);
        chunk.AsSpan(0, ChunkHeader).Fill(0xFF);
        _nextChunkSize = Math.Min(MaxChunkSize, _nextChunkSize * 2);
        _chunk = chunk;
        _used = ChunkHeader;
        return chunk;
    }
}
