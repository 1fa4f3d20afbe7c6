using Mnemo.Changes;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>What a list pop took: from which of the given keys, the elements, and how many remain there.</summary>
internal sealed record ListPopped(int KeyIndex, byte[][] Values, int Remaining);

/// <summary>List commands: pushes and pops (LPUSH, LPOP, LMPOP, LMOVE ...). Queries and edits are in Db.Lists.Edit.cs.</summary>
internal sealed partial class Db
{
    /// <summary>
    /// LPUSH / RPUSH (LPUSHX / RPUSHX when <paramref name="onlyIfExists"/>): pushes the values in
    /// order; returns the new length (0 when <paramref name="onlyIfExists"/> and the key is missing).
    /// The list copies the values.
    /// </summary>
    public long ListPush(ReadOnlySpan<byte> key, IReadOnlyList<byte[]> values, bool left, bool onlyIfExists) =>
        ListPush(key, new ArrayValues(values), left, onlyIfExists);

    /// <inheritdoc cref="ListPush(ReadOnlySpan{byte}, IReadOnlyList{byte[]}, bool, bool)"/>
    public long ListPush<TValues>(ReadOnlySpan<byte> key, TValues values, bool left, bool onlyIfExists) where TValues : struct, IValueList, allows ref struct
    {
        long length = PushLocked(key, values, left, onlyIfExists);
        if (length > 0)
        {
            SignalKeyReady(key); // after the lock is released: blocked readers retry their pop
        }
        return length;
    }

    /// <summary>LPUSH / RPUSH of one value (the usual form): the list copies it into its node, allocating nothing per push.</summary>
    public long ListPush(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool left, bool onlyIfExists) =>
        ListPush(key, new OneValue(value), left, onlyIfExists);

