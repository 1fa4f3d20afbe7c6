namespace Mnemo.Internal.Keyspace;

/// <summary>Counters kept per shard and updated under the shard's lock, so they need no atomics.</summary>
internal struct ShardStats
{
    public long Hits;
    public long Misses;
    public long ExpiredKeys;

    /// <summary>
    /// Embedded GET and plain SET calls, counted here under the lock they take anyway instead of
    /// with an interlocked increment of <see cref="StoreCore.CommandsProcessed"/> (which costs an
    /// embedded GET of 1M keys 10-20 ns, measured with the result of each GET used).
    /// </summary>
    public long Commands;
}
