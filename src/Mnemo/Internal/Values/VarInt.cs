namespace Mnemo.Internal.Values;

/// <summary>Unsigned LEB128 integers for lengths in records and change batches.</summary>
internal static class VarInt
{
    public static int Size(int value)
    {
        uint v = (uint)value;
        int size = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            size++;
        }
        return size;
    }

    public static int Write(Span<byte> destination, int value)
    {
        uint v = (uint)value;
        int i = 0;
        while (v >= 0x80)
        {
            destination[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        destination[i++] = (byte)v;
        return i;
    }

    public static int Read(ReadOnlySpan<byte> source, out int size)
    {
        uint result = 0;
        int shift = 0;
        int i = 0;
        while (true)
        {
            if (i >= source.Length || shift > 28)
            {
                throw new InvalidDataException("Malformed variable-length integer.");
            }
            byte b = source[i++];
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
            shift += 7;
        }
        size = i;
        return (int)result;
    }
}
