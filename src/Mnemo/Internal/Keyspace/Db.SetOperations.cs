using Mnemo.Changes;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>Set commands over several keys: SMOVE, SINTER/SUNION/SDIFF (and STORE), SINTERCARD.</summary>
internal sealed partial class Db
{
    public bool SetMove(byte[] source, byte[] destination, ReadOnlySpan<byte> member)
    {
        int sourceHash = KeyHash.Compute(source);
        int destinationHash = KeyHash.Compute(destination);
        var sourceShard = ShardOf(sourceHash);
        var destinationShard = ShardOf(destinationHash);
        using (ShardLocks.Enter(sourceShard, destinationShard))
        {
            int s = FindLive(sourceShard, source, sourceHash);
            int d = FindLive(destinationShard, destination, destinationHash);
            if (s < 0)
            {
                return false; // Redis answers 0 before looking at the destination's type
            }
            // FindLive on the destination may have expired it and compacted the shard: find the source again.
            s = sourceShard.Table.Find(source, sourceHash);
            var from = Expect<SetValue>(ref sourceShard.Table.At(s), ValueKind.Set);
            if (d >= 0)
            {
                Expect<SetValue>(ref destinationShard.Table.At(d), ValueKind.Set);
            }
            if (source.AsSpan().SequenceEqual(destination))
            {
                return from.Contains(member);
            }
            if (!from.Contains(member))
            {
                return false;
            }
            BeforeWrite(sourceShard, source, s);
            from.Remove(member);
            if (from.Count == 0)
            {
                RemoveEntry(sourceShard, s);
                // Removing may compact the shard's table: look the destination up again.
                d = destinationShard.Table.Find(destination, destinationHash);
            }
            BeforeWrite(destinationShard, destination, d);
            SetValue to;
            if (d < 0)
            {
                to = new SetValue((byte[])destination.Clone());
                destinationShard.Table.Add(destinationHash, to, ValueKind.Set);
            }
            else
            {
                to = (SetValue)destinationShard.Table.At(d).Item!;
            }
            bool added = to.Add(member);
            var w = Core.Changes.Writer();
            w?.Begin(ChangeOp.SetRemove, Index, 2).Arg(source).Arg(member);
            if (added)
            {
                w?.Begin(ChangeOp.SetAdd, Index, 2).Arg(destination).Arg(member);
            }
            if (w is not null)
            {
                Publish(w);
            }
            return true;
        }
    }

