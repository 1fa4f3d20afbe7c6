using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using Mnemo.Changes;
using Mnemo.Internal.Text;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>How string values are read and written in their records (shared by the string and bit commands).</summary>
internal sealed partial class Db
{
    /// <summary>A copy of a string entry's value (integers come back without allocating).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static MnemoValue ReadString(ref Slot slot)
    {
        if (!slot.IsString)
        {
            ThrowWrongType();
        }
        var record = Unsafe.As<byte[]>(slot.Item!);
        return slot.Kind == ValueKind.StringInt
            ? StringRecord.IntValue(record, slot.Offset)
            : MnemoValue.FromBytes(StringRecord.Value(record, slot.Offset));
    }

    /// <summary>The value's bytes; integers are formatted into <paramref name="digits"/>.</summary>
    internal static ReadOnlySpan<byte> ValueBytes(ref Slot slot, Span<byte> digits)
    {
        var record = Unsafe.As<byte[]>(slot.Item!);
        if (slot.Kind == ValueKind.StringInt)
        {
            Utf8Formatter.TryFormat(StringRecord.IntValue(record, slot.Offset), digits, out int n);
            return digits[..n];
        }
        return StringRecord.Value(record, slot.Offset);
    }

    private static long ReadInteger(ref Slot slot)
    {
        if (!slot.IsString)
        {
            ThrowWrongType();
        }
        var record = Unsafe.As<byte[]>(slot.Item!);
        if (slot.Kind == ValueKind.StringInt)
        {
            return StringRecord.IntValue(record, slot.Offset);
        }
        if (!NumberText.TryParseInt64(StringRecord.Value(record, slot.Offset), out long value))
        {
            Throw(RedisErrors.NotInteger);
        }
        return value;
    }

    /// <summary>
    /// Writes a string value (int-encoded when it is a canonical integer) into entry
    /// <paramref name="index"/>, or a new entry when it is -1; returns the entry's index.
    /// </summary>
    internal int StoreString(Shard shard, ReadOnlySpan<byte> key, int hash, int index, ReadOnlySpan<byte> value, long expiresAt)
    {
        if (IsStoredAsInteger(value, out long number))
        {
            index = StoreInteger(shard, key, hash, index, number);
        }
        else if (index < 0)
        {
            index = shard.Table.AddString(hash, key, value, ValueKind.StringRaw);
        }
        else
        {
            ref Slot slot = ref shard.Table.At(index);
            if (slot.Kind != ValueKind.StringRaw || !StringRecord.TryOverwrite(Unsafe.As<byte[]>(slot.Item!), slot.Offset, value))
            {
                shard.Table.ReplaceString(index, key, value, ValueKind.StringRaw);
            }
        }
        if (shard.Table.At(index).ExpiresAt != expiresAt)
        {
            shard.Table.SetExpiry(index, expiresAt);
        }
        return index;
    }

    /// <summary>
    /// True when a string value is a canonical integer, which is stored int-encoded
    /// (<see cref="ValueKind.StringInt"/>). Only a value that starts like one is parsed: most
    /// values are not integers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsStoredAsInteger(ReadOnlySpan<byte> value, out long number)
    {
        if (value.IsEmpty || value.Length > 20 || (uint)(value[0] - '-') > '9' - '-')
        {
            number = 0;
            return false;
        }
        return NumberText.TryParseInt64(value, out number);
    }

    /// <summary>Writes an integer value, keeping the entry's expiry (or none for a new entry); returns the index.</summary>
    private static int StoreInteger(Shard shard, ReadOnlySpan<byte> key, int hash, int index, long value)
    {
        if (index >= 0)
        {
            ref Slot slot = ref shard.Table.At(index);
            if (slot.IsString && StringRecord.TryOverwriteInt(Unsafe.As<byte[]>(slot.Item!), slot.Offset, value))
            {
                shard.Table.SetStringKind(index, ValueKind.StringInt);
                return index;
            }
        }
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        if (index < 0)
        {
            return shard.Table.AddString(hash, key, bytes, ValueKind.StringInt);
        }
        shard.Table.ReplaceString(index, key, bytes, ValueKind.StringInt);
        return index;
    }

    /// <summary>The raw bytes of a string entry, converting an int-encoded one to raw form first.</summary>
    internal static Span<byte> RawBytes(Shard shard, int index)
    {
        ref Slot slot = ref shard.Table.At(index);
        if (!slot.IsString)
        {
            ThrowWrongType();
        }
        var record = Unsafe.As<byte[]>(slot.Item!);
        if (slot.Kind == ValueKind.StringInt)
        {
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat(StringRecord.IntValue(record, slot.Offset), digits, out int n);
            var raw = StringRecord.Create(StringRecord.Key(record, slot.Offset), digits[..n]);
            shard.Table.Replace(index, raw, ValueKind.StringRaw);
            return StringRecord.Value(raw, 0);
        }
        return StringRecord.Value(record, slot.Offset);
    }

    /// <summary>Resizes a raw string entry's value to <paramref name="length"/> bytes, growing with doubling; returns the value span.</summary>
    internal static Span<byte> GrowRaw(Shard shard, int index, int length)
    {
        ref Slot slot = ref shard.Table.At(index);
        var record = Unsafe.As<byte[]>(slot.Item!);
        int offset = slot.Offset;
        int capacity = StringRecord.Capacity(record, offset);
        // An arena record is resized only to its own length: shrunk in place, it would leave bytes
        // its table counts as live but no record owns.
        if (capacity < length || (offset != 0 && length != capacity))
        {
            var current = StringRecord.Value(record, offset);
            current = current[..Math.Min(current.Length, length)];
            int spare = (int)Math.Min(Math.Max(length, 64), MaxStringLength - length);
            var grown = StringRecord.Create(StringRecord.Key(record, offset), current, spare + (length - current.Length));
            shard.Table.Replace(index, grown, ValueKind.StringRaw);
            record = grown;
            offset = 0;
        }
        return StringRecord.Resize(record, offset, length);
    }
}
