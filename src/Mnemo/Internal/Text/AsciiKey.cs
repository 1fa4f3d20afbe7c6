using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mnemo.Internal.Text;

/// <summary>
/// Narrows an all-ASCII string key to bytes, eight characters per step. Keys are usually short
/// ASCII strings. On a 10-character key this takes 47 instructions, against 127 for
/// <c>Encoding.UTF8.GetBytes</c> and 73 for <see cref="System.Text.Ascii.FromUtf16"/> (callgrind,
/// Native AOT build of the embedded GET; docs/benchmarks.md, "Why the embedded GET's instruction
/// count matters").
/// </summary>
internal static class AsciiKey
{
    /// <summary>
    /// Writes <paramref name="chars"/> to the start of <paramref name="bytes"/> and returns true when
    /// every character is ASCII and they fit; otherwise returns false (the bytes written so far mean
    /// nothing and the caller encodes the string as UTF-8).
    /// </summary>
    public static bool TryNarrow(ReadOnlySpan<char> chars, Span<byte> bytes)
    {
        int length = chars.Length;
        if (length > bytes.Length)
        {
            return false;
        }
        ref ushort source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
        ref byte destination = ref MemoryMarshal.GetReference(bytes);
        if (length >= 8 && IsVectorized)
        {
            int i = 0;
            for (; i <= length - 8; i += 8)
            {
                if (!TryNarrowEight(ref source, ref destination, i, out _))
                {
                    return false;
                }
            }
            // The last 1-7 characters: the eight that end the key, overlapping ones already written
            // (they are written again with the same bytes).
            return i == length || TryNarrowEight(ref source, ref destination, length - 8, out _);
        }
        for (int i = 0; i < length; i++)
        {
            ushort c = Unsafe.Add(ref source, i);
            if (c > 0x7F)
            {
                return false;
            }
            Unsafe.Add(ref destination, i) = (byte)c;
        }
        return true;
    }

    /// <summary>True when the eight-character step runs on a vector unit (otherwise narrow one character at a time).</summary>
    public static bool IsVectorized => Vector128.IsHardwareAccelerated;

    /// <summary>
    /// Narrows the eight characters at <paramref name="offset"/> to the same offset of
    /// <paramref name="destination"/> and returns them as one little-endian word (the key hash mixes
    /// it without reading the bytes back); false when one of them is not ASCII.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryNarrowEight(ref ushort source, ref byte destination, int offset, out ulong eight)
    {
        var chars = Vector128.LoadUnsafe(ref source, (nuint)offset);
        if ((chars & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
        {
            eight = 0;
            return false;
        }
        eight = Vector128.Narrow(chars, chars).AsUInt64().ToScalar();
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, offset), eight);
        return true;
    }
}