    /// <summary>SINTER / SUNION / SDIFF: a missing key counts as an empty set; every key must hold a set.</summary>
    public MnemoValue[] SetCombine(SetOperation operation, IReadOnlyList<byte[]> keys)
    {
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one key is required.", nameof(keys));
        }
        var (shards, hashes) = LocateSetKeys(keys);
        using (ShardLocks.Enter(shards))
        {
            var sets = new SetValue?[keys.Count];
            for (int k = 0; k < keys.Count; k++)
            {
                sets[k] = ReadSet(shards[k], keys[k], hashes[k]);
            }
            var combined = CombineSets(operation, sets);
            var result = new MnemoValue[combined.Count];
            for (int m = 0; m < result.Length; m++)
            {
                result[m] = MnemoValue.FromBytes(combined[m]);
            }
            return result;
        }
    }

    /// <summary>
    /// SINTERSTORE / SUNIONSTORE / SDIFFSTORE: the destination is overwritten whatever it held;
    /// an empty result deletes it. Returns the result's size.
    /// </summary>
    public long SetCombineAndStore(SetOperation operation, byte[] destination, IReadOnlyList<byte[]> keys)
    {
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one key is required.", nameof(keys));
        }
        var (shards, hashes) = LocateSetKeys(keys);
        int destinationHash = KeyHash.Compute(destination);
        var destinationShard = ShardOf(destinationHash);
        using (ShardLocks.Enter([.. shards, destinationShard]))
        {
            var sets = new SetValue?[keys.Count];
            for (int k = 0; k < keys.Count; k++)
            {
                int i = FindLive(shards[k], keys[k], hashes[k]);
                sets[k] = i < 0 ? null : Expect<SetValue>(ref shards[k].Table.At(i), ValueKind.Set);
            }
            var combined = CombineSets(operation, sets);
            int d = FindLive(destinationShard, destination, destinationHash);
            if (d < 0 && combined.Count == 0)
            {
                return 0;
            }
            BeforeWrite(destinationShard, destination, d);
            var w = Core.Changes.Writer();
            if (d >= 0)
            {
                RemoveEntry(destinationShard, d);
                w?.Begin(ChangeOp.Delete, Index, 1).Arg(destination);
            }
            if (combined.Count > 0)
            {
                // Stored member arrays are never modified in place, so the new set may share them.
                var result = new SetValue((byte[])destination.Clone());
                foreach (var member in combined)
                {
                    result.Members.AddNew(member, null);
                }
                destinationShard.Table.Add(destinationHash, result, ValueKind.Set);
                w?.Begin(ChangeOp.SetAdd, Index, 1 + combined.Count).Arg(destination);
                foreach (var member in combined)
                {
                    w?.Arg(member);
                }
            }
            if (w is not null)
            {
                Publish(w);
            }
            return combined.Count;
        }
    }

    /// <summary>SINTERCARD: the size of the intersection, counting stops at <paramref name="limit"/> (0 = no limit).</summary>
    public long SetIntersectionLength(IReadOnlyList<byte[]> keys, long limit)
    {
        if (keys.Count == 0)
        {
            Throw(RedisErrors.NumKeysPositive);
        }
        if (limit < 0)
        {
            Throw(RedisErrors.LimitNegative);
        }
        var (shards, hashes) = LocateSetKeys(keys);
        using (ShardLocks.Enter(shards))
        {
            var sets = new SetValue?[keys.Count];
            for (int k = 0; k < keys.Count; k++)
            {
                sets[k] = ReadSet(shards[k], keys[k], hashes[k]);
            }
            if (Array.IndexOf(sets, null) >= 0)
            {
                return 0;
            }
            Array.Sort(sets, static (a, b) => a!.Count.CompareTo(b!.Count));
            long count = 0;
            var smallest = sets[0]!;
            for (int m = 0; m < smallest.Count; m++)
            {
                if (InAllOtherSets(sets, smallest.At(m)) && ++count == limit)
                {
                    break;
                }
            }
            return count;
        }
    }

    private (Shard[] Shards, int[] Hashes) LocateSetKeys(IReadOnlyList<byte[]> keys)
    {
        var shards = new Shard[keys.Count];
        var hashes = new int[keys.Count];
        for (int k = 0; k < keys.Count; k++)
        {
            hashes[k] = KeyHash.Compute(keys[k]);
            shards[k] = ShardOf(hashes[k]);
        }
        return (shards, hashes);
    }

    /// <summary>The stored member arrays of the combination (the caller copies or shares them).</summary>
    private static List<byte[]> CombineSets(SetOperation operation, SetValue?[] sets)
    {
        var result = new List<byte[]>();
        switch (operation)
        {
            case SetOperation.Intersect:
                if (Array.IndexOf(sets, null) >= 0)
                {
                    return result;
                }
                var ordered = (SetValue?[])sets.Clone();
                Array.Sort(ordered, static (a, b) => a!.Count.CompareTo(b!.Count));
                var smallest = ordered[0]!;
                for (int m = 0; m < smallest.Count; m++)
                {
                    if (InAllOtherSets(ordered, smallest.At(m)))
                    {
                        result.Add(smallest.At(m));
                    }
                }
                return result;
            case SetOperation.Union:
                var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
                foreach (var set in sets)
                {
                    for (int m = 0; set is not null && m < set.Count; m++)
                    {
                        if (seen.Add(set.At(m)))
                        {
                            result.Add(set.At(m));
                        }
                    }
                }
                return result;
            case SetOperation.Difference:
                var first = sets[0];
                for (int m = 0; first is not null && m < first.Count; m++)
                {
                    var member = first.At(m);
                    bool elsewhere = false;
                    for (int k = 1; k < sets.Length && !elsewhere; k++)
                    {
                        elsewhere = sets[k]?.Contains(member) ?? false;
                    }
                    if (!elsewhere)
                    {
                        result.Add(member);
                    }
                }
                return result;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown set operation.");
        }
    }

    private static bool InAllOtherSets(SetValue?[] sets, byte[] member)
    {
        for (int k = 1; k < sets.Length; k++)
        {
            if (!sets[k]!.Contains(member))
            {
                return false;
            }
        }
        return true;
    }
}
