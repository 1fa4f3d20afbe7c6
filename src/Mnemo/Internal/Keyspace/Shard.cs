using Mnemo.Internal.Transactions;

namespace Mnemo.Internal.Keyspace;

/// <summary>
/// A slice of one database's keyspace with its own lock. Every read and write of a key happens
/// under the lock of the key's shard; operations on several keys take their shards' locks in
/// ascending <see cref="Ordinal"/> order, so they cannot deadlock.
/// </summary>
internal sealed class Shard(int ordinal)
{
    public readonly Lock Gate = new();

    /// <summary>Global lock order across all databases.</summary>
    public readonly int Ordinal = ordinal;

    /// <summary>The keys. Swapped wholesale by SWAPDB (under both shards' locks).</summary>
    public KeyTable Table = new();

    public ShardStats Stats;

    /// <summary>WATCH registrations on keys of this shard; null until the first one.</summary>
    public WatchTable? Watches;

    /// <summary>
    /// The snapshot that still has to copy this shard as it was at the snapshot's point in time,
    /// or null. Whoever changes the shard first (a writer or the snapshot itself) copies it.
    /// </summary>
    public Persistence.SnapshotCapture? PendingCapture;
}
