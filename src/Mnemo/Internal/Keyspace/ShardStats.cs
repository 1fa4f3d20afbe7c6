namespace Mnemo.Internal.Keyspace;

/// <summary>Counters kept per shard and updated under the shard's lock, so they need no atomics.</summary>
internal struct ShardStats
{
    public long Hits;
    public long Misses;
    public long ExpiredKeys;

    /// <summary>
    /// Embedded plain SET calls, and GETs that took the lock, counted here under the lock they take
    /// anyway instead of with an interlocked increment of <see cref="StoreCore.CommandsProcessed"/>:
    /// no atomic, and no cache line beyond the shard's own. GETs that read without the lock count
    /// in <see cref="StoreCore.UnlockedReads"/>.
    /// </summary>
    public long Commands;
}
