namespace Mnemo;

public partial interface IMnemoDatabase
{
    /// <summary>
    /// SETBIT: sets (true) or clears (false) the bit at <paramref name="offset"/> of the string value,
    /// growing it with zero bytes as needed (creating the key). Bit 0 is the most significant bit of
    /// the first byte. Returns the bit's previous value.
    /// </summary>
    /// <exception cref="MnemoException">The offset is negative or above 2^32-1 (<c>ERR bit offset is not an integer or out of range</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds a non-string.</exception>
    bool StringSetBit(MnemoKey key, long offset, bool bit);

    /// <summary>GETBIT: the bit at <paramref name="offset"/>; false past the end of the value or for a missing key.</summary>
    /// <exception cref="MnemoException">The offset is negative or above 2^32-1.</exception>
    bool StringGetBit(MnemoKey key, long offset);

    /// <summary>
    /// BITCOUNT: the number of set bits in the range [<paramref name="start"/>, <paramref name="end"/>]
    /// (inclusive; negative counts from the end) of bytes or bits. The defaults count the whole value.
    /// </summary>
    long StringBitCount(MnemoKey key, long start = 0, long end = -1, BitUnit unit = BitUnit.Byte);

    /// <summary>
    /// BITPOS: the position (in bits from the start of the value) of the first bit equal to
    /// <paramref name="bit"/>, searching from <paramref name="start"/> to <paramref name="end"/>
    /// (bytes or bits per <paramref name="unit"/>; negative counts from the end). When looking for a
    /// clear bit with no <paramref name="end"/> the value counts as followed by zeros, so the answer
    /// can be the first bit past its end; otherwise -1 means not found. A missing key is all zeros.
    /// With <see cref="BitUnit.Bit"/> and no <paramref name="end"/>, the end is the last bit (-1).
    /// </summary>
    long StringBitPosition(MnemoKey key, bool bit, long start = 0, long? end = null, BitUnit unit = BitUnit.Byte);

    /// <summary>
    /// BITOP: stores the bitwise <paramref name="operation"/> of the source values in
    /// <paramref name="destination"/> (replacing its value of any type, and its expiry). Missing
    /// sources count as empty strings and shorter values are padded with zero bytes. An empty result
    /// deletes <paramref name="destination"/>. Returns the result's length in bytes.
    /// </summary>
    /// <exception cref="MnemoException"><see cref="BitOp.Not"/> with more than one source (<c>ERR BITOP NOT must be called with a single source key.</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">A source holds a non-string; nothing is written.</exception>
    long StringBitOperation(BitOp operation, MnemoKey destination, params MnemoKey[] keys);
}
