using Mnemo.Changes;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>Sorted-set commands: ZADD, ZINCRBY, ZREM, ZSCORE, ZMSCORE, ZCARD, ZCOUNT, ZLEXCOUNT.</summary>
/// <remarks>Ranges are in <c>Db.SortedSets.Ranges.cs</c>, pops and scans in <c>Db.SortedSets.Pop.cs</c>, set algebra in <c>Db.SortedSets.Combine.cs</c>.</remarks>
internal sealed partial class Db
{
    /// <summary>
    /// True when <paramref name="member"/> is in the sorted set at <paramref name="key"/> with exactly
    /// <paramref name="score"/>: a plain ZADD of it changes nothing and answers 0, so the server
    /// answers without copying the arguments. WRONGTYPE as ZADD would.
    /// </summary>
    public bool SortedSetHasScore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> member, double score)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            return i >= 0
                && Expect<SortedSetValue>(ref shard.Table.At(i), ValueKind.SortedSet).TryGetScore(member, out double current)
                && current == score;
        }
    }

    /// <summary>
    /// ZADD with its flags. Validation follows Redis's order: arguments, option conflicts, scores,
    /// then the key's type. Scores that are NaN are refused as Redis refuses the text "nan".
    /// </summary>
    public ZAddResult SortedSetAdd(ReadOnlySpan<byte> key, ZAddFlags flags, IReadOnlyList<ScoredMember> entries)
    {
        ValidateZAdd(flags, entries);
        bool nx = (flags & ZAddFlags.Nx) != 0, xx = (flags & ZAddFlags.Xx) != 0;
        bool gt = (flags & ZAddFlags.Gt) != 0, lt = (flags & ZAddFlags.Lt) != 0;
        bool incr = (flags & ZAddFlags.Incr) != 0;
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        bool created = false;
        ZAddResult result;
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            SortedSetValue? zset = null;
            if (i >= 0)
            {
                zset = Expect<SortedSetValue>(ref shard.Table.At(i), ValueKind.SortedSet);
                // INCR can make NaN (inf + -inf): refuse before changing anything.
                if (incr && !nx && zset.Find(entries[0].Member) is { } current && double.IsNaN(current.Score + entries[0].Score))
                {
                    Throw(RedisErrors.ScoreNaN);
                }
            }
            else if (xx)
            {
                return new ZAddResult(0, null);
            }
            long added = 0, updated = 0;
            double? score = null;
            List<ScoredMember>? changes = null;
            foreach (var (value, member) in entries)
            {
                var node = zset?.Find(member);
                double newScore = value;
                if (node is not null)
                {
                    if (nx)
                    {
                        continue;
                    }
                    if (incr)
                    {
                        newScore += node.Score;
                    }
                    if ((lt && newScore >= node.Score) || (gt && newScore <= node.Score))
                    {
                        continue;
                    }
                    score = newScore;
                    if (newScore == node.Score)
                    {
                        continue;
                    }
                }
                else if (xx)
                {
                    continue;
                }
                if (changes is null)
                {
                    BeforeWrite(shard, key, i);
                    if (zset is null)
                    {
                        zset = new SortedSetValue(key.ToArray());
                        i = shard.Table.Add(hash, zset, ValueKind.SortedSet);
                        created = true;
                    }
                    changes = [];
                }
                if (node is null)
                {
                    zset!.Add(member, newScore);
                    added++;
                }
                else
                {
                    zset!.SetScore(node, newScore);
                    updated++;
                }
                score = newScore;
                changes.Add(new ScoredMember(newScore, member));
            }
            if (changes is not null)
            {
                RecordAdds(key, changes);
            }
            result = incr ? new ZAddResult(0, score) : new ZAddResult((flags & ZAddFlags.Ch) != 0 ? added + updated : added, null);
        }
        if (created)
        {
            SignalKeyReady(key);
        }
        return result;
    }

    /// <summary>Records members added or rescored, with their absolute scores.</summary>
    private void RecordAdds(ReadOnlySpan<byte> key, List<ScoredMember> changes)
    {
        if (Effect(ChangeOp.SortedSetAdd, 1 + (2 * changes.Count)) is { } w)
        {
            w.Arg(key);
            foreach (var (score, member) in changes)
            {
                w.Arg(score).Arg(member);
            }
            Publish(w);
        }
    }

    private static void ValidateZAdd(ZAddFlags flags, IReadOnlyList<ScoredMember> entries)
    {
        ValidateZAddOptions(flags, entries.Count);
        foreach (var entry in entries)
        {
            if (double.IsNaN(entry.Score))
            {
                Throw(RedisErrors.NotFloat);
            }
        }
    }

    /// <summary>ZADD's checks on its options and pair count, in Redis's order (before scores are parsed).</summary>
    internal static void ValidateZAddOptions(ZAddFlags flags, int pairs)
    {
        if (pairs == 0)
        {
            Throw(RedisErrors.Syntax);
        }
        if ((flags & (ZAddFlags.Nx | ZAddFlags.Xx)) == (ZAddFlags.Nx | ZAddFlags.Xx))
        {
            Throw(RedisErrors.ZAddXxNx);
        }
        bool nx = (flags & ZAddFlags.Nx) != 0, gt = (flags & ZAddFlags.Gt) != 0, lt = (flags & ZAddFlags.Lt) != 0;
        if ((gt && nx) || (lt && nx) || (gt && lt))
        {
            Throw(RedisErrors.ZAddGtLtNx);
        }
        if ((flags & ZAddFlags.Incr) != 0 && pairs > 1)
        {
            Throw(RedisErrors.ZAddIncrPair);
        }
    }

    /// <summary>ZINCRBY: the member's new score (a missing key or member starts at 0).</summary>
    public double SortedSetIncrement(ReadOnlySpan<byte> key, ReadOnlySpan<byte> member, double increment) =>
        SortedSetAdd(key, ZAddFlags.Incr, [new ScoredMember(increment, member.ToArray())]).Score!.Value;

    /// <summary>ZREM: the number of members removed; an emptied set is deleted.</summary>
    public long SortedSetRemove(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> members)
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
            List<byte[]>? removed = null;
            foreach (var member in members)
            {
                if (zset.Find(member) is not { } node)
                {
                    continue;
                }
                if (removed is null)
                {
                    BeforeWrite(shard, key, i);
                    removed = [];
                }
                zset.Remove(node);
                removed.Add(node.Member);
            }
            if (removed is null)
            {
                return 0;
            }
            FinishRemoval(shard, key, i, zset, removed);
            return removed.Count;
        }
    }

    /// <summary>Deletes an emptied set and records the removal (whose replay also deletes it).</summary>
    private void FinishRemoval(Shard shard, ReadOnlySpan<byte> key, int index, SortedSetValue zset, List<byte[]> removed)
    {
        if (zset.Count == 0)
        {
            RemoveEntry(shard, index);
        }
        if (Effect(ChangeOp.SortedSetRemove, 1 + removed.Count) is { } w)
        {
            w.Arg(key);
            foreach (var member in removed)
            {
                w.Arg(member);
            }
            Publish(w);
        }
    }

    /// <summary>ZSCORE: the member's score, or null.</summary>
    public double? SortedSetScore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> member)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var zset = ReadSortedSet(shard, key, hash);
            return zset is not null && zset.TryGetScore(member, out double score) ? score : null;
        }
    }

    /// <summary>ZMSCORE: one score (or null) per member.</summary>
    public double?[] SortedSetScores(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> members)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var zset = ReadSortedSet(shard, key, hash);
            var result = new double?[members.Count];
            for (int m = 0; m < members.Count; m++)
            {
                if (zset is not null && zset.TryGetScore(members[m], out double score))
                {
                    result[m] = score;
                }
            }
            return result;
        }
    }

    /// <summary>ZCARD.</summary>
    public long SortedSetLength(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return ReadSortedSet(shard, key, hash)?.Count ?? 0;
        }
    }

    /// <summary>ZCOUNT.</summary>
    public long SortedSetCount(ReadOnlySpan<byte> key, in ScoreRange range)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return ReadSortedSet(shard, key, hash)?.CountInRange(range) ?? 0;
        }
    }

    /// <summary>ZLEXCOUNT.</summary>
    public long SortedSetLexCount(ReadOnlySpan<byte> key, in LexRange range)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return ReadSortedSet(shard, key, hash)?.CountInLexRange(range) ?? 0;
        }
    }

    /// <summary>The sorted set at a key for a read command (null when missing; WRONGTYPE otherwise).</summary>
    private SortedSetValue? ReadSortedSet(Shard shard, ReadOnlySpan<byte> key, int hash)
    {
        int i = FindRead(shard, key, hash);
        return i < 0 ? null : Expect<SortedSetValue>(ref shard.Table.At(i), ValueKind.SortedSet);
    }

    /// <summary>A copy of a member for a reply.</summary>
    private static SortedSetEntry EntryOf(SortedSetNode node) => new(MnemoValue.FromBytes(node.Member), node.Score);
}
