using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>Sorted-set algebra: ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD.</summary>
/// <remarks>
/// Inputs are sorted sets or plain sets (every member scored 1, as Redis reads them); a missing
/// key is an empty input; any other type is WRONGTYPE.
/// </remarks>
internal sealed partial class Db
{
    /// <summary>ZUNION / ZINTER / ZDIFF: the combined members, ordered by score then member.</summary>
    public SortedSetEntry[] SortedSetCombine(ZSetOperation operation, IReadOnlyList<byte[]> keys, double[]? weights, ZAggregate aggregate)
    {
        ValidateCombine(operation, keys, weights, aggregate, store: false);
        var shards = ShardsOf(keys, out var hashes);
        List<ScoredMember> result;
        using (ShardLocks.Enter(shards))
        {
            result = Combine(operation, Inputs(shards, keys, hashes, read: true), weights, aggregate);
        }
        result.Sort(static (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Member.AsSpan().SequenceCompareTo(b.Member));
        var entries = new SortedSetEntry[result.Count];
        for (int e = 0; e < entries.Length; e++)
        {
            entries[e] = new SortedSetEntry(MnemoValue.FromBytes(result[e].Member), result[e].Score);
        }
        return entries;
    }

    /// <summary>ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE: replaces <paramref name="destination"/> (deleted when the result is empty); returns the result's size.</summary>
    public long SortedSetCombineStore(ZSetOperation operation, ReadOnlySpan<byte> destination, IReadOnlyList<byte[]> keys, double[]? weights, ZAggregate aggregate)
    {
        ValidateCombine(operation, keys, weights, aggregate, store: true);
        var shards = ShardsOf(keys, out var hashes);
        int dstHash = KeyHash.Compute(destination);
        var dstShard = ShardOf(dstHash);
        long stored;
        using (ShardLocks.Enter([.. shards, dstShard]))
        {
            var result = Combine(operation, Inputs(shards, keys, hashes, read: false), weights, aggregate);
            stored = StoreSortedSet(dstShard, destination, dstHash, result);
        }
        if (stored > 0)
        {
            SignalKeyReady(destination);
        }
        return stored;
    }

    /// <summary>ZINTERCARD: the size of the intersection, counting up to <paramref name="limit"/> (0 = no limit).</summary>
    public long SortedSetIntersectionCardinality(IReadOnlyList<byte[]> keys, long limit)
    {
        if (keys.Count == 0)
        {
            Throw(RedisErrors.NumKeysPositive);
        }
        if (limit < 0)
        {
            Throw(RedisErrors.LimitNegative);
        }
        var shards = ShardsOf(keys, out var hashes);
        using (ShardLocks.Enter(shards))
        {
            var inputs = Inputs(shards, keys, hashes, read: true);
            if (inputs.Any(static z => z is null))
            {
                return 0;
            }
            var sorted = inputs.Select(static z => z!).OrderBy(static z => z.Count).ToArray();
            long count = 0;
            foreach (var (member, _) in sorted[0].Members())
            {
                bool everywhere = true;
                for (int s = 1; s < sorted.Length && everywhere; s++)
                {
                    everywhere = sorted[s].TryGetScore(member, out _);
                }
                if (everywhere && ++count == limit)
                {
                    break;
                }
            }
            return count;
        }
    }

    private static void ValidateCombine(ZSetOperation operation, IReadOnlyList<byte[]> keys, double[]? weights, ZAggregate aggregate, bool store)
    {
        if (keys.Count == 0)
        {
            string name = operation switch { ZSetOperation.Union => "zunion", ZSetOperation.Inter => "zinter", _ => "zdiff" };
            Throw(RedisErrors.InputKeyNeeded(store ? name + "store" : name));
        }
        if (operation == ZSetOperation.Diff && (weights is not null || aggregate != ZAggregate.Sum))
        {
            Throw(RedisErrors.Syntax); // ZDIFF takes neither WEIGHTS nor AGGREGATE
        }
        if (weights is not null)
        {
            if (weights.Length != keys.Count)
            {
                Throw(RedisErrors.Syntax);
            }
            foreach (double weight in weights)
            {
                if (double.IsNaN(weight))
                {
                    Throw(RedisErrors.WeightNotFloat);
                }
            }
        }
    }

    private Shard[] ShardsOf(IReadOnlyList<byte[]> keys, out int[] hashes)
    {
        var shards = new Shard[keys.Count];
        hashes = new int[keys.Count];
        for (int k = 0; k < keys.Count; k++)
        {
            hashes[k] = KeyHash.Compute(keys[k]);
            shards[k] = ShardOf(hashes[k]);
        }
        return shards;
    }

    /// <summary>The inputs (null for a missing key): sorted sets or plain sets; WRONGTYPE for any other type. Locks are held.</summary>
    private ZInput?[] Inputs(Shard[] shards, IReadOnlyList<byte[]> keys, int[] hashes, bool read)
    {
        var inputs = new ZInput?[keys.Count];
        for (int k = 0; k < keys.Count; k++)
        {
            int i = read ? FindRead(shards[k], keys[k], hashes[k]) : FindLive(shards[k], keys[k], hashes[k]);
            if (i >= 0)
            {
                ref var slot = ref shards[k].Table.At(i);
                inputs[k] = slot.Kind == ValueKind.Set
                    ? new ZInput(null, Expect<SetValue>(ref slot, ValueKind.Set))
                    : new ZInput(Expect<SortedSetValue>(ref slot, ValueKind.SortedSet), null);
            }
        }
        return inputs;
    }

    /// <summary>Redis's zunionInterDiffGenericCommand: inputs walked by ascending size; weighted NaN (inf * 0) reads as 0.</summary>
    private static List<ScoredMember> Combine(ZSetOperation operation, ZInput?[] inputs, double[]? weights, ZAggregate aggregate)
    {
        var result = new List<ScoredMember>();
        if (operation == ZSetOperation.Diff)
        {
            if (inputs[0] is not { } first)
            {
                return result;
            }
            foreach (var (member, score) in first.Members())
            {
                bool elsewhere = false;
                for (int s = 1; s < inputs.Length && !elsewhere; s++)
                {
                    elsewhere = inputs[s]?.TryGetScore(member, out _) == true;
                }
                if (!elsewhere)
                {
                    result.Add(new ScoredMember(score, member));
                }
            }
            return result;
        }
        var order = Enumerable.Range(0, inputs.Length).OrderBy(s => inputs[s]?.Count ?? 0).ToArray();
        if (operation == ZSetOperation.Inter)
        {
            if (inputs[order[0]] is not { } smallest || smallest.Count == 0)
            {
                return result;
            }
            foreach (var (member, first) in smallest.Members())
            {
                double score = Weighted(first, weights, order[0]);
                bool everywhere = true;
                for (int o = 1; o < order.Length && everywhere; o++)
                {
                    if (inputs[order[o]] is { } other && other.TryGetScore(member, out double otherScore))
                    {
                        score = Aggregated(score, Weighted(otherScore, weights, order[o]), aggregate);
                    }
                    else
                    {
                        everywhere = false;
                    }
                }
                if (everywhere)
                {
                    result.Add(new ScoredMember(score, member));
                }
            }
            return result;
        }
        var union = new Dictionary<byte[], double>(ByteArrayComparer.Instance);
        foreach (int s in order)
        {
            if (inputs[s] is not { } input)
            {
                continue;
            }
            foreach (var (member, value) in input.Members())
            {
                double score = Weighted(value, weights, s);
                union[member] = union.TryGetValue(member, out double current) ? Aggregated(current, score, aggregate) : score;
            }
        }
        foreach (var (member, score) in union)
        {
            result.Add(new ScoredMember(score, member));
        }
        return result;
    }

    private static double Weighted(double score, double[]? weights, int input)
    {
        double value = weights is null ? score : weights[input] * score;
        return double.IsNaN(value) ? 0 : value;
    }

    private static double Aggregated(double current, double value, ZAggregate aggregate)
    {
        switch (aggregate)
        {
            case ZAggregate.Min:
                return value < current ? value : current;
            case ZAggregate.Max:
                return value > current ? value : current;
            default:
                double sum = current + value;
                return double.IsNaN(sum) ? 0 : sum; // inf + -inf gives 0, as in Redis
        }
    }

    /// <summary>One input of the set algebra: a sorted set, or a plain set whose members all score 1 (as Redis reads them).</summary>
    private sealed class ZInput(SortedSetValue? sorted, SetValue? set)
    {
        public int Count => sorted?.Count ?? set!.Count;

        /// <summary>The members (the stored arrays) with their scores: by score for a sorted set, in table order for a set.</summary>
        public IEnumerable<(byte[] Member, double Score)> Members()
        {
            if (sorted is not null)
            {
                for (var node = sorted.First; node is not null; node = node.Next)
                {
                    yield return (node.Member, node.Score);
                }
                yield break;
            }
            for (int m = 0; m < set!.Count; m++)
            {
                yield return (set.At(m), 1);
            }
        }

        public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
        {
            if (sorted is not null)
            {
                return sorted.TryGetScore(member, out score);
            }
            score = 1;
            return set!.Contains(member);
        }
    }
}
