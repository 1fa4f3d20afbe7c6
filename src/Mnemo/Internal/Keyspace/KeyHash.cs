using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        h ^= h >> 29;
        h *= Multiplier;
        h ^= h >> 32;
        return (int)h;
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
