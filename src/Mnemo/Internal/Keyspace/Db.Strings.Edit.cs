using System.Buffers.Text;
using System.Runtime.CompilerServices;
using Mnemo.Changes;
using Mnemo.Internal.Text;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>String commands that edit in place: APPEND, STRLEN, GETRANGE, SETRANGE.</summary>
internal sealed partial class Db
{
    public long Append(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            long length;
            if (i < 0)
            {
                BeforeWrite(shard, key, i);
                StoreString(shard, key, hash, -1, value, 0);
                length = value.Length;
            }
            else
            {
                var current = RawBytes(shard, i);
                if ((long)current.Length + value.Length > MaxStringLength)
                {
                    Throw(RedisErrors.StringTooLong);
                }
                BeforeWrite(shard, key, i);
                var target = GrowRaw(shard, i, current.Length + value.Length);
                value.CopyTo(target[current.Length..]);
                length = target.Length;
            }
            if (Effect(ChangeOp.StringAppend, 2) is { } w)
            {
                w.Arg(key).Arg(value);
                Publish(w);
            }
            return length;
        }
    }

    public long Length(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return 0;
            }
            ref Slot slot = ref shard.Table.At(i);
            if (!slot.IsString)
            {
                ThrowWrongType();
            }
            if (slot.Kind == ValueKind.StringInt)
            {
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(StringRecord.IntValue(Unsafe.As<byte[]>(slot.Item!), slot.Offset), digits, out int n);
                return n;
            }
            return StringRecord.ValueLength(Unsafe.As<byte[]>(slot.Item!), slot.Offset);
        }
    }

    /// <summary>GETRANGE with Redis's index rules (negative from the end, clamped, inclusive end).</summary>
    public MnemoValue GetRange(ReadOnlySpan<byte> key, long start, long end)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return MnemoValue.FromBytes([]);
            }
            ref Slot slot = ref shard.Table.At(i);
            if (!slot.IsString)
            {
                ThrowWrongType();
            }
            Span<byte> digits = stackalloc byte[20];
            ReadOnlySpan<byte> value = ValueBytes(ref slot, digits);
            long length = value.Length;
            if (start < 0 && end < 0 && start > end)
            {
                return MnemoValue.FromBytes([]);
            }
            if (start < 0)
            {
                start = Math.Max(0, length + start);
            }
            if (end < 0)
            {
                end = Math.Max(0, length + end);
            }
            if (end >= length)
            {
                end = length - 1;
            }
            if (length == 0 || start > end)
            {
                return MnemoValue.FromBytes([]);
            }
            return MnemoValue.FromBytes(value.Slice((int)start, (int)(end - start + 1)));
        }
    }

    public long SetRange(ReadOnlySpan<byte> key, long offset, ReadOnlySpan<byte> value)
    {
        if (offset < 0)
        {
            Throw(RedisErrors.OffsetOutOfRange);
        }
        if (offset + value.Length > MaxStringLength)
        {
            Throw(RedisErrors.StringTooLong);
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i >= 0 && !shard.Table.At(i).IsString)
            {
                ThrowWrongType();
            }
            if (value.IsEmpty)
            {
                // Nothing to write: report the current length and create nothing.
                if (i < 0)
                {
                    return 0;
                }
                Span<byte> digits = stackalloc byte[20];
                return ValueBytes(ref shard.Table.At(i), digits).Length;
            }
            BeforeWrite(shard, key, i);
            if (i < 0)
            {
                i = StoreString(shard, key, hash, -1, [], 0);
            }
            int currentLength = RawBytes(shard, i).Length;
            int needed = (int)Math.Max(currentLength, offset + value.Length);
            var target = GrowRaw(shard, i, needed);
            target[currentLength..].Clear(); // zero padding up to the offset
            value.CopyTo(target[(int)offset..]);
            if (Effect(ChangeOp.StringSetRange, 3) is { } w)
            {
                w.Arg(key).Arg(offset).Arg(value);
                Publish(w);
            }
            return target.Length;
        }
    }
}
