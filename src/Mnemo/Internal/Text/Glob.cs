namespace Mnemo.Internal.Text;

/// <summary>
/// Redis's glob-style matching (<c>stringmatchlen</c>) for KEYS, SCAN MATCH and pattern
/// subscriptions: <c>*</c> any run of bytes, <c>?</c> any one byte, <c>[abc]</c>, <c>[^abc]</c>,
/// <c>[a-z]</c> (a reversed range <c>[z-a]</c> means the same), and <c>\x</c> for a literal x.
/// Quirks kept from Redis: an unterminated class (<c>[abc</c>) runs to the end of the pattern,
/// <c>[]</c> matches nothing, <c>[a-]</c> is the range from <c>a</c> to <c>]</c>, and a trailing
/// backslash is a literal backslash, and an empty text matches only the empty pattern (so not
/// <c>*</c>: KEYS and SCAN special-case a lone <c>*</c> as "everything", as Redis does). Bytes
/// compare as unsigned values.
/// </summary>
/// <remarks>
/// Redis tries every split of a <c>*</c> recursively (with a cut-off); here a star only remembers
/// where to resume, the classic greedy backtracking for wildcards: every other token matches
/// exactly one byte, so retrying from the most recent star is enough and the cost is at most
/// pattern length × text length, even for patterns like <c>a*a*a*a*b</c>.
/// </remarks>
internal static class Glob
{
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return pattern.IsEmpty; // stringmatchlen's main loop never runs for an empty text
        }
        int p = 0;
        int t = 0;
        int starPattern = -1; // pattern position just after the most recent star
        int starText = 0;     // text position that star currently stops at
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                if (pattern[p] == (byte)'*')
                {
                    while (p < pattern.Length && pattern[p] == (byte)'*')
                    {
                        p++;
                    }
                    if (p == pattern.Length)
                    {
                        return true;
                    }
                    starPattern = p;
                    starText = t;
                    continue;
                }
                int next = MatchOne(pattern, p, text[t]);
                if (next >= 0)
                {
                    p = next;
                    t++;
                    continue;
                }
            }
            if (starPattern < 0)
            {
                return false;
            }
            // Let the last star swallow one more byte and retry the rest of the pattern.
            p = starPattern;
            t = ++starText;
        }
        while (p < pattern.Length && pattern[p] == (byte)'*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>Matches one non-star token at <paramref name="p"/> against <paramref name="c"/>; the position after it, or -1.</summary>
    private static int MatchOne(ReadOnlySpan<byte> pattern, int p, byte c)
    {
        switch (pattern[p])
        {
            case (byte)'?':
                return p + 1;
            case (byte)'[':
                return MatchClass(pattern, p + 1, c);
            case (byte)'\\' when p + 1 < pattern.Length:
                return pattern[p + 1] == c ? p + 2 : -1;
            default:
                return pattern[p] == c ? p + 1 : -1;
        }
    }

    private static int MatchClass(ReadOnlySpan<byte> pattern, int p, byte c)
    {
        bool negate = p < pattern.Length && pattern[p] == (byte)'^';
        if (negate)
        {
            p++;
        }
        bool match = false;
        while (true)
        {
            int left = pattern.Length - p;
            if (left == 0)
            {
                break; // unterminated: the class runs to the end of the pattern
            }
            if (pattern[p] == (byte)'\\' && left >= 2)
            {
                p++;
                match |= pattern[p] == c;
            }
            else if (pattern[p] == (byte)']')
            {
                p++;
                break;
            }
            else if (left >= 3 && pattern[p + 1] == (byte)'-')
            {
                byte start = pattern[p];
                byte end = pattern[p + 2];
                if (start > end)
                {
                    (start, end) = (end, start);
                }
                match |= c >= start && c <= end;
                p += 2;
            }
            else
            {
                match |= pattern[p] == c;
            }
            p++;
        }
        return match != negate ? p : -1;
    }
}
