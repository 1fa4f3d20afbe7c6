using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>
/// A string key and its value in one array: <c>[varint keyLength][key][int32 valueLength][value][spare]</c>.
/// One object per string key keeps memory per key low. The spare tail lets APPEND and SETRANGE
/// grow a value in place with amortised doubling, as Redis's sds strings do. An integer-encoded
/// string (<see cref="ValueKind.StringInt"/>) holds its 8-byte little-endian value in the value part.
/// Records are never handed out: readers copy the value.
/// </summary>
internal static class StringRecord
{
    public static byte[] Create(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int spare = 0)
    {
        int header = VarInt.Size(key.Length) + key.Length + 4;
        var record = GC.AllocateUninitializedArray<byte>(header + value.Length + spare);
        int pos = VarInt.Write(record, key.Length);
        key.CopyTo(record.AsSpan(pos));
        pos += key.Length;
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(pos), value.Length);
        value.CopyTo(record.AsSpan(pos + 4));
        return record;
    }

    public static byte[] CreateInt(ReadOnlySpan<byte> key, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Create(key, bytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Key(byte[] record)
    {
        int length = KeyLength(record, out int size);
        return record.AsSpan(size, length);
    }

    /// <summary>
    /// The key's length and the size of its varint. Keys under 128 bytes, nearly all of them, have
    /// a one-byte length, read here without the general decoder's loop: every lookup compares a
    /// key, and GET reads this twice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int KeyLength(byte[] record, out int size)
    {
        byte first = record[0];
        if (first < 0x80)
        {
            size = 1;
            return first;
        }
        return VarInt.Read(record, out size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LengthOffset(byte[] record)
    {
        int length = KeyLength(record, out int size);
        return size + length;
    }

    public static int ValueLength(byte[] record) =>
        BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(LengthOffset(record)));

    /// <summary>The raw value bytes (for a raw string) or the 8 bytes of an integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<byte> Value(byte[] record)
    {
        int offset = LengthOffset(record);
        int length = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(offset));
        return record.AsSpan(offset + 4, length);
    }

    public static long IntValue(byte[] record) => BinaryPrimitives.ReadInt64LittleEndian(Value(record));

    /// <summary>Bytes available for the value without reallocating.</summary>
    public static int Capacity(byte[] record) => record.Length - LengthOffset(record) - 4;

    /// <summary>Sets the value length when it fits the capacity; the caller writes the bytes.</summary>
    public static Span<byte> Resize(byte[] record, int newLength)
    {
        int offset = LengthOffset(record);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(offset), newLength);
        return record.AsSpan(offset + 4, newLength);
    }

    /// <summary>Overwrites the value in place when the new value fits; returns false otherwise.</summary>
    public static bool TryOverwrite(byte[] record, ReadOnlySpan<byte> value)
    {
        // Reuse only exact-size arrays for plain SETs: keeping a large spare around after a
        // shrinking SET would hold memory the user believes was released.
        int offset = LengthOffset(record);
        if (record.Length - offset - 4 != value.Length)
        {
            return false;
        }
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(offset), value.Length);
        value.CopyTo(record.AsSpan(offset + 4));
        return true;
    }

    public static bool TryOverwriteInt(byte[] record, long value)
    {
        int offset = LengthOffset(record);
        if (record.Length - offset - 4 != 8)
        {
            return false;
        }
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(offset), 8);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(offset + 4), value);
        return true;
    }
}
