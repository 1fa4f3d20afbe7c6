namespace Mnemo.Internal.Text;

/// <summary>
/// Redis's glob matching (<c>stringmatchlen</c> in util.c), byte for byte: <c>*</c> any run,
/// <c>?</c> any one byte, <c>[abc]</c>, <c>[^a]</c>, <c>[a-z]</c> (reversed ranges allowed),
/// and <c>\x</c> to match <c>x</c> literally (also inside brackets). An unclosed <c>[</c> ends
/// the class at the end of the pattern. Used by KEYS/SCAN MATCH, SSCAN, HSCAN and ZSCAN.
/// </summary>
/// <remarks>
/// As in Redis, an empty text matches only the empty pattern (the SCAN commands treat a lone
/// <c>*</c> as "no pattern" before matching). Once a <c>*</c> has tried every suffix without
/// success no longer match can succeed, so matching stays polynomial (Redis's
/// <c>skipLongerMatches</c>); nesting is capped as in Redis.
/// </remarks>
internal static class Glob
{
    private const int MaxNesting = 1000;

    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text)
    {
        bool skipLongerMatches = false;
        return Match(pattern, text, ref skipLongerMatches, 0);
    }

    private static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, ref bool skipLongerMatches, int nesting)
    {
        if (nesting > MaxNesting)
        {
            return false;
        }
        int p = 0;
        int s = 0;
        while (p < pattern.Length && s < text.Length)
        {
            switch (pattern[p])
            {
                case (byte)'*':
                    while (p + 1 < pattern.Length && pattern[p + 1] == (byte)'*')
                    {
                        p++;
                    }
                    if (p + 1 == pattern.Length)
                    {
                        return true;
                    }
                    while (s < text.Length)
                    {
                        if (Match(pattern[(p + 1)..], text[s..], ref skipLongerMatches, nesting + 1))
                        {
                            return true;
                        }
                        if (skipLongerMatches)
                        {
                            return false;
                        }
                        s++;
                    }
                    skipLongerMatches = true;
                    return false;
                case (byte)'?':
                    s++;
                    break;
                case (byte)'[':
                    if (!MatchClass(pattern, ref p, text[s]))
                    {
                        return false;
                    }
                    s++;
                    break;
                case (byte)'\\':
                    if (pattern.Length - p >= 2)
                    {
                        p++;
                    }
                    if (pattern[p] != text[s])
                    {
                        return false;
                    }
                    s++;
                    break;
                default:
                    if (pattern[p] != text[s])
                    {
                        return false;
                    }
                    s++;
                    break;
            }
            p++;
            if (s == text.Length)
            {
                while (p < pattern.Length && pattern[p] == (byte)'*')
                {
                    p++;
                }
                break;
            }
        }
        return p == pattern.Length && s == text.Length;
    }

    /// <summary>Matches one byte against the class opening at <paramref name="p"/>; leaves <paramref name="p"/> on its closing bracket.</summary>
    private static bool MatchClass(ReadOnlySpan<byte> pattern, ref int p, byte c)
    {
        p++;
        bool not = p < pattern.Length && pattern[p] == (byte)'^';
        if (not)
        {
            p++;
        }
        bool match = false;
        while (true)
        {
            if (p >= pattern.Length)
            {
                p--; // unclosed class: the caller's step moves past the end
                break;
            }
            if (pattern[p] == (byte)'\\' && pattern.Length - p >= 2)
            {
                p++;
                match |= pattern[p] == c;
            }
            else if (pattern[p] == (byte)']')
            {
                break;
            }
            else if (pattern.Length - p >= 3 && pattern[p + 1] == (byte)'-')
            {
                int start = pattern[p];
                int end = pattern[p + 2];
                if (start > end)
                {
                    (start, end) = (end, start);
                }
                p += 2;
                match |= c >= start && c <= end;
            }
            else
            {
                match |= pattern[p] == c;
            }
            p++;
        }
        return not ? !match : match;
    }
}
