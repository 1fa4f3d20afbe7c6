using Mnemo.Changes;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>Set commands on one key: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SPOP, SRANDMEMBER, SSCAN.</summary>
internal sealed partial class Db
{
    /// <summary>SADD: adds the members (the set copies the new ones); returns how many were new.</summary>
    public long SetAdd(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> members) => SetAdd(key, new ArrayValues(members));

    /// <summary>SADD of members read in place (the server's arguments): a new member is copied once, by the set.</summary>
    public long SetAdd<TMembers>(ReadOnlySpan<byte> key, TMembers members) where TMembers : struct, IValueList, allows ref struct
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            SetValue? set = null;
            if (i >= 0)
            {
                set = Expect<SetValue>(ref shard.Table.At(i), ValueKind.Set);
                if (!AnyMissingMember(set, members))
                {
                    return 0; // nothing changes: WATCH and the change stream see nothing
                }
            }
            else if (members.Count == 0)
            {
                return 0;
            }
            BeforeWrite(shard, key, i);
            if (set is null)
            {
                set = new SetValue(key.ToArray());
                shard.Table.Add(hash, set, ValueKind.Set);
            }
            // Which members were new (a member given twice is added once), for the change record.
            Span<bool> added = members.Count <= 256 ? stackalloc bool[members.Count] : new bool[members.Count];
            int count = 0;
            for (int j = 0; j < members.Count; j++)
            {
                added[j] = set.Add(members[j]);
                count += added[j] ? 1 : 0;
            }
            if (count > 0 && Effect(ChangeOp.SetAdd, 1 + count) is { } w)
            {
                w.Arg(key);
                for (int j = 0; j < members.Count; j++)
                {
                    if (added[j])
                    {
                        w.Arg(members[j]);
                    }
                }
                Publish(w);
            }
            return count;
        }
    }

    public long SetRemove(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> members)
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
            var set = Expect<SetValue>(ref shard.Table.At(i), ValueKind.Set);
            if (!AnyPresentMember(set, members))
            {
                return 0;
            }
            BeforeWrite(shard, key, i);
            var removed = new List<byte[]>(members.Count);
            foreach (var member in members)
            {
                if (set.Remove(member))
                {
                    removed.Add(member);
                }
            }
            if (set.Count == 0)
            {
                RemoveEntry(shard, i);
            }
            RecordMemberEffect(ChangeOp.SetRemove, key, removed);
            return removed.Count;
        }
    }

    public MnemoValue[] SetMembers(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var set = ReadSet(shard, key, hash);
            if (set is null)
            {
                return [];
            }
            var result = new MnemoValue[set.Count];
            for (int m = 0; m < result.Length; m++)
            {
                result[m] = MnemoValue.FromBytes(set.At(m));
            }
            return result;
        }
    }

    public bool SetContains(ReadOnlySpan<byte> key, ReadOnlySpan<byte> member)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return ReadSet(shard, key, hash)?.Contains(member) ?? false;
        }
    }

    /// <summary>SMISMEMBER: one answer per member, false for all when the key is missing.</summary>
    public bool[] SetContains(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> members)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var set = ReadSet(shard, key, hash);
            var result = new bool[members.Count];
            for (int m = 0; set is not null && m < result.Length; m++)
            {
                result[m] = set.Contains(members[m]);
            }
            return result;
        }
    }

    public long SetLength(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return ReadSet(shard, key, hash)?.Count ?? 0;
        }
    }

    /// <summary>SPOP without a count: one random member removed, or null.</summary>
    public MnemoValue SetPop(ReadOnlySpan<byte> key)
    {
        var popped = SetPop(key, 1, single: true);
        return popped.Length == 0 ? MnemoValue.Null : popped[0];
    }

    /// <summary>SPOP with a count: up to <paramref name="count"/> distinct random members removed.</summary>
    public MnemoValue[] SetPop(ReadOnlySpan<byte> key, long count) => SetPop(key, count, single: false);

    private MnemoValue[] SetPop(ReadOnlySpan<byte> key, long count, bool single)
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
            var set = Expect<SetValue>(ref shard.Table.At(i), ValueKind.Set);
            if (count == 0)
            {
                return [];
            }
            BeforeWrite(shard, key, i);
            int n = (int)Math.Min(count, set.Count);
            var popped = new byte[n][];
            if (n == set.Count && !single)
            {
                for (int m = 0; m < n; m++)
                {
                    popped[m] = set.At(m);
                }
                RemoveEntry(shard, i);
            }
            else
            {
                var members = set.Members;
                for (int m = 0; m < n; m++)
                {
                    int at = Random.Shared.Next(members.Count);
                    popped[m] = members.MemberAt(at);
                    members.RemoveAt(at);
                }
                if (set.Count == 0)
                {
                    RemoveEntry(shard, i);
                }
            }
            RecordMemberEffect(ChangeOp.SetRemove, key, popped);
            var result = new MnemoValue[n];
            for (int m = 0; m < n; m++)
            {
                result[m] = MnemoValue.FromBytes(popped[m]);
            }
            return result;
        }
    }

    /// <summary>SRANDMEMBER without a count: a random member, or null.</summary>
    public MnemoValue SetRandomMember(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var set = ReadSet(shard, key, hash);
            return set is null ? MnemoValue.Null : MnemoValue.FromBytes(set.At(Random.Shared.Next(set.Count)));
        }
    }

    /// <summary>
    /// SRANDMEMBER with a count: positive gives up to count distinct members, negative gives
    /// exactly |count| members that may repeat.
    /// </summary>
    public MnemoValue[] SetRandomMembers(ReadOnlySpan<byte> key, long count)
    {
        MemberTable.ValidateRandomCount(count, withValues: false);
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var set = ReadSet(shard, key, hash);
            if (set is null || count == 0)
            {
                return [];
            }
            var indices = MemberTable.RandomIndices(set.Members, count);
            var result = new MnemoValue[indices.Length];
            for (int m = 0; m < result.Length; m++)
            {
                result[m] = MnemoValue.FromBytes(set.At(indices[m]));
            }
            return result;
        }
    }

    /// <summary>SSCAN: one page of members matching <paramref name="pattern"/> (null for all).</summary>
    public SetScanResult SetScan(ReadOnlySpan<byte> key, ulong cursor, byte[]? pattern, long count)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var set = ReadSet(shard, key, hash);
            if (set is null)
            {
                return new SetScanResult(0, []);
            }
            MemberTable.ValidateScanCount(count);
            var found = new List<int>();
            ulong next = set.Members.Scan(cursor, count, MemberTable.ScanPattern(pattern), MemberTable.SmallScanLimit, found);
            var members = new MnemoValue[found.Count];
            for (int m = 0; m < members.Length; m++)
            {
                members[m] = MnemoValue.FromBytes(set.At(found[m]));
            }
            return new SetScanResult(unchecked((long)next), members);
        }
    }

    // ---- helpers shared by the set and hash families ----

    private SetValue? ReadSet(Shard shard, ReadOnlySpan<byte> key, int hash)
    {
        int i = FindRead(shard, key, hash);
        return i < 0 ? null : Expect<SetValue>(ref shard.Table.At(i), ValueKind.Set);
    }

    private void RecordMemberEffect(ChangeOp op, ReadOnlySpan<byte> key, IReadOnlyList<byte[]> members)
    {
        if (members.Count > 0 && Effect(op, 1 + members.Count) is { } w)
        {
            w.Arg(key);
            foreach (var member in members)
            {
                w.Arg(member);
            }
            Publish(w);
        }
    }

    private static bool AnyMissingMember<TMembers>(SetValue set, TMembers members) where TMembers : struct, IValueList, allows ref struct
    {
        for (int j = 0; j < members.Count; j++)
        {
            if (!set.Contains(members[j]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool AnyPresentMember(SetValue set, IReadOnlyList<byte[]> members)
    {
        foreach (var member in members)
        {
            if (set.Contains(member))
            {
                return true;
            }
        }
        return false;
    }
}
