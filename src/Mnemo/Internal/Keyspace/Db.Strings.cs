using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using Mnemo.Changes;
using Mnemo.Internal.Text;
using Mnemo.Internal.Transactions;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>String commands: GET, SET and its variants, counters, APPEND, ranges.</summary>
internal sealed partial class Db
{
    /// <summary>Redis's proto-max-bulk-len: the largest string value.</summary>
    public const long MaxStringLength = 512L * 1024 * 1024;

    /// <summary>
    /// The embedded API's GET: a copy of the value, or <see cref="MnemoValue.Null"/> for a missing
    /// key. Counts itself as a command and a keyspace hit or miss (in <see cref="StoreCore.UnlockedReads"/>,
    /// or in <see cref="ShardStats"/> when it takes the lock).
    /// </summary>
    public MnemoValue Get(ReadOnlySpan<byte> key) => Get(key, KeyHash.Compute(key));

    /// <summary><see cref="Get(ReadOnlySpan{byte})"/> for a caller that hashed the key already.</summary>
    /// <remarks>
    /// Reads without the shard lock when it can (a sequence lock, see <see cref="Shard"/>): a
    /// string, or a missing key, read while no thread held the lock is returned as read; anything
    /// else, including a key whose expiry is due, is read again under the lock by
    /// <see cref="GetLocked"/>. With the lock, a GET on a 1M-key table took 539-575 ns instead of
    /// 343-391: the GET's instruction count decides whether consecutive GETs overlap their cache
    /// misses (docs/benchmarks.md, "Latest run (session 8)").
    /// Concurrent readers of one shard no longer queue behind each other either.
    /// </remarks>
    public MnemoValue Get(ReadOnlySpan<byte> key, int hash)
    {
        var shard = ShardOf(hash);
        long version = shard.ReadVersion();
        if ((version & 1) == 0)
        {
            int found = shard.Table.TryFindStringUnlocked(key, hash, out Slot slot, out int valueAt);
            if (found == 0)
            {
                if (shard.Unchanged(version))
                {
                    Core.UnlockedReads.ForCurrentThread().Misses++;
                    return MnemoValue.Null;
                }
            }
            else if (found > 0 && TryCopyUnlocked(in slot, valueAt, out var value) && shard.Unchanged(version))
            {
                Core.UnlockedReads.ForCurrentThread().Hits++;
                return value;
            }
        }
        return GetLocked(key, hash);
    }

