namespace Mnemo.Internal.Keyspace;

/// <summary>Counters kept per shard and updated under the shard's lock, so they need no atomics.</summary>
internal struct ShardStats
{
    public long Hits;
    public long Misses;
    public long ExpiredKeys;

    /// <summary>
    /// Embedded GET and plain SET calls, counted here under the lock they take anyway instead of
    /// with an interlocked increment of <see cref="StoreCore.CommandsProcessed"/>: no atomic, and
    /// no cache line beyond the shard's own (single-threaded, the increment's cost on an embedded
    /// GET of 1M keys is within the run-to-run spread, at most ~20 ns).
    /// </summary>
    public long Commands;
}
