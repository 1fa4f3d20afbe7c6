using System.Security.Cryptography;

namespace Mnemo.Internal.Documents;

/// <summary>
/// Generated document ids: 26 characters of Crockford base32 (digits and uppercase letters
/// without I, L, O, U) encoding 128 bits, ULID layout: 48 bits of Unix milliseconds, then 80
/// bits that start random each millisecond and count up within it. Ids made by one process
/// sort (ordinally) in the order they were made; the clock never goes backwards for them.
/// </summary>
internal static class DocumentIds
{
    public const int Length = 26;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly Lock Gate = new();
    private static long LastMilliseconds;
    private static ushort HighBits;
    private static ulong LowBits;

    public static string NewId()
    {
        long ms;
        ushort high;
        ulong low;
        lock (Gate)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (now > LastMilliseconds)
            {
                LastMilliseconds = now;
                Span<byte> random = stackalloc byte[10];
                RandomNumberGenerator.Fill(random);
                HighBits = (ushort)(BitConverter.ToUInt16(random) & 0x7FFF); // room to count up
                LowBits = BitConverter.ToUInt64(random[2..]);
            }
            else if (++LowBits == 0)
            {
                HighBits++;
            }
            ms = LastMilliseconds;
            high = HighBits;
            low = LowBits;
        }
        return Encode(ms, high, low);
    }

    private static string Encode(long ms, ushort high, ulong low)
    {
        // 128 bits: ms (48) | high (16) | low (64); base32 from the most significant end (2 pad bits first).
        UInt128 value = ((UInt128)(ulong)ms << 80) | ((UInt128)high << 64) | low;
        return string.Create(Length, value, static (span, v) =>
        {
            for (int i = span.Length - 1; i >= 0; i--)
            {
                span[i] = Alphabet[(int)(ulong)(v & 31)];
                v >>= 5;
            }
        });
    }
}
