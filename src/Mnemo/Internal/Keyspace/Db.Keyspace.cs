using Mnemo.Changes;
using Mnemo.Internal.Text;
using Mnemo.Internal.Transactions;

namespace Mnemo.Internal.Keyspace;

/// <summary>Whole-keyspace commands: KEYS, SCAN, FLUSHDB, FLUSHALL, SWAPDB (DBSIZE is <see cref="KeyCount"/>).</summary>
internal sealed partial class Db
{
    /// <summary>KEYS: every live key matching the glob <paramref name="pattern"/>, shard by shard.</summary>
    public List<byte[]> Keys(ReadOnlySpan<byte> pattern)
    {
        bool all = pattern.Length == 1 && pattern[0] == (byte)'*';
        var result = new List<byte[]>();
        foreach (var shard in _shards)
        {
            RequireHeld(shard);
            using (shard.Lock())
            {
                var table = shard.Table;
                long now = Core.NowMs();
                for (int i = 0; i < table.Used; i++)
                {
                    if (!table.IsLive(i))
                    {
                        continue;
                    }
                    ref Slot slot = ref table.At(i);
                    if (slot.ExpiresAt != 0 && slot.ExpiresAt <= now)
                    {
                        continue; // expired: invisible (the lookup or the active cycle reclaims it)
                    }
                    var key = KeyTable.KeyOf(in slot);
                    if (all || Glob.IsMatch(pattern, key))
                    {
                        result.Add(key.ToArray());
                    }
                }
            }
        }
        return result;
    }

    /// <summary>
    /// SCAN: one step of an iteration over the keys. The cursor holds the shard number in its high
    /// 32 bits and that shard's reverse-binary bucket cursor (<see cref="KeyTable.ScanBucket"/>) in
    /// the low 32, so a key present for the whole scan is returned at least once even when tables
    /// grow or shrink between calls. <paramref name="count"/> is a hint: about that many keys are
    /// sampled per call, then <paramref name="pattern"/> (null: all) and <paramref name="type"/>
    /// (0: any; either string encoding means "string") filter them, as in Redis. Returns the next
    /// cursor; 0 when the iteration is complete.
    /// </summary>
    public ulong Scan(ulong cursor, byte[]? pattern, int count, ValueKind type, List<byte[]> keys)
    {
        if (count < 1)
        {
            Throw(RedisErrors.Syntax);
        }
        if (pattern is [(byte)'*'])
        {
            pattern = null;
        }
        int shardIndex = (int)Math.Min(cursor >> 32, int.MaxValue);
        uint bucket = (uint)cursor;
        if (shardIndex >= _shards.Length)
        {
            return 0;
        }
        int sampled = 0;
        long iterations = count * 10L; // bounds the empty buckets visited per call, as Redis does
        var visited = new List<int>();
        while (true)
        {
            var shard = _shards[shardIndex];
            RequireHeld(shard);
            using (shard.Lock())
            {
                if (shard.Table.Count == 0)
                {
                    bucket = 0; // nothing here now, so nothing here for the whole scan
                }
                else
                {
                    bucket = ScanShard(shard, bucket, pattern, type, keys, visited, count, ref sampled, ref iterations);
                }
            }
            if (bucket != 0)
            {
                return ((ulong)shardIndex << 32) | bucket;
            }
            if (++shardIndex == _shards.Length)
            {
                return 0;
            }
            if (sampled >= count || iterations <= 0)
            {
                return (ulong)shardIndex << 32;
            }
        }
    }

    private uint ScanShard(Shard shard, uint bucket, byte[]? pattern, ValueKind type, List<byte[]> keys, List<int> visited,
        int count, ref int sampled, ref long iterations)
    {
        var table = shard.Table;
        long now = Core.NowMs();
        List<(byte[] Key, int Hash)>? expired = null;
        do
        {
            visited.Clear();
            bucket = table.ScanBucket(bucket, visited);
            foreach (int i in visited)
            {
                ref Slot slot = ref table.At(i);
                var key = KeyTable.KeyOf(in slot);
                if (slot.ExpiresAt != 0 && slot.ExpiresAt <= now)
                {
                    (expired ??= []).Add((key.ToArray(), slot.Hash));
                    continue;
                }
                sampled++;
                bool typeMatches = type == 0 || slot.Kind == type || (slot.IsString && type is ValueKind.StringRaw or ValueKind.StringInt);
                if (typeMatches && (pattern is null || Glob.IsMatch(pattern, key)))
                {
                    keys.Add(key.ToArray());
                }
            }
            iterations--;
        }
        while (bucket != 0 && sampled < count && iterations > 0);
        if (expired is not null)
        {
            // Reclaimed only after the buckets were read: removing may compact the table.
            foreach (var (key, hash) in expired)
            {
                FindLive(shard, key, hash);
            }
        }
        return bucket;
    }

    /// <summary>FLUSHDB: removes every key of this database.</summary>
    /// <exception cref="InvalidOperationException">Called inside a transaction that does not hold every shard of this database.</exception>
    public void FlushDatabase()
    {
        RequireWholeInTransaction(_shards, "FLUSHDB");
        using (ShardLocks.Enter(_shards))
        {
            foreach (var shard in _shards)
            {
                TouchWatchedKeys(shard.Table, shard, null);
                ReplaceTable(shard);
            }
            if (Effect(ChangeOp.FlushDb, 0) is { } w)
            {
                Publish(w);
            }
        }
    }

