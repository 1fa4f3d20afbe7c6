using System.Buffers.Binary;
using System.Numerics;

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
        ulong h = Seed ^ ((ulong)key.Length * Multiplier);
        while (key.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(key));
            key = key[8..];
        }
        if (key.Length > 0)
        {
            ulong tail = 0;
            for (int i = 0; i < key.Length; i++)
            {
                tail |= (ulong)key[i] << (8 * i);
            }
            h = Mix(h ^ tail ^ 0xFF);
        }
        h ^= h >> 29;
        h *= Multiplier;
        h ^= h >> 32;
        return (int)h;
    }

    private static ulong Mix(ulong h)
    {
        h *= Multiplier;
        return BitOperations.RotateLeft(h, 31) * 0xBF58476D1CE4E5B9UL;
    }
}
