using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>
/// A string key and its value in one run of bytes: <c>[varint keyLength][key][int32 valueLength][value][spare]</c>.
/// A record lives at an offset in an array: either an array of its own (offset 0, a
/// <em>standalone</em> record) or a chunk of a shard's <see cref="RecordArena"/> (offset &gt; 0),
/// which holds the records of many keys so that the GC sees one object per chunk instead of one per
/// key. Only a standalone record has a spare tail, which lets APPEND and SETRANGE grow a value in
/// place with amortised doubling as Redis's sds strings do; an arena record is exactly as long as
/// its value (its capacity is its length). An integer-encoded string (<see cref="ValueKind.StringInt"/>)
/// holds its 8-byte little-endian value in the value part. Records are never handed out: readers copy the value.
/// </summary>
internal static class StringRecord
{
    /// <summary>A standalone record (offset 0) with <paramref name="spare"/> bytes of room to grow.</summary>
    public static byte[] Create(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int spare = 0)
    {
        var record = GC.AllocateUninitializedArray<byte>(Size(key.Length, value.Length) + spare);
        Write(record, key, value);
        return record;
    }

    public static byte[] CreateInt(ReadOnlySpan<byte> key, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Create(key, bytes);
    }

    /// <summary>Bytes a record of this key and value length takes without spare.</summary>
    public static int Size(int keyLength, int valueLength) => VarInt.Size(keyLength) + keyLength + 4 + valueLength;

    /// <summary>Writes a record at the start of <paramref name="destination"/> (at least <see cref="Size"/> bytes).</summary>
    public static void Write(Span<byte> destination, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        int pos = VarInt.Write(destination, key.Length);
        key.CopyTo(destination[pos..]);
        pos += key.Length;
        BinaryPrimitives.WriteInt32LittleEndian(destination[pos..], value.Length);
        value.CopyTo(destination[(pos + 4)..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Key(byte[] array, int offset)
    {
        int length = KeyLength(array, offset, out int size);
        return array.AsSpan(offset + size, length);
    }

    /// <summary>
    /// The key's length and the size of its varint. Keys under 128 bytes, nearly all of them, have
    /// a one-byte length, read here without the general decoder's loop: every lookup compares a
    /// key, and GET reads this twice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int KeyLength(byte[] array, int offset, out int size)
    {
        byte first = array[offset];
        if (first < 0x80)
        {
            size = 1;
            return first;
        }
        return VarInt.Read(array.AsSpan(offset), out size);
    }

    /// <summary>Where the int32 value length starts, relative to the array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LengthAt(byte[] array, int offset)
    {
        int length = KeyLength(array, offset, out int size);
        return offset + size + length;
    }

    public static int ValueLength(byte[] array, int offset) =>
        BinaryPrimitives.ReadInt32LittleEndian(array.AsSpan(LengthAt(array, offset)));

    /// <summary>The raw value bytes (for a raw string) or the 8 bytes of an integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<byte> Value(byte[] array, int offset)
    {
        int at = LengthAt(array, offset);
        int length = BinaryPrimitives.ReadInt32LittleEndian(array.AsSpan(at));
        return array.AsSpan(at + 4, length);
    }

    public static long IntValue(byte[] array, int offset) => BinaryPrimitives.ReadInt64LittleEndian(Value(array, offset));

    /// <summary>Bytes available for the value without moving the record (an arena record's is its length).</summary>
    public static int Capacity(byte[] array, int offset) => Room(array, offset, LengthAt(array, offset));

    private static int Room(byte[] array, int offset, int lengthAt) =>
        offset == 0 ? array.Length - lengthAt - 4 : BinaryPrimitives.ReadInt32LittleEndian(array.AsSpan(lengthAt));

    /// <summary>The bytes the record takes up to the end of its value (what an arena record occupies).</summary>
    public static int Extent(byte[] array, int offset)
    {
        int at = LengthAt(array, offset);
        return at - offset + 4 + BinaryPrimitives.ReadInt32LittleEndian(array.AsSpan(at));
    }

    /// <summary>Sets the value length when it fits the capacity; the caller writes the bytes.</summary>
    public static Span<byte> Resize(byte[] array, int offset, int newLength)
    {
        int at = LengthAt(array, offset);
        BinaryPrimitives.WriteInt32LittleEndian(array.AsSpan(at), newLength);
        return array.AsSpan(at + 4, newLength);
    }

    /// <summary>Overwrites the value in place when the new value has the same length; returns false otherwise.</summary>
    public static bool TryOverwrite(byte[] array, int offset, ReadOnlySpan<byte> value)
    {
        // Reuse only exact-size records for plain SETs: keeping a large spare around after a
        // shrinking SET would hold memory the user believes was released (and an arena record
        // cannot grow or give back part of itself).
        int at = LengthAt(array, offset);
        if (Room(array, offset, at) != value.Length)
        {
            return false;
        }
        BinaryPrimitives.WriteInt32LittleEndian(array.AsSpan(at), value.Length);
        value.CopyTo(array.AsSpan(at + 4));
        return true;
    }

    public static bool TryOverwriteInt(byte[] array, int offset, long value)
    {
        int at = LengthAt(array, offset);
        if (Room(array, offset, at) != 8)
        {
            return false;
        }
        BinaryPrimitives.WriteInt32LittleEndian(array.AsSpan(at), 8);
        BinaryPrimitives.WriteInt64LittleEndian(array.AsSpan(at + 4), value);
        return true;
    }

    /// <summary>A standalone copy (offset 0) of a record, its spare included when it has one.</summary>
    public static byte[] CopyStandalone(byte[] array, int offset) =>
        offset == 0 ? (byte[])array.Clone() : array.AsSpan(offset, Extent(array, offset)).ToArray();
}
