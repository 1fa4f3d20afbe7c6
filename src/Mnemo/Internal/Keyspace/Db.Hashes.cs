using System.Buffers.Text;
using Mnemo.Changes;
using Mnemo.Internal.Text;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>Hash commands: HSET, HSETNX, HGET, HMGET, HGETALL, HDEL, HEXISTS, HLEN, HKEYS, HVALS, HINCRBY, HINCRBYFLOAT, HSTRLEN, HRANDFIELD, HSCAN.</summary>
internal sealed partial class Db
{
    /// <summary>HSET (or HSETNX when <paramref name="onlyIfNew"/>, with one pair): returns the number of new fields.</summary>
    public long HashSet(ReadOnlySpan<byte> key, IReadOnlyList<KeyValuePair<byte[], byte[]>> pairs, bool onlyIfNew = false) =>
        HashSet(key, new ArrayPairs(pairs), onlyIfNew);

    /// <summary>
    /// HSET / HSETNX over field/value pairs read in place (the server's arguments): the hash copies
    /// the values (and the fields that are new), nothing else is copied.
    /// </summary>
    public long HashSet<TPairs>(ReadOnlySpan<byte> key, TPairs pairs, bool onlyIfNew) where TPairs : IKeyValuePairs, allows ref struct
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            HashValue? fields = null;
            if (i >= 0)
            {
                fields = Expect<HashValue>(ref shard.Table.At(i), ValueKind.Hash);
                if (onlyIfNew && fields.Contains(pairs.Key(0)))
                {
                    return 0;
                }
            }
            if (pairs.Count == 0)
            {
                return 0;
            }
            BeforeWrite(shard, key, i);
            if (fields is null)
            {
                fields = new HashValue(key.ToArray());
                shard.Table.Add(hash, fields, ValueKind.Hash);
            }
            long added = 0;
            for (int p = 0; p < pairs.Count; p++)
            {
                if (fields.Set(pairs.Key(p), pairs.Value(p)))
                {
                    added++;
                }
            }
            if (Effect(ChangeOp.HashSet, 1 + (2 * pairs.Count)) is { } w)
            {
                w.Arg(key);
                for (int p = 0; p < pairs.Count; p++)
                {
                    w.Arg(pairs.Key(p)).Arg(pairs.Value(p));
                }
                Publish(w);
            }
            return added;
        }
    }

    public MnemoValue HashGet(ReadOnlySpan<byte> key, ReadOnlySpan<byte> field)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return CopyHashValue(ReadHash(shard, key, hash)?.Get(field));
        }
    }

    /// <summary>HMGET: one value per field, null for missing fields (all null for a missing key).</summary>
    public MnemoValue[] HashGet(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> fields)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var values = ReadHash(shard, key, hash);
            var result = new MnemoValue[fields.Count];
            for (int f = 0; values is not null && f < result.Length; f++)
            {
                result[f] = CopyHashValue(values.Get(fields[f]));
            }
            return result;
        }
    }

    public HashEntry[] HashGetAll(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var values = ReadHash(shard, key, hash);
            if (values is null)
            {
                return [];
            }
            var result = new HashEntry[values.Count];
            for (int f = 0; f < result.Length; f++)
            {
                result[f] = HashEntryAt(values, f);
            }
            return result;
        }
    }

    /// <summary>HKEYS (<paramref name="values"/> false) or HVALS (true).</summary>
    public MnemoValue[] HashKeysOrValues(ReadOnlySpan<byte> key, bool values)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var fields = ReadHash(shard, key, hash);
            if (fields is null)
            {
                return [];
            }
            var result = new MnemoValue[fields.Count];
            for (int f = 0; f < result.Length; f++)
            {
                result[f] = MnemoValue.FromBytes(values ? fields.ValueAt(f) : fields.FieldAt(f));
            }
            return result;
        }
    }

    public long HashDelete(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> fields)
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
            var values = Expect<HashValue>(ref shard.Table.At(i), ValueKind.Hash);
            bool any = false;
            foreach (var field in fields)
            {
                any |= values.Contains(field);
            }
            if (!any)
            {
                return 0;
            }
            BeforeWrite(shard, key, i);
            var deleted = new List<byte[]>(fields.Count);
            foreach (var field in fields)
            {
                if (values.Delete(field))
                {
                    deleted.Add(field);
                }
            }
            if (values.Count == 0)
            {
                RemoveEntry(shard, i);
            }
            RecordMemberEffect(ChangeOp.HashDelete, key, deleted);
            return deleted.Count;
        }
    }

    public bool HashExists(ReadOnlySpan<byte> key, ReadOnlySpan<byte> field)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return ReadHash(shard, key, hash)?.Contains(field) ?? false;
        }
    }

    public long HashLength(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return ReadHash(shard, key, hash)?.Count ?? 0;
        }
    }

    public long HashStringLength(ReadOnlySpan<byte> key, ReadOnlySpan<byte> field)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return ReadHash(shard, key, hash)?.Get(field)?.Length ?? 0;
        }
    }

    public long HashIncrement(ReadOnlySpan<byte> key, ReadOnlySpan<byte> field, long delta)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            long current = 0;
            if (i >= 0 && Expect<HashValue>(ref shard.Table.At(i), ValueKind.Hash).Get(field) is { } text
                && !NumberText.TryParseInt64(text, out current))
            {
                Throw(RedisErrors.HashNotInteger);
            }
            if ((delta < 0 && current < 0 && delta < long.MinValue - current) || (delta > 0 && current > 0 && delta > long.MaxValue - current))
            {
                Throw(RedisErrors.Overflow);
            }
            long result = current + delta;
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat(result, digits, out int n);
            StoreHashField(shard, key, hash, i, field, digits[..n]);
            return result;
        }
    }

    /// <summary>HINCRBYFLOAT: returns the new value's text (what is stored and recorded).</summary>
    public MnemoValue HashIncrementFloat(ReadOnlySpan<byte> key, ReadOnlySpan<byte> field, ReadOnlySpan<byte> incrementText)
    {
        if (!NumberText.TryParseDouble(incrementText, out double increment))
        {
            Throw(RedisErrors.NotFloat);
        }
        if (double.IsInfinity(increment))
        {
            Throw(RedisErrors.IncrementNaNOrInfinity);
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            byte[] currentText = "0"u8.ToArray();
            double current = 0;
            if (i >= 0 && Expect<HashValue>(ref shard.Table.At(i), ValueKind.Hash).Get(field) is { } text)
            {
                currentText = text;
                if (!NumberText.TryParseDouble(text, out current))
                {
                    Throw(RedisErrors.HashNotFloat);
                }
            }
            if (!NumberText.TryAddFloat(currentText, current, incrementText, increment, out string resultText, out _))
            {
                Throw(RedisErrors.NaNOrInfinity);
            }
            var bytes = System.Text.Encoding.ASCII.GetBytes(resultText);
            StoreHashField(shard, key, hash, i, field, bytes);
            return MnemoValue.Own(bytes);
        }
    }

    /// <summary>HRANDFIELD without a count: a random field, or null.</summary>
    public MnemoValue HashRandomField(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var fields = ReadHash(shard, key, hash);
            return fields is null ? MnemoValue.Null : MnemoValue.FromBytes(fields.FieldAt(Random.Shared.Next(fields.Count)));
        }
    }

    /// <summary>
    /// HRANDFIELD with a count (positive: distinct fields; negative: |count| fields that may repeat).
    /// Values are <see cref="MnemoValue.Null"/> unless <paramref name="withValues"/>.
    /// </summary>
    public HashEntry[] HashRandomFields(ReadOnlySpan<byte> key, long count, bool withValues)
    {
        MemberTable.ValidateRandomCount(count, withValues);
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var fields = ReadHash(shard, key, hash);
            if (fields is null || count == 0)
            {
                return [];
            }
            var indices = MemberTable.RandomIndices(fields.Fields, count);
            var result = new HashEntry[indices.Length];
            for (int f = 0; f < result.Length; f++)
            {
                result[f] = withValues
                    ? HashEntryAt(fields, indices[f])
                    : new HashEntry(MnemoValue.FromBytes(fields.FieldAt(indices[f])), MnemoValue.Null);
            }
            return result;
        }
    }

    /// <summary>HSCAN: one page of fields (with values) whose names match <paramref name="pattern"/> (null for all).</summary>
    public HashScanResult HashScan(ReadOnlySpan<byte> key, ulong cursor, byte[]? pattern, long count)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            var fields = ReadHash(shard, key, hash);
            if (fields is null)
            {
                return new HashScanResult(0, []);
            }
            MemberTable.ValidateScanCount(count);
            var found = new List<int>();
            ulong next = fields.Fields.Scan(cursor, count, MemberTable.ScanPattern(pattern), MemberTable.SmallScanLimit, found);
            var entries = new HashEntry[found.Count];
            for (int f = 0; f < entries.Length; f++)
            {
                entries[f] = HashEntryAt(fields, found[f]);
            }
            return new HashScanResult(unchecked((long)next), entries);
        }
    }

    private HashValue? ReadHash(Shard shard, ReadOnlySpan<byte> key, int hash)
    {
        int i = FindRead(shard, key, hash);
        return i < 0 ? null : Expect<HashValue>(ref shard.Table.At(i), ValueKind.Hash);
    }

    private static MnemoValue CopyHashValue(byte[]? value) => value is null ? MnemoValue.Null : MnemoValue.FromBytes(value);

    private static HashEntry HashEntryAt(HashValue fields, int index) =>
        new(MnemoValue.FromBytes(fields.FieldAt(index)), MnemoValue.FromBytes(fields.ValueAt(index)));

    /// <summary>Sets one field (creating the hash at entry -1) and records it as an HSET of the value.</summary>
    private void StoreHashField(Shard shard, ReadOnlySpan<byte> key, int hash, int index, ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        BeforeWrite(shard, key, index);
        HashValue fields;
        if (index < 0)
        {
            fields = new HashValue(key.ToArray());
            shard.Table.Add(hash, fields, ValueKind.Hash);
        }
        else
        {
            fields = (HashValue)shard.Table.At(index).Item!;
        }
        fields.Set(field, value);
        if (Effect(ChangeOp.HashSet, 3) is { } w)
        {
            w.Arg(key).Arg(field).Arg(value);
            Publish(w);
        }
    }
}
