using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Transactions;

/// <summary>
/// Runs a group of operations as one atomic, serializable step: the embedded
/// <see cref="MnemoTransaction"/> and the server's MULTI/EXEC both go through here.
/// </summary>
internal static class AtomicScope
{
    /// <summary>
    /// Takes the locks of <paramref name="shards"/> (in the global order), refuses to run when a
    /// watched key changed (returns false), runs <paramref name="body"/> with change records
    /// collected into one batch and undo images kept, publishes the batch, then wakes blocked
    /// readers. If the body throws, its changes are undone and the exception propagates.
    /// </summary>
    public static bool Run(StoreCore core, IReadOnlyList<Shard> shards, WatchToken? token, IReadOnlyList<(Db Db, byte[] Key)> watched, Action body)
    {
        if (Transaction.Current is not null)
        {
            throw new InvalidOperationException("Transactions cannot be nested.");
        }
        IReadOnlyList<(Db Db, byte[] Key)> ready;
        var shardArray = shards as Shard[] ?? [.. shards];
        using (ShardLocks.Enter(shardArray))
        {
            if (token is not null)
            {
                // A watched key whose TTL has passed counts as changed even if nobody touched it:
                // the lookup expires it, which marks the token dirty.
                foreach (var (db, key) in watched)
                {
                    int hash = KeyHash.Compute(key);
                    db.FindLive(db.ShardOf(hash), key, hash);
                }
                if (token.IsDirty)
                {
                    return false;
                }
            }
            var tx = new Transaction(shardArray);
            tx.Activate();
            try
            {
                body();
            }
            catch
            {
                tx.Rollback();
                throw;
            }
            finally
            {
                Transaction.Deactivate();
            }
            core.Changes.PublishBatch(tx.Changes);
            ready = tx.ReadyKeys;
        }
        foreach (var (db, key) in ready)
        {
            core.Waiters.SignalReady(db.Index, key);
        }
        return true;
    }

    /// <summary>WATCH: registers <paramref name="token"/> on the key (an already-expired key is removed first).</summary>
    public static void Watch(Db db, byte[] key, WatchToken token)
    {
        int hash = KeyHash.Compute(key);
        var shard = db.ShardOf(hash);
        using (shard.Lock())
        {
            db.FindLive(shard, key, hash);
            (shard.Watches ??= new WatchTable()).Add(key, token);
        }
    }

    /// <summary>Removes a WATCH registration.</summary>
    public static void Unwatch(Db db, byte[] key, WatchToken token)
    {
        int hash = KeyHash.Compute(key);
        var shard = db.Shards[ShardIndex(db, hash)];
        using (shard.Lock())
        {
            shard.Watches?.Remove(key, token);
        }
    }

    private static int ShardIndex(Db db, int hash) => (int)((uint)hash >> (32 - System.Numerics.BitOperations.Log2((uint)db.Shards.Length)));
}