    /// <summary>
    /// The value of a slot that <see cref="KeyTable.TryFindStringUnlocked"/> found (its item a
    /// <c>byte[]</c>, the value length at <paramref name="valueAt"/>), read without the lock; false
    /// when the lock must decide: a kind that is not a string (it was being written), an expiry
    /// that is due, or a value length out of bounds. As the finder, it checks every bound itself.
    /// </summary>
    private bool TryCopyUnlocked(in Slot slot, int valueAt, out MnemoValue value)
    {
        value = default;
        var kind = slot.Kind;
        if (kind != ValueKind.StringRaw && kind != ValueKind.StringInt)
        {
            return false;
        }
        if (slot.ExpiresAt != 0 && slot.ExpiresAt <= Core.NowMs())
        {
            return false;
        }
        var record = Unsafe.As<byte[]>(slot.Item!); // the finder tested this copy's item
        int length = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(valueAt, 4));
        // A torn copy can pair a chunk with another record's offset: the length must also fit an
        // arena record, or a GET could copy a chunk's worth of bytes only to discard them.
        if ((uint)length > (uint)(record.Length - valueAt - 4) || (slot.Offset != 0 && length > RecordArena.MaxRecordSize))
        {
            return false;
        }
        var bytes = record.AsSpan(valueAt + 4, length);
        if (kind == ValueKind.StringRaw)
        {
            value = MnemoValue.FromBytes(bytes);
            return true;
        }
        if (length != 8)
        {
            return false;
        }
        value = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        return true;
    }

    /// <summary>The GET under the shard lock, for what <see cref="Get(ReadOnlySpan{byte}, int)"/> cannot read without it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private MnemoValue GetLocked(ReadOnlySpan<byte> key, int hash)
    {
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            shard.Stats.Commands++;
            int i = FindRead(shard, key, hash);
            return i < 0 ? MnemoValue.Null : ReadString(ref shard.Table.At(i));
        }
    }

    /// <summary>
    /// GET without allocating: hands the value bytes to <paramref name="reader"/> under the lock
    /// (the server copies them straight into its output). Returns false for a missing key.
    /// </summary>
    public bool TryRead<TReader>(ReadOnlySpan<byte> key, ref TReader reader) where TReader : struct, IValueReader, allows ref struct
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return false;
            }
            ref Slot slot = ref shard.Table.At(i);
            if (!slot.IsString)
            {
                ThrowWrongType();
            }
            var record = Unsafe.As<byte[]>(slot.Item!);
            if (slot.Kind == ValueKind.StringInt)
            {
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(StringRecord.IntValue(record, slot.Offset), digits, out int n);
                reader.Read(digits[..n]);
            }
            else
            {
                reader.Read(StringRecord.Value(record, slot.Offset));
            }
            return true;
        }
    }

    public SetResult Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, in SetOptions options)
    {
        if (value.Length > MaxStringLength)
        {
            Throw(RedisErrors.StringTooLong);
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            var previous = MnemoValue.Null;
            if (options.ReturnOld && i >= 0)
            {
                ref Slot current = ref shard.Table.At(i);
                if (!current.IsString)
                {
                    ThrowWrongType();
                }
                previous = ReadString(ref current);
            }
            if ((options.Condition == SetCondition.IfNotExists && i >= 0) || (options.Condition == SetCondition.IfExists && i < 0))
            {
                return new SetResult(false, previous);
            }
            long expiresAt = options.KeepTtl && i >= 0 ? shard.Table.At(i).ExpiresAt : options.ExpiresAt;
            BeforeWrite(shard, key, i);
            StoreString(shard, key, hash, i, value, expiresAt);
            if (Effect(ChangeOp.StringSet, 3) is { } w)
            {
                w.Arg(key).Arg(value).Arg(expiresAt);
                Publish(w);
            }
            return new SetResult(true, previous);
        }
    }

    /// <summary>
    /// Plain SET (no NX/XX, no TTL, no GET): what <see cref="Set(ReadOnlySpan{byte}, ReadOnlySpan{byte}, in SetOptions)"/>
    /// does with default options, for the embedded API's most common call. Outside a transaction
    /// it reads the thread's transaction once instead of at every step (each read of a thread
    /// static is a call), and it builds no <see cref="SetResult"/>.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="countCommand">
    /// True for the embedded API, whose call is counted as a command here, under the shard lock
    /// (<see cref="ShardStats.Commands"/>); the server counts its commands per batch itself.
    /// </param>
    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool countCommand) =>
        Set(key, KeyHash.Compute(key), value, countCommand);

    /// <summary><see cref="Set(ReadOnlySpan{byte}, ReadOnlySpan{byte}, bool)"/> for a caller that hashed the key already.</summary>
    public void Set(ReadOnlySpan<byte> key, int hash, ReadOnlySpan<byte> value, bool countCommand)
    {
        if (Transaction.Current is not null)
        {
            if (countCommand)
            {
                Core.CommandsProcessed.Increment();
            }
            Set(key, value, default(SetOptions)); // the transaction's checks, undo and batching
            return;
        }
        if (value.Length > MaxStringLength)
        {
            if (countCommand)
            {
                Core.CommandsProcessed.Increment(); // a refused call is still a command, as in Redis
            }
            Throw(RedisErrors.StringTooLong);
        }
        var shard = _shards[(uint)hash >> _shardShift]; // ShardOf without its transaction check
        using (shard.Lock())
        {
            if (countCommand)
            {
                shard.Stats.Commands++;
            }
            int i = FindLive(shard, key, hash);
            if (i < 0 && IsQuietInsert(shard))
            {
                InsertString(shard, key, hash, value);
                return;
            }
            BeforeWriteIn(null, shard, key, i);
            StoreString(shard, key, hash, i, value, 0);
            if (Core.Changes.WriterOutsideTransaction() is { } w)
            {
                w.Begin(ChangeOp.StringSet, Index, 3).Arg(key).Arg(value).Arg(0L);
                Core.Changes.PublishBatch(w);
            }
        }
    }

    /// <summary>
    /// True when a new key needs none of <see cref="BeforeWrite"/>'s steps and its write has no
    /// one to be published to: writes are accepted, no snapshot is capturing the shard, no WATCH
    /// and no document index is registered, and nobody observes the change stream (an in-memory
    /// store without replicas). The shard lock is held, as for <see cref="BeforeWrite"/>.
    /// </summary>
    /// <remarks>
    /// This decides the embedded insert's speed: with these checks and the insert made inline,
    /// instead of the calls to <see cref="BeforeWriteIn"/>, <see cref="StoreString"/> and the
    /// change stream, 1M inserts ran at 304-357 ns each instead of 412-464
    /// (<c>embedded-pieces --only "set 0 insert api"</c>, session 9). As for GET, an operation short
    /// enough lets the processor start the next one's cache misses early (docs/benchmarks.md).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsQuietInsert(Shard shard) =>
        Core.WritesRefused is null && shard.PendingCapture is null && shard.Watches is null && _indexes is null && !Core.Changes.HasObservers;

    /// <summary>Adds a new string key: int-encoded when the value is a canonical integer, as <see cref="StoreString"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InsertString(Shard shard, ReadOnlySpan<byte> key, int hash, ReadOnlySpan<byte> value)
    {
        if (IsStoredAsInteger(value, out long number))
        {
            StoreInteger(shard, key, hash, -1, number);
            return;
        }
        shard.Table.AddString(hash, key, value, ValueKind.StringRaw);
    }

    /// <summary>MSET (all keys, atomically) and MSETNX (all or none when any exists).</summary>
    public bool SetMany(IReadOnlyList<KeyValuePair<byte[], byte[]>> pairs, bool onlyIfNoneExist) =>
        SetMany(new ArrayPairs(pairs), onlyIfNoneExist);

    /// <inheritdoc cref="SetMany(IReadOnlyList{KeyValuePair{byte[], byte[]}}, bool)"/>
    public bool SetMany<TPairs>(TPairs pairs, bool onlyIfNoneExist) where TPairs : IKeyValuePairs, allows ref struct
    {
        int count = pairs.Count;
        var shards = ArrayPool<Shard>.Shared.Rent(count);
        Span<int> hashes = count <= 64 ? stackalloc int[count] : new int[count];
        try
        {
            for (int p = 0; p < count; p++)
            {
                if (pairs.Value(p).Length > MaxStringLength)
                {
                    Throw(RedisErrors.StringTooLong);
                }
                hashes[p] = KeyHash.Compute(pairs.Key(p));
                shards[p] = ShardOf(hashes[p]);
            }
            using (ShardLocks.Enter(shards.AsSpan(0, count)))
            {
                if (onlyIfNoneExist)
                {
                    for (int p = 0; p < count; p++)
                    {
                        if (FindLive(shards[p], pairs.Key(p), hashes[p]) >= 0)
                        {
                            return false;
                        }
                    }
                }
                var w = Core.Changes.Writer();
                for (int p = 0; p < count; p++)
                {
                    var key = pairs.Key(p);
                    var value = pairs.Value(p);
                    int i = FindLive(shards[p], key, hashes[p]);
                    BeforeWrite(shards[p], key, i);
                    StoreString(shards[p], key, hashes[p], i, value, 0);
                    w?.Begin(ChangeOp.StringSet, Index, 3).Arg(key).Arg(value).Arg(0L);
                }
                if (w is not null)
                {
                    Publish(w);
                }
                return true;
            }
        }
        finally
        {
            ArrayPool<Shard>.Shared.Return(shards, clearArray: true);
        }
    }

    public MnemoValue[] GetMany(IReadOnlyList<byte[]> keys)
    {
        // MGET reads each key under its own shard lock; a missing key or one of another type is nil.
        var result = new MnemoValue[keys.Count];
        for (int k = 0; k < keys.Count; k++)
        {
            int hash = KeyHash.Compute(keys[k]);
            var shard = ShardOf(hash);
            using (shard.Lock())
            {
                int i = FindRead(shard, keys[k], hash);
                if (i >= 0 && shard.Table.At(i).IsString)
                {
                    result[k] = ReadString(ref shard.Table.At(i));
                }
            }
        }
        return result;
    }

    public MnemoValue GetDelete(ReadOnlySpan<byte> key)
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
            ref Slot slot = ref shard.Table.At(i);
            if (!slot.IsString)
            {
                ThrowWrongType();
            }
            var value = ReadString(ref slot);
            BeforeWrite(shard, key, i);
            RemoveEntry(shard, i);
            if (Effect(ChangeOp.Delete, 1) is { } w)
            {
                w.Arg(key);
                Publish(w);
            }
            return value;
        }
    }

    /// <summary>GETEX: returns the value and changes its expiry. <paramref name="expiresAt"/>: null keeps it, 0 persists.</summary>
    public MnemoValue GetAndExpire(ReadOnlySpan<byte> key, long? expiresAt)
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
            ref Slot slot = ref shard.Table.At(i);
            if (!slot.IsString)
            {
                ThrowWrongType();
            }
            var value = ReadString(ref slot);
            if (expiresAt is long at && at != slot.ExpiresAt)
            {
                ChangeExpiryLocked(shard, key, i, at);
            }
            return value;
        }
    }

    public long Increment(ReadOnlySpan<byte> key, long delta)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            long current = 0;
            long expiresAt = 0;
            if (i >= 0)
            {
                ref Slot slot = ref shard.Table.At(i);
                current = ReadInteger(ref slot);
                expiresAt = slot.ExpiresAt;
            }
            long result;
            try
            {
                result = checked(current + delta);
            }
            catch (OverflowException)
            {
                throw new MnemoException(RedisErrors.Overflow);
            }
            BeforeWrite(shard, key, i);
            StoreInteger(shard, key, hash, i, result);
            if (Effect(ChangeOp.StringSet, 3) is { } w)
            {
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(result, digits, out int n);
                w.Arg(key).Arg(digits[..n]).Arg(expiresAt);
                Publish(w);
            }
            return result;
        }
    }

    public MnemoValue IncrementFloat(ReadOnlySpan<byte> key, ReadOnlySpan<byte> incrementText)
    {
        if (!NumberText.TryParseDouble(incrementText, out double increment))
        {
            Throw(RedisErrors.NotFloat);
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            double current = 0;
            byte[] currentText = "0"u8.ToArray();
            long expiresAt = 0;
            if (i >= 0)
            {
                ref Slot slot = ref shard.Table.At(i);
                if (!slot.IsString)
                {
                    ThrowWrongType();
                }
                currentText = ReadString(ref slot).ToArray();
                if (!NumberText.TryParseDouble(currentText, out current))
                {
                    Throw(RedisErrors.NotFloat);
                }
                expiresAt = slot.ExpiresAt;
            }
            if (!NumberText.TryAddFloat(currentText, current, incrementText, increment, out string text, out _))
            {
                Throw(RedisErrors.NaNOrInfinity);
            }
            var bytes = System.Text.Encoding.ASCII.GetBytes(text);
            BeforeWrite(shard, key, i);
            StoreString(shard, key, hash, i, bytes, expiresAt);
            if (Effect(ChangeOp.StringSet, 3) is { } w)
            {
                w.Arg(key).Arg(bytes).Arg(expiresAt);
                Publish(w);
            }
            return MnemoValue.Own(bytes);
        }
    }

}


/// <summary>
/// Receives a stored value's bytes under the shard lock, instead of a copy (zero-copy reads for
/// the server). The server writes its reply here, so a command must not fail after calling
/// <see cref="Read"/> (the client would get a reply and then an error).
/// </summary>
internal interface IValueReader
{
    void Read(scoped ReadOnlySpan<byte> value);
}
