using System.Buffers.Binary;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Changes;

/// <summary>
/// Encodes effect records into a reusable buffer (format in <see cref="Mnemo.Changes.ChangeReader"/>).
/// One writer belongs to one thread at a time: a per-thread writer for single commands, or the
/// transaction's writer, which accumulates the whole transaction into one batch.
/// </summary>
internal sealed class ChangeWriter
{
    private byte[] _buffer = new byte[256];

    public int Length { get; private set; }

    public int Count { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public ChangeWriter Begin(Mnemo.Changes.ChangeOp op, int database, int argumentCount)
    {
        Ensure(11);
        _buffer[Length++] = (byte)op;
        Length += VarInt.Write(_buffer.AsSpan(Length), database);
        Length += VarInt.Write(_buffer.AsSpan(Length), argumentCount);
        Count++;
        return this;
    }

    public ChangeWriter Arg(ReadOnlySpan<byte> bytes)
    {
        Ensure(5 + bytes.Length);
        Length += VarInt.Write(_buffer.AsSpan(Length), bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
        return this;
    }

    public ChangeWriter Arg(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Arg(bytes);
    }

    public ChangeWriter Arg(double value) => Arg(BitConverter.DoubleToInt64Bits(value));

    public ChangeWriter Arg(bool value) => Arg(value ? 1L : 0L);

    public void Reset()
    {
        Length = 0;
        Count = 0;
        if (_buffer.Length > 1 << 20)
        {
            _buffer = new byte[256]; // do not pin a huge buffer to the thread after one big write
        }
    }

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}
