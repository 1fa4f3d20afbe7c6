namespace Mnemo.Internal.Keyspace;

/// <summary>Counters kept per shard and updated under the shard's lock, so they need no atomics.</summary>
internal struct ShardStats
{
    public long Hits;
    public long Misses;
    public long ExpiredKeys;
}
