using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mnemo.Internal.Text;

namespace Mnemo.Internal.Keyspace;

/// <summary>
/// A fast 32-bit hash of key bytes, seeded randomly per process so that an attacker cannot
/// precompute colliding keys. It reads eight bytes per step; keys are usually short.
/// </summary>
internal static class KeyHash
{
    // Random.Shared is seeded from the OS's random source (as string hashing's seed is); RandomNumberGenerator would load OpenSSL (~5 MiB resident) for 8 bytes.
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue) | 1;
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    public static int Compute(ReadOnlySpan<byte> key)
    {
        int length = key.Length;
        ulong h = Seed ^ ((ulong)length * Multiplier);
        while (key.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(key));
            key = key[8..];
        }
        if (key.Length > 0)
        {
            h = Mix(h ^ Tail(key, length) ^ 0xFF);
        }
        return Finish(h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Finish(ulong h)
    {
        h ^= h >> 29;
        h *= Multiplier;
        h ^= h >> 32;
        return (int)h;
    }

    /// <summary>
    /// Narrows an all-ASCII string key into <paramref name="bytes"/> and hashes it in the same pass:
    /// the hash equals <see cref="Compute"/> of the bytes written, because each step mixes the very
    /// word it has just narrowed. Returns false, with nothing meaningful written, when a character is
    /// not ASCII or the key does not fit; the caller then encodes the key as UTF-8.
    /// </summary>
    /// <remarks>
    /// One pass instead of narrowing and then hashing: the embedded GET's instruction count decides
    /// whether consecutive GETs overlap their cache misses (docs/benchmarks.md, "Why the embedded
    /// GET's instruction count matters").
    /// </remarks>
    public static bool TryComputeAscii(ReadOnlySpan<char> chars, Span<byte> bytes, out int hash)
    {
        int length = chars.Length;
        hash = 0;
        if (length > bytes.Length)
        {
            return false;
        }
        if (length >= 8 && !(AsciiKey.IsVectorized && BitConverter.IsLittleEndian))
        {
            // No vector unit (or the word would not be the bytes' little-endian value): two passes.
            if (!AsciiKey.TryNarrow(chars, bytes))
            {
                return false;
            }
            hash = Compute(bytes[..length]);
            return true;
        }
        ref ushort source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
        ref byte destination = ref MemoryMarshal.GetReference(bytes);
        ulong h = Seed ^ ((ulong)length * Multiplier);
        if (length >= 8)
        {
            int i = 0;
            for (; i <= length - 8; i += 8)
            {
                if (!AsciiKey.TryNarrowEight(ref source, ref destination, i, out ulong word))
                {
                    return false;
                }
                h = Mix(h ^ word);
            }
            if (i < length)
            {
                // As Tail does: the eight bytes that end the key, shifted down to the 1-7 not yet mixed.
                if (!AsciiKey.TryNarrowEight(ref source, ref destination, length - 8, out ulong last8))
                {
                    return false;
                }
                h = Mix(h ^ (last8 >> (8 * (8 - (length - i)))) ^ 0xFF);
            }
        }
        else if (length > 0)
        {
            ulong word = 0;
            for (int i = 0; i < length; i++)
            {
                ushort c = Unsafe.Add(ref source, i);
                if (c > 0x7F)
                {
                    return false;
                }
                Unsafe.Add(ref destination, i) = (byte)c;
                word |= (ulong)c << (8 * i);
            }
            h = Mix(h ^ word ^ 0xFF);
        }
        hash = Finish(h);
        return true;
    }

    /// <summary>
    /// The last 1-7 bytes as a little-endian word. When the key has at least eight bytes they are
    /// the top of the word that ends the key, one load instead of a loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Tail(ReadOnlySpan<byte> rest, int keyLength)
    {
        Debug.Assert(rest.Length is > 0 and < 8 && rest.Length <= keyLength);
        if (keyLength >= 8)
        {
            // The eight bytes that end the key start before `rest`, inside the key.
            var last8 = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(rest), rest.Length - 8), 8);
            return BinaryPrimitives.ReadUInt64LittleEndian(last8) >> (8 * (8 - rest.Length));
        }
        ulong tail = 0;
        for (int i = 0; i < rest.Length; i++)
        {
            tail |= (ulong)rest[i] << (8 * i);
        }
        return tail;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong h)
    {
        h *= Multiplier;
        return BitOperations.RotateLeft(h, 31) * 0xBF58476D1CE4E5B9UL;
    }
}