    /// <summary>FLUSHALL: removes every key of every database of the store.</summary>
    /// <exception cref="InvalidOperationException">Called inside a transaction that does not hold every shard of the store.</exception>
    public static void FlushAll(StoreCore core)
    {
        var shards = core.AllShards().ToArray();
        RequireWholeInTransaction(shards, "FLUSHALL");
        using (ShardLocks.Enter(shards))
        {
            foreach (var shard in shards)
            {
                TouchWatchedKeys(shard.Table, shard, null);
                ReplaceTable(shard);
            }
            var w = core.Changes.Writer();
            if (w is not null)
            {
                w.Begin(ChangeOp.FlushAll, 0, 0);
                core.Changes.Publish(w);
            }
        }
    }

    /// <summary>
    /// SWAPDB: exchanges the contents of two databases, shard table by shard table, under all their
    /// locks. WATCHes on keys that exist in either database are touched; readers blocked on a list
    /// or sorted-set key that now exists are woken.
    /// </summary>
    /// <exception cref="MnemoException">An index is out of range (<c>ERR DB index is out of range</c>).</exception>
    /// <exception cref="InvalidOperationException">Called inside a transaction that does not hold every shard of both databases.</exception>
    public static void SwapDatabases(StoreCore core, int first, int second)
    {
        var a = core.Database(first);
        var b = core.Database(second);
        Shard[] shards = [.. a._shards, .. b._shards];
        RequireWholeInTransaction(shards, "SWAPDB");
        if (ReferenceEquals(a, b))
        {
            return;
        }
        List<(Db Db, byte[] Key)>? ready = null;
        using (ShardLocks.Enter(shards))
        {
            var tx = Transaction.Current;
            for (int s = 0; s < a._shards.Length; s++)
            {
                Shard sa = a._shards[s], sb = b._shards[s];
                sa.PendingCapture?.CaptureWholeLocked(sa);
                sb.PendingCapture?.CaptureWholeLocked(sb);
                TouchWatchedKeys(sa.Table, sa, sb);
                TouchWatchedKeys(sb.Table, sa, sb);
                var table = sa.Table;
                Volatile.Write(ref sa.Table, sb.Table);
                Volatile.Write(ref sb.Table, table);
                tx?.RecordTablesSwapped(sa, sb);
            }
            if (core.Waiters.HasWaiters)
            {
                ready = [];
                a.CollectBlockingKinds(ready);
                b.CollectBlockingKinds(ready);
            }
            var w = core.Changes.Writer();
            if (w is not null)
            {
                w.Begin(ChangeOp.SwapDb, a.Index, 1).Arg((long)b.Index);
                core.Changes.Publish(w);
            }
        }
        foreach (var (db, key) in ready ?? [])
        {
            db.SignalKeyReady(key); // inside a transaction: deferred until it commits
        }
    }

    /// <summary>Empties a shard (its lock held); inside a transaction the old table is kept for rollback.</summary>
    private static void ReplaceTable(Shard shard)
    {
        shard.PendingCapture?.CaptureWholeLocked(shard);
        Transaction.Current?.RecordTableReplaced(shard, shard.Table);
        Volatile.Write(ref shard.Table, new KeyTable());
    }

    /// <summary>
    /// A whole-database operation may run inside a transaction only when the transaction already
    /// holds every shard it needs (MULTI/EXEC locks the whole store for FLUSHALL and SWAPDB, and
    /// the selected database for FLUSHDB; an embedded transaction over the whole database may
    /// FLUSHDB). Taking a missing lock late could deadlock, so it is refused.
    /// </summary>
    private static void RequireWholeInTransaction(Shard[] shards, string command)
    {
        if (Transaction.Current is { } tx && !Array.TrueForAll(shards, tx.Holds))
        {
            throw new InvalidOperationException(
                $"{command} inside a transaction needs the locks of every database it touches, and this transaction does not hold them.");
        }
    }

    /// <summary>Marks dirty the WATCHes (in <paramref name="first"/> and <paramref name="second"/>) on every key of <paramref name="table"/>.</summary>
    private static void TouchWatchedKeys(KeyTable table, Shard first, Shard? second)
    {
        if (first.Watches is not { Count: > 0 } && second?.Watches is not { Count: > 0 })
        {
            return;
        }
        for (int i = 0; i < table.Used; i++)
        {
            if (table.IsLive(i))
            {
                var key = KeyTable.KeyOf(in table.At(i));
                first.Watches?.Touch(key);
                second?.Watches?.Touch(key);
            }
        }
    }

    /// <summary>The list and sorted-set keys of this database (blocked readers may be waiting on them).</summary>
    private void CollectBlockingKinds(List<(Db Db, byte[] Key)> keys)
    {
        foreach (var shard in _shards)
        {
            var table = shard.Table;
            for (int i = 0; i < table.Used; i++)
            {
                if (table.IsLive(i) && table.At(i).Kind is ValueKind.List or ValueKind.SortedSet)
                {
                    keys.Add((this, KeyTable.KeyOf(in table.At(i)).ToArray()));
                }
            }
        }
    }
}
