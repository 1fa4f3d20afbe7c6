using System.Buffers.Binary;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Persistence;

/// <summary>A growable byte buffer with the primitive encodings of snapshot and journal files.</summary>
internal sealed class BufferWriter(int capacity = 4096)
{
    private byte[] _buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public Span<byte> WrittenMutable => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void VarInt(int value)
    {
        Ensure(5);
        Length += Values.VarInt.Write(_buffer.AsSpan(Length), value);
    }

    public void Int32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void Int64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(Length), value);
        Length += 8;
    }

    public void Double(double value) => Int64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>A length-prefixed byte string.</summary>
    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        VarInt(bytes.Length);
        Raw(bytes);
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Reserves <paramref name="count"/> bytes to fill in later (a length or checksum) and returns their offset.</summary>
    public int Reserve(int count)
    {
        Ensure(count);
        int at = Length;
        Length += count;
        return at;
    }

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}

/// <summary>Reads what <see cref="BufferWriter"/> wrote; throws <see cref="InvalidDataException"/> past the end.</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; }

    public readonly bool End => Position >= _data.Length;

    public byte Byte() => Take(1)[0];

    public int VarInt()
    {
        int value = Values.VarInt.Read(_data[Position..], out int size);
        Position += size;
        return value;
    }

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double Double() => BitConverter.Int64BitsToDouble(Int64());

    public ReadOnlySpan<byte> Bytes() => Take(VarInt());

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - Position)
        {
            throw new InvalidDataException($"Record runs past its end (needs {count} bytes at offset {Position} of {_data.Length}).");
        }
        var slice = _data.Slice(Position, count);
        Position += count;
        return slice;
    }
}
