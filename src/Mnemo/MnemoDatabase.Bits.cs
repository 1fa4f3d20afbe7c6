namespace Mnemo;

internal sealed partial class MnemoDatabase
{
    /// <inheritdoc/>
    public bool StringSetBit(MnemoKey key, long offset, bool bit)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetBit(k.Span, offset, bit ? 1 : 0) == 1;
    }

    /// <inheritdoc/>
    public bool StringGetBit(MnemoKey key, long offset)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.GetBit(k.Span, offset) == 1;
    }

    /// <inheritdoc/>
    public long StringBitCount(MnemoKey key, long start = 0, long end = -1, BitUnit unit = BitUnit.Byte)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.BitCount(k.Span, start, end, unit == BitUnit.Bit);
    }

    /// <inheritdoc/>
    public long StringBitPosition(MnemoKey key, bool bit, long start = 0, long? end = null, BitUnit unit = BitUnit.Byte)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        // BITPOS accepts BIT only after an explicit end.
        if (unit == BitUnit.Bit && end is null)
        {
            end = -1;
        }
        return _db.BitPosition(k.Span, bit ? 1 : 0, start, end, unit == BitUnit.Bit);
    }

    /// <inheritdoc/>
    public long StringBitOperation(BitOp operation, MnemoKey destination, params MnemoKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length == 0)
        {
            throw new ArgumentException("BITOP needs at least one source key.", nameof(keys));
        }
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var d = destination.Encode(scratch);
        return _db.BitOperation(operation, d.Span, KeyArrays(keys));
    }
}
