using Mnemo.Internal.Text;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>What a multi-key sorted-set pop took: from which of the given keys, the members, and how many remain there.</summary>
internal sealed record SortedSetPopped(int KeyIndex, SortedSetEntry[] Entries, int Remaining);

/// <summary>Sorted-set pops, random members and ZSCAN.</summary>
internal sealed partial class Db
{
    /// <summary>ZPOPMIN / ZPOPMAX: up to <paramref name="count"/> members from one end, recorded as their removal.</summary>
    public SortedSetEntry[] SortedSetPop(ReadOnlySpan<byte> key, long count, bool max)
    {
        if (count < 0)
        {
            Throw(RedisErrors.MustBePositive);
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0)
            {
                return [];
            }
            var zset = Expect<SortedSetValue>(ref shard.Table.At(i), ValueKind.SortedSet);
            return count == 0 ? [] : PopLocked(shard, key, i, zset, count, max); // Redis checks the type before a zero count
        }
    }

    /// <summary>
    /// ZMPOP (and the pop of BZPOPMIN, BZPOPMAX, BZMPOP): pops up to <paramref name="count"/> members
    /// from one end of the first existing key, checking the keys in order under all their locks.
    /// Null when every key is missing. A key of another type is WRONGTYPE, unless
    /// <paramref name="skipWrongType"/> (a blocked reader retrying: Redis serves it only from sorted sets).
    /// </summary>
    public SortedSetPopped? SortedSetPopFirst(IReadOnlyList<byte[]> keys, bool max, long count, bool skipWrongType = false)
    {
        if (keys.Count == 0)
        {
            Throw(RedisErrors.NumKeysPositive);
        }
        if (count <= 0)
        {
            Throw(RedisErrors.CountGreaterThanZero);
        }
        var shards = ShardsOf(keys, out var hashes);
        using (ShardLocks.Enter(shards))
        {
            for (int k = 0; k < keys.Count; k++)
            {
                int i = FindLive(shards[k], keys[k], hashes[k]);
                if (i < 0 || (skipWrongType && shards[k].Table.At(i).Kind != ValueKind.SortedSet))
                {
                    continue;
                }
                var zset = Expect<SortedSetValue>(ref shards[k].Table.At(i), ValueKind.SortedSet);
                var entries = PopLocked(shards[k], keys[k], i, zset, count, max);
                return new SortedSetPopped(k, entries, zset.Count);
            }
            return null;
        }
    }

    /// <summary>Pops up to <paramref name="count"/> (at least 1) members, records their removal and deletes an emptied set.</summary>
    private SortedSetEntry[] PopLocked(Shard shard, ReadOnlySpan<byte> key, int index, SortedSetValue zset, long count, bool max)
    {
        int n = (int)Math.Min(count, zset.Count);
        var result = new SortedSetEntry[n];
        var removed = new List<byte[]>(n);
        BeforeWrite(shard, key, index);
        for (int p = 0; p < n; p++)
        {
            var node = max ? zset.Last! : zset.First!;
            zset.Remove(node);
            result[p] = new SortedSetEntry(MnemoValue.FromBytes(node.Member), node.Score);
            removed.Add(node.Member);
        }
        FinishRemoval(shard, key, index, zset, removed);
        return result;
    }

    /// <summary>
    /// ZRANDMEMBER with a count: distinct members when positive (at most the set's size), and
    /// |count| members possibly repeated when negative. Chosen by rank, O(log n) each.
    /// </summary>
    public SortedSetEntry[] SortedSetRandomMembers(ReadOnlySpan<byte> key, long count, bool withScores)
    {
        if (count == long.MinValue)
        {
            Throw(RedisErrors.ValueOutOfRangeLong);
        }
        if (withScores && (count < -(long.MaxValue / 2) || count > long.MaxValue / 2))
        {
            Throw(RedisErrors.ValueOutOfRange);
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var zset = ReadSortedSet(shard, key, hash);
            if (zset is null || count == 0)
            {
                return [];
            }
            int size = zset.Count;
            if (count < 0)
            {
                if (-count > Array.MaxLength)
                {
                    Throw(RedisErrors.ValueOutOfRange);
                }
                var repeated = new SortedSetEntry[-count];
                for (long r = 0; r < repeated.Length; r++)
                {
                    repeated[r] = EntryOf(zset.AtRank(Random.Shared.Next(size))!);
                }
                return repeated;
            }
            if (count >= size)
            {
                var all = new SortedSetEntry[size];
                int a = 0;
                for (var node = zset.First; node is not null; node = node.Next)
                {
                    all[a++] = EntryOf(node);
                }
                return all;
            }
            // Distinct ranks: a partial Fisher-Yates over [0, size) for dense picks, a set of ranks for sparse ones.
            int n = (int)count;
            var result = new SortedSetEntry[n];
            if (n * 3L > size)
            {
                var ranks = new int[size];
                for (int r = 0; r < size; r++)
                {
                    ranks[r] = r;
                }
                for (int r = 0; r < n; r++)
                {
                    int pick = Random.Shared.Next(r, size);
                    (ranks[r], ranks[pick]) = (ranks[pick], ranks[r]);
                    result[r] = EntryOf(zset.AtRank(ranks[r])!);
                }
                return result;
            }
            var chosen = new HashSet<int>();
            int filled = 0;
            while (filled < n)
            {
                int rank = Random.Shared.Next(size);
                if (chosen.Add(rank))
                {
                    result[filled++] = EntryOf(zset.AtRank(rank)!);
                }
            }
            return result;
        }
    }

    /// <summary>ZRANDMEMBER without a count: one random member, or null when the key is missing.</summary>
    public SortedSetEntry? SortedSetRandomMember(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var zset = ReadSortedSet(shard, key, hash);
            return zset is null ? null : EntryOf(zset.AtRank(Random.Shared.Next(zset.Count))!);
        }
    }

    /// <summary>
    /// ZSCAN: visits buckets of the member table from <paramref name="cursor"/> until about
    /// <paramref name="count"/> members were seen, then filters them by <paramref name="pattern"/>
    /// (null = all). Returns the next cursor (0 when done). A member present for the whole scan is
    /// returned at least once.
    /// </summary>
    public (ulong Cursor, SortedSetEntry[] Entries) SortedSetScan(ReadOnlySpan<byte> key, ulong cursor, ReadOnlySpan<byte> pattern, bool hasPattern, long count)
    {
        if (count < 1)
        {
            Throw(RedisErrors.Syntax);
        }
        bool matchAll = !hasPattern || pattern.SequenceEqual("*"u8);
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var zset = ReadSortedSet(shard, key, hash);
            if (zset is null)
            {
                return (0, []);
            }
            var visited = new List<SortedSetNode>();
            uint next = (uint)cursor;
            long iterations = count * 10;
            do
            {
                next = zset.ScanBucket(next, visited);
            }
            while (next != 0 && --iterations > 0 && visited.Count < count);
            var entries = new List<SortedSetEntry>(visited.Count);
            foreach (var node in visited)
            {
                if (matchAll || Glob.IsMatch(pattern, node.Member))
                {
                    entries.Add(EntryOf(node));
                }
            }
            return (next, entries.ToArray());
        }
    }
}
