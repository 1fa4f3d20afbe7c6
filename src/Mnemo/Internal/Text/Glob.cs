namespace Mnemo.Internal.Text;

/// <summary>Redis's glob matching (stringmatchlen): <c>*</c>, <c>?</c>, <c>[...]</c> with <c>^</c> and ranges, <c>\</c> escapes.</summary>
internal static class Glob
{
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text)
    {
        bool skipLongerMatches = false;
        return Match(pattern, text, ref skipLongerMatches, 0);
    }

    private static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, ref bool skipLongerMatches, int nesting)
    {
        // Protection against abusive patterns, as Redis does.
        if (nesting > 1000)
        {
            return false;
        }
        while (!pattern.IsEmpty && !text.IsEmpty)
        {
            switch (pattern[0])
            {
                case (byte)'*':
                    while (pattern.Length > 1 && pattern[1] == (byte)'*')
                    {
                        pattern = pattern[1..];
                    }
                    if (pattern.Length == 1)
                    {
                        return true;
                    }
                    while (!text.IsEmpty)
                    {
                        if (Match(pattern[1..], text, ref skipLongerMatches, nesting + 1))
                        {
                            return true;
                        }
                        if (skipLongerMatches)
                        {
                            return false;
                        }
                        text = text[1..];
                    }
                    // No match for the rest of the pattern: a longer text cannot match either.
                    skipLongerMatches = true;
                    return false;
                case (byte)'?':
                    text = text[1..];
                    break;
                case (byte)'[':
                    {
                        pattern = pattern[1..];
                        bool not = !pattern.IsEmpty && pattern[0] == (byte)'^';
                        if (not)
                        {
                            pattern = pattern[1..];
                        }
                        bool match = false;
                        while (true)
                        {
                            if (pattern.IsEmpty)
                            {
                                // Unterminated class: Redis steps back so the loop below ends the pattern.
                                break;
                            }
                            if (pattern[0] == (byte)'\\' && pattern.Length >= 2)
                            {
                                pattern = pattern[1..];
                                if (pattern[0] == text[0])
                                {
                                    match = true;
                                }
                            }
                            else if (pattern[0] == (byte)']')
                            {
                                break;
                            }
                            else if (pattern.Length >= 3 && pattern[1] == (byte)'-')
                            {
                                int start = pattern[0], end = pattern[2], c = text[0];
                                if (start > end)
                                {
                                    (start, end) = (end, start);
                                }
                                pattern = pattern[2..];
                                if (c >= start && c <= end)
                                {
                                    match = true;
                                }
                            }
                            else if (pattern[0] == text[0])
                            {
                                match = true;
                            }
                            pattern = pattern[1..];
                        }
                        if (not)
                        {
                            match = !match;
                        }
                        if (!match)
                        {
                            return false;
                        }
                        text = text[1..];
                        if (pattern.IsEmpty)
                        {
                            // The class ran to the end of the pattern (Redis's pattern-- step).
                            return text.IsEmpty;
                        }
                        break;
                    }
                case (byte)'\\':
                    if (pattern.Length >= 2)
                    {
                        pattern = pattern[1..];
                    }
                    goto default;
                default:
                    if (pattern[0] != text[0])
                    {
                        return false;
                    }
                    text = text[1..];
                    break;
            }
            pattern = pattern[1..];
            if (text.IsEmpty)
            {
                while (!pattern.IsEmpty && pattern[0] == (byte)'*')
                {
                    pattern = pattern[1..];
                }
                break;
            }
        }
        return pattern.IsEmpty && text.IsEmpty;
    }
}
