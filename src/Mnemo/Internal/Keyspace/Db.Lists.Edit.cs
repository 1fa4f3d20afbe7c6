using Mnemo.Changes;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>List commands: reads (LLEN, LRANGE, LINDEX, LPOS) and edits in place (LSET, LINSERT, LREM, LTRIM).</summary>
internal sealed partial class Db
{
    public long ListLength(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            return i < 0 ? 0 : Expect<ListValue>(ref shard.Table.At(i), ValueKind.List).Count;
        }
    }

    /// <summary>LRANGE: elements from <paramref name="start"/> to <paramref name="stop"/> inclusive (negative counts from the end).</summary>
    public MnemoValue[] ListRange(ReadOnlySpan<byte> key, long start, long stop)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return [];
            }
            var list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            if (!ClampRange(list.Count, ref start, ref stop))
            {
                return [];
            }
            var result = new MnemoValue[stop - start + 1];
            var cursor = list.Walk((int)start, forward: true);
            for (int j = 0; j < result.Length && cursor.MoveNext(); j++)
            {
                result[j] = MnemoValue.FromBytes(cursor.Current);
            }
            return result;
        }
    }

    /// <summary>LRANGE into <paramref name="sink"/> under the shard lock (no copies; see <see cref="IElementSink"/>).</summary>
    public void ListRange<TSink>(ReadOnlySpan<byte> key, long start, long stop, TSink sink)
        where TSink : IElementSink
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                sink.Begin(0);
                return;
            }
            var list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            if (!ClampRange(list.Count, ref start, ref stop))
            {
                sink.Begin(0);
                return;
            }
            int count = (int)(stop - start + 1);
            sink.Begin(count);
            var cursor = list.Walk((int)start, forward: true);
            for (int j = 0; j < count && cursor.MoveNext(); j++)
            {
                sink.Element(cursor.Current);
            }
        }
    }

    /// <summary>LINDEX: the element at <paramref name="index"/> (negative counts from the end), or null.</summary>
    public MnemoValue ListIndex(ReadOnlySpan<byte> key, long index)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return MnemoValue.Null;
            }
            var list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            long at = index < 0 ? list.Count + index : index;
            return at < 0 || at >= list.Count ? MnemoValue.Null : MnemoValue.FromBytes(list[(int)at]);
        }
    }

    /// <summary>LSET: replaces the element at <paramref name="index"/>.</summary>
    public void ListSet(ReadOnlySpan<byte> key, long index, ReadOnlySpan<byte> value)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0)
            {
                Throw(RedisErrors.NoSuchKey);
            }
            var list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            long at = index < 0 ? list.Count + index : index;
            if (at < 0 || at >= list.Count)
            {
                Throw(RedisErrors.IndexOutOfRange);
            }
            BeforeWrite(shard, key, i);
            list.Set((int)at, value);
            if (Effect(ChangeOp.ListSet, 3) is { } w)
            {
                w.Arg(key).Arg(at).Arg(value);
                Publish(w);
            }
        }
    }

    /// <summary>LINSERT: the new length, -1 when the pivot is not found, 0 when the key is missing.</summary>
    public long ListInsert(ReadOnlySpan<byte> key, bool after, ReadOnlySpan<byte> pivot, ReadOnlySpan<byte> value)
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
            var list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            int at = list.IndexOf(pivot);
            if (at < 0)
            {
                return -1;
            }
            BeforeWrite(shard, key, i);
            list.Insert(after ? at + 1 : at, value);
            if (Effect(ChangeOp.ListInsert, 4) is { } w)
            {
                w.Arg(key).Arg(after).Arg(pivot).Arg(value);
                Publish(w);
            }
            return list.Count;
        }
    }

    /// <summary>
    /// LREM: removes elements equal to <paramref name="value"/>: the first <paramref name="count"/>
    /// from the head (count &gt; 0), from the tail (count &lt; 0), or all (0). Returns how many.
    /// </summary>
    public long ListRemove(ReadOnlySpan<byte> key, long count, ReadOnlySpan<byte> value)
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
            var list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            if (list.IndexOf(value) < 0)
            {
                return 0;
            }
            BeforeWrite(shard, key, i);
            long limit = count == 0 ? long.MaxValue : count == long.MinValue ? long.MaxValue : Math.Abs(count);
            int removed = list.Remove(value, limit, fromTail: count < 0);
            if (list.Count == 0)
            {
                RemoveEntry(shard, i);
            }
            if (Effect(ChangeOp.ListRemove, 3) is { } w)
            {
                w.Arg(key).Arg(count).Arg(value);
                Publish(w);
            }
            return removed;
        }
    }

    /// <summary>LTRIM: keeps only the elements from <paramref name="start"/> to <paramref name="stop"/> inclusive.</summary>
    public void ListTrim(ReadOnlySpan<byte> key, long start, long stop)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0)
            {
                return;
            }
            var list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            int count = list.Count;
            int left, right;
            if (ClampRange(count, ref start, ref stop))
            {
                left = (int)start;
                right = count - (int)stop - 1;
            }
            else
            {
                left = count;
                right = 0;
            }
            BeforeWrite(shard, key, i); // Redis signals the key as modified even when nothing is trimmed
            if (left == 0 && right == 0)
            {
                return;
            }
            list.Trim(left, right);
            if (list.Count == 0)
            {
                RemoveEntry(shard, i);
            }
            if (Effect(ChangeOp.ListTrim, 3) is { } w)
            {
                w.Arg(key).Arg((long)left).Arg((long)(count - right - 1));
                Publish(w);
            }
        }
    }

    /// <summary>
    /// LPOS: indices (from the head) of the elements equal to <paramref name="element"/>.
    /// <paramref name="rank"/> picks the first match to return (negative: searching from the tail);
    /// <paramref name="count"/> is how many to return (0 = all); <paramref name="maxLength"/> caps the
    /// elements compared (0 = no cap). Empty when the key is missing or nothing matches.
    /// </summary>
    public long[] ListPositions(ReadOnlySpan<byte> key, ReadOnlySpan<byte> element, long rank, long count, long maxLength)
    {
        if (rank == long.MinValue)
        {
            Throw(RedisErrors.RankOutOfRange);
        }
        if (rank == 0)
        {
            Throw(RedisErrors.RankZero);
        }
        if (count < 0)
        {
            Throw(RedisErrors.CountNegative);
        }
        if (maxLength < 0)
        {
            Throw(RedisErrors.MaxLenNegative);
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return [];
            }
            var list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            bool fromTail = rank < 0;
            long skip = Math.Abs(rank) - 1;
            long scan = maxLength == 0 ? list.Count : Math.Min(maxLength, list.Count);
            var result = new List<long>();
            long matches = 0;
            var cursor = list.Walk(fromTail ? list.Count - 1 : 0, forward: !fromTail);
            for (int n = 0; n < scan && cursor.MoveNext(); n++)
            {
                int at = fromTail ? list.Count - 1 - n : n;
                if (!cursor.Current.SequenceEqual(element))
                {
                    continue;
                }
                if (matches++ < skip)
                {
                    continue;
                }
                result.Add(at);
                if (count != 0 && result.Count >= count)
                {
                    break;
                }
            }
            return [.. result];
        }
    }

    /// <summary>Redis's index rules for LRANGE and LTRIM: false when the range is empty.</summary>
    private static bool ClampRange(int length, ref long start, ref long stop)
    {
        if (start < 0)
        {
            start += length;
        }
        if (stop < 0)
        {
            stop += length;
        }
        if (start < 0)
        {
            start = 0;
        }
        if (start > stop || start >= length)
        {
            return false;
        }
        if (stop >= length)
        {
            stop = length - 1;
        }
        return true;
    }
}
