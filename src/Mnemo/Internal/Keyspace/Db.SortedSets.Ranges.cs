using Mnemo.Changes;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>Sorted-set ranges: ZRANGE (all forms), ZRANGESTORE, ZRANK/ZREVRANK, ZREMRANGEBY*.</summary>
internal sealed partial class Db
{
    /// <summary>ZRANGE, ZREVRANGE, ZRANGEBYSCORE, ZRANGEBYLEX and their REV forms.</summary>
    public SortedSetEntry[] SortedSetRange(ReadOnlySpan<byte> key, in ZRangeQuery query)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var zset = ReadSortedSet(shard, key, hash);
            if (zset is null)
            {
                return [];
            }
            var nodes = Select(zset, query);
            var result = new SortedSetEntry[nodes.Count];
            for (int n = 0; n < nodes.Count; n++)
            {
                result[n] = EntryOf(nodes[n]);
            }
            return result;
        }
    }

    /// <summary>ZRANGESTORE: stores the selection at <paramref name="destination"/> (deleting it when empty); returns its size.</summary>
    public long SortedSetRangeStore(ReadOnlySpan<byte> destination, ReadOnlySpan<byte> source, in ZRangeQuery query)
    {
        int srcHash = KeyHash.Compute(source), dstHash = KeyHash.Compute(destination);
        Shard srcShard = ShardOf(srcHash), dstShard = ShardOf(dstHash);
        long stored;
        using (ShardLocks.Enter(srcShard, dstShard))
        {
            int i = FindLive(srcShard, source, srcHash);
            var result = new List<ScoredMember>();
            if (i >= 0)
            {
                var zset = Expect<SortedSetValue>(ref srcShard.Table.At(i), ValueKind.SortedSet);
                foreach (var node in Select(zset, query))
                {
                    result.Add(new ScoredMember(node.Score, node.Member.ToArray()));
                }
            }
            stored = StoreSortedSet(dstShard, destination, dstHash, result);
        }
        if (stored > 0)
        {
            SignalKeyReady(destination);
        }
        return stored;
    }

    /// <summary>
    /// Replaces <paramref name="key"/> (of any type; its TTL goes) with a sorted set of
    /// <paramref name="members"/> (distinct, arrays given up), or deletes it when there are none.
    /// Recorded as Delete (when the key existed) + SortedSetAdd in one batch.
    /// </summary>
    private long StoreSortedSet(Shard shard, ReadOnlySpan<byte> key, int hash, List<ScoredMember> members)
    {
        int i = FindLive(shard, key, hash);
        if (members.Count == 0 && i < 0)
        {
            return 0;
        }
        BeforeWrite(shard, key, i);
        var w = Core.Changes.Writer();
        if (i >= 0)
        {
            RemoveEntry(shard, i);
            w?.Begin(ChangeOp.Delete, Index, 1).Arg(key);
        }
        if (members.Count > 0)
        {
            var zset = new SortedSetValue(key.ToArray());
            foreach (var (score, member) in members)
            {
                zset.Add(member, score);
            }
            shard.Table.Add(hash, zset, ValueKind.SortedSet);
            w?.Begin(ChangeOp.SortedSetAdd, Index, 1 + (2 * members.Count)).Arg(key);
            foreach (var (score, member) in members)
            {
                w?.Arg(score).Arg(member);
            }
        }
        if (w is not null)
        {
            Publish(w);
        }
        return members.Count;
    }

    /// <summary>ZRANK / ZREVRANK (with the score for WITHSCORE); null when the key or member is missing.</summary>
    public (long Rank, double Score)? SortedSetRank(ReadOnlySpan<byte> key, ReadOnlySpan<byte> member, bool reverse)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            if (ReadSortedSet(shard, key, hash) is not { } zset || zset.Find(member) is not { } node)
            {
                return null;
            }
            long rank = zset.RankOf(node);
            return (reverse ? zset.Count - 1 - rank : rank, node.Score);
        }
    }

    /// <summary>ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX (the query's direction and LIMIT are not used).</summary>
    public long SortedSetRemoveRange(ReadOnlySpan<byte> key, in ZRangeQuery query)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0)
            {
                return 0;
            }
            var zset = Expect<SortedSetValue>(ref shard.Table.At(i), ValueKind.SortedSet);
            var nodes = Select(zset, query with { Reverse = false, Offset = 0, Count = -1 });
            if (nodes.Count == 0)
            {
                return 0;
            }
            BeforeWrite(shard, key, i);
            var removed = new List<byte[]>(nodes.Count);
            foreach (var node in nodes)
            {
                zset.Remove(node);
                removed.Add(node.Member);
            }
            FinishRemoval(shard, key, i, zset, removed);
            return removed.Count;
        }
    }

    /// <summary>The nodes a query selects, in its walking order.</summary>
    private static List<SortedSetNode> Select(SortedSetValue zset, in ZRangeQuery query)
    {
        var result = new List<SortedSetNode>();
        long length = zset.Count;
        if (query.By == ZRangeBy.Rank)
        {
            long start = query.Start < 0 ? length + query.Start : query.Start;
            long end = query.Stop < 0 ? length + query.Stop : query.Stop;
            start = Math.Max(start, 0);
            if (start > end || start >= length)
            {
                return result;
            }
            end = Math.Min(end, length - 1);
            var node = zset.AtRank(query.Reverse ? length - 1 - start : start);
            for (long n = end - start + 1; n > 0 && node is not null; n--)
            {
                result.Add(node);
                node = query.Reverse ? node.Backward : node.Next;
            }
            return result;
        }
        // LIMIT: a negative offset or an offset past the end selects nothing; count 0 nothing, < 0 all.
        if (query.Offset < 0 || query.Count == 0 || (query.Offset > 0 && query.Offset >= length))
        {
            return result;
        }
        bool byScore = query.By == ZRangeBy.Score;
        var score = query.Score;
        var lex = query.Lex;
        var first = byScore
            ? (query.Reverse ? zset.LastInRange(score) : zset.FirstInRange(score))
            : (query.Reverse ? zset.LastInLexRange(lex) : zset.FirstInLexRange(lex));
        if (first is null)
        {
            return result;
        }
        if (query.Offset > 0)
        {
            long rank = zset.RankOf(first) + (query.Reverse ? -query.Offset : query.Offset);
            first = zset.AtRank(rank);
        }
        long remaining = query.Count;
        for (var node = first; node is not null && remaining != 0; remaining--)
        {
            bool inside = byScore
                ? (query.Reverse ? score.GteMin(node.Score) : score.LteMax(node.Score))
                : (query.Reverse ? lex.GteMin(node.Member) : lex.LteMax(node.Member));
            if (!inside)
            {
                break;
            }
            result.Add(node);
            node = query.Reverse ? node.Backward : node.Next;
        }
        return result;
    }
}
