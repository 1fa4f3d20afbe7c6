namespace Mnemo.Protocol;

/// <summary>Redis's integer syntax for length lines (<c>string2ll</c> in util.c).</summary>
internal static class RespNumber
{
    /// <summary>string2ll rejects strings of LONG_STR_SIZE (21) bytes or more.</summary>
    public const int MaxInt64Digits = 20;

    /// <summary>
    /// Parses a signed 64-bit integer exactly as <c>string2ll</c> does: an optional '-', no '+',
    /// no leading zeros (except "0" itself), no spaces, no "-0", no overflow.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > MaxInt64Digits)
        {
            return false;
        }
        if (s.Length == 1 && s[0] == (byte)'0')
        {
            return true;
        }
        int i = 0;
        bool negative = false;
        if (s[0] == (byte)'-')
        {
            negative = true;
            i = 1;
            if (s.Length == 1)
            {
                return false;
            }
        }
        if (s[i] < (byte)'1' || s[i] > (byte)'9')
        {
            return false;
        }
        ulong v = (ulong)(s[i] - '0');
        for (i++; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9 || v > ulong.MaxValue / 10)
            {
                return false;
            }
            v *= 10;
            if (v > ulong.MaxValue - d)
            {
                return false;
            }
            v += d;
        }
        if (negative)
        {
            if (v > (ulong)long.MaxValue + 1)
            {
                return false;
            }
            value = unchecked((long)(0UL - v));
        }
        else
        {
            if (v > long.MaxValue)
            {
                return false;
            }
            value = (long)v;
        }
        return true;
    }
}