    private long PushLocked<TValues>(ReadOnlySpan<byte> key, TValues values, bool left, bool onlyIfExists) where TValues : struct, IValueList, allows ref struct
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            ListValue list;
            if (i >= 0)
            {
                list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            }
            else if (onlyIfExists || values.Count == 0)
            {
                return 0;
            }
            else
            {
                list = new ListValue(key.ToArray());
            }
            BeforeWrite(shard, key, i);
            if (i < 0)
            {
                shard.Table.Add(hash, list, ValueKind.List);
            }
            for (int j = 0; j < values.Count; j++)
            {
                if (left)
                {
                    list.PushLeft(values[j]);
                }
                else
                {
                    list.PushRight(values[j]);
                }
            }
            if (values.Count > 0 && Effect(ChangeOp.ListPush, 2 + values.Count) is { } w)
            {
                w.Arg(key).Arg(left);
                for (int j = 0; j < values.Count; j++)
                {
                    w.Arg(values[j]);
                }
                Publish(w);
            }
            return list.Count;
        }
    }

    /// <summary>
    /// LPOP / RPOP without a count: hands the element to <paramref name="reader"/> under the lock
    /// instead of a copy (the server writes it straight into its reply). False when the key is missing.
    /// </summary>
    public bool TryListPop<TReader>(ReadOnlySpan<byte> key, bool left, ref TReader reader) where TReader : struct, IValueReader, allows ref struct
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0)
            {
                return false;
            }
            var list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            BeforeWrite(shard, key, i);
            // The reply is written here, before the pop completes: every check that can fail
            // (WRONGTYPE, a refused write) is above, and nothing below may throw.
            reader.Read(left ? list.PeekLeft() : list.PeekRight());
            if (left)
            {
                list.DropLeft();
            }
            else
            {
                list.DropRight();
            }
            AfterPopLocked(shard, key, i, list, left, 1);
            return true;
        }
    }

    /// <summary>
    /// LPOP / RPOP with a count: null when the key is missing (Redis's nil array), an empty array
    /// for a count of 0, otherwise up to <paramref name="count"/> elements.
    /// </summary>
    public byte[][]? ListPop(ReadOnlySpan<byte> key, bool left, long count)
    {
        if (count < 0)
        {
            Throw(RedisErrors.MustBePositive); // checked before the key, as Redis parses arguments first
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0)
            {
                return null;
            }
            var list = Expect<ListValue>(ref shard.Table.At(i), ValueKind.List);
            return count == 0 ? [] : PopLocked(shard, key, i, list, left, (int)Math.Min(count, list.Count));
        }
    }

    /// <summary>
    /// LMPOP: pops up to <paramref name="count"/> elements from the first non-empty key, checking
    /// the keys in order under all their locks. Null when every key is missing.
    /// </summary>
    public ListPopped? ListPopFirst(IReadOnlyList<byte[]> keys, bool left, long count)
    {
        if (keys.Count == 0)
        {
            Throw(RedisErrors.NumKeysPositive);
        }
        if (count <= 0)
        {
            Throw(RedisErrors.CountGreaterThanZero);
        }
        var hashes = new int[keys.Count];
        var shards = new Shard[keys.Count];
        for (int k = 0; k < keys.Count; k++)
        {
            hashes[k] = KeyHash.Compute(keys[k]);
            shards[k] = ShardOf(hashes[k]);
        }
        using (ShardLocks.Enter(shards))
        {
            for (int k = 0; k < keys.Count; k++)
            {
                int i = FindLive(shards[k], keys[k], hashes[k]);
                if (i < 0)
                {
                    continue;
                }
                var list = Expect<ListValue>(ref shards[k].Table.At(i), ValueKind.List);
                var values = PopLocked(shards[k], keys[k], i, list, left, (int)Math.Min(count, list.Count));
                return new ListPopped(k, values, list.Count);
            }
            return null;
        }
    }

    /// <summary>Pops <paramref name="n"/> (1..Count) elements, records the effect and removes an emptied list.</summary>
    private byte[][] PopLocked(Shard shard, ReadOnlySpan<byte> key, int index, ListValue list, bool left, int n)
    {
        BeforeWrite(shard, key, index);
        var values = new byte[n][];
        for (int j = 0; j < n; j++)
        {
            values[j] = left ? list.PopLeft() : list.PopRight();
        }
        AfterPopLocked(shard, key, index, list, left, n);
        return values;
    }

    /// <summary>After <paramref name="n"/> elements were popped: an emptied list goes, and the pop is published.</summary>
    private void AfterPopLocked(Shard shard, ReadOnlySpan<byte> key, int index, ListValue list, bool left, long n)
    {
        if (list.Count == 0)
        {
            RemoveEntry(shard, index); // replaying the pop empties the list and removes it too
        }
        if (Effect(ChangeOp.ListPop, 3) is { } w)
        {
            w.Arg(key).Arg(left).Arg(n);
            Publish(w);
        }
    }

    /// <summary>
    /// LMOVE / RPOPLPUSH: atomically pops from <paramref name="source"/> and pushes onto
    /// <paramref name="destination"/>. Null when the source is missing.
    /// <paramref name="remaining"/> is the source's length afterwards.
    /// </summary>
    public byte[]? ListMove(byte[] source, byte[] destination, bool fromLeft, bool toLeft, out int remaining)
    {
        var value = MoveLocked(source, destination, fromLeft, toLeft, out remaining);
        if (value is not null)
        {
            SignalKeyReady(destination);
        }
        return value;
    }

    private byte[]? MoveLocked(byte[] source, byte[] destination, bool fromLeft, bool toLeft, out int remaining)
    {
        remaining = 0;
        int sourceHash = KeyHash.Compute(source);
        int destinationHash = KeyHash.Compute(destination);
        var sourceShard = ShardOf(sourceHash);
        var destinationShard = ShardOf(destinationHash);
        using (ShardLocks.Enter(sourceShard, destinationShard))
        {
            int si = FindLive(sourceShard, source, sourceHash);
            if (si < 0)
            {
                return null;
            }
            var sourceList = Expect<ListValue>(ref sourceShard.Table.At(si), ValueKind.List);
            bool sameKey = source.AsSpan().SequenceEqual(destination);
            int di = sameKey ? si : FindLive(destinationShard, destination, destinationHash);
            var destinationList = di >= 0 ? Expect<ListValue>(ref destinationShard.Table.At(di), ValueKind.List) : null;
            // FindLive on the destination may have expired it and compacted the shard: the source's
            // index (which BeforeWrite hands to a transaction's undo) must be looked up again.
            si = sourceShard.Table.Find(source, sourceHash);

            BeforeWrite(sourceShard, source, si);
            if (!sameKey)
            {
                BeforeWrite(destinationShard, destination, di);
            }
            var value = fromLeft ? sourceList.PopLeft() : sourceList.PopRight();
            if (destinationList is null)
            {
                destinationList = new ListValue((byte[])destination.Clone());
                destinationShard.Table.Add(destinationHash, destinationList, ValueKind.List);
            }
            if (toLeft)
            {
                destinationList.PushLeft(value);
            }
            else
            {
                destinationList.PushRight(value);
            }
            if (sourceList.Count == 0)
            {
                // Indices may have moved when the destination was added: look the source up again.
                RemoveEntry(sourceShard, sourceShard.Table.Find(source, sourceHash));
            }
            remaining = sourceList.Count;

            var w = Core.Changes.Writer();
            if (w is not null)
            {
                // On one key the push is recorded before the pop, so replay never empties the
                // list (which would delete the key and lose its TTL); the result is the same.
                if (sameKey)
                {
                    w.Begin(ChangeOp.ListPush, Index, 3).Arg(destination).Arg(toLeft).Arg(value);
                    w.Begin(ChangeOp.ListPop, Index, 3).Arg(source).Arg(fromLeft).Arg(1L);
                }
                else
                {
                    w.Begin(ChangeOp.ListPop, Index, 3).Arg(source).Arg(fromLeft).Arg(1L);
                    w.Begin(ChangeOp.ListPush, Index, 3).Arg(destination).Arg(toLeft).Arg(value);
                }
                Publish(w);
            }
            return value; // a copy: the list holds the element in its own node
        }
    }

    /// <summary>True when the key holds a value of <paramref name="kind"/> (blocked readers checking for work).</summary>
    public bool KeyHolds(byte[] key, ValueKind kind)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            return i >= 0 && shard.Table.At(i).Kind == kind;
        }
    }
}
