using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mnemo.Internal.Text;

namespace Mnemo.Tests.Engine;

/// <summary>Glob matching with Redis's stringmatchlen rules.</summary>
public sealed class GlobTests
{
    private static bool Match(string pattern, string text) => Glob.IsMatch(Encoding.UTF8.GetBytes(pattern), Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("*", "", false)] // as Redis: callers treat a lone "*" as match-all themselves
    [InlineData("*", "anything", true)]
    [InlineData("**", "x", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("abc", "ab", false)]
    [InlineData("ab", "abc", false)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "abc", true)]
    [InlineData("*c", "abc", true)]
    [InlineData("*c", "abd", false)]
    [InlineData("a*c", "ac", true)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "abbbcd", false)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxcyyb", false)]
    [InlineData("?", "a", true)]
    [InlineData("?", "", false)]
    [InlineData("?", "ab", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a??", "ab", false)]
    [InlineData("*?", "", false)]
    [InlineData("[ab", "ab", false)]
    [InlineData("a**b", "axxb", true)]
    [InlineData("*a*b*c*", "xaybzc", true)]
    [InlineData("*a*b*c*", "xaybz", false)]
    [InlineData("*?", "a", true)]
    public void Stars_and_question_marks(string pattern, string text, bool expected) => Assert.Equal(expected, Match(pattern, text));

    [Theory]
    [InlineData("[abc]", "b", true)]
    [InlineData("[abc]", "d", false)]
    [InlineData("[^abc]", "d", true)]
    [InlineData("[^abc]", "a", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[a-c]x", "dx", false)]
    [InlineData("[c-a]", "b", true)]      // a reversed range means the same range
    [InlineData("[c-a]", "d", false)]
    [InlineData("[^a-c]", "b", false)]
    [InlineData("[^a-c]", "z", true)]
    [InlineData("[a-cx-z]", "y", true)]
    [InlineData("[a-cx-z]", "m", false)]
    [InlineData("[]", "a", false)]        // an empty class matches nothing
    [InlineData("[]a", "]a", false)]
    [InlineData("[^]", "a", true)]        // ... and its negation any byte
    [InlineData("[\\]]", "]", true)]      // an escaped bracket inside a class
    [InlineData("[\\-]", "-", true)]
    [InlineData("[a\\-c]", "b", false)]
    [InlineData("[a-]", "]", true)]       // Redis reads "a-]" as the range from ']' to 'a'
    [InlineData("[a-]", "^", true)]
    [InlineData("[a-]", "-", false)]
    [InlineData("[abc", "c", true)]       // an unterminated class runs to the end of the pattern
    [InlineData("[abc", "d", false)]
    [InlineData("[", "[", false)]
    [InlineData("[^", "x", true)]
    [InlineData("x[ab]*", "xb123", true)]
    public void Character_classes(string pattern, string text, bool expected) => Assert.Equal(expected, Match(pattern, text));

    [Theory]
    [InlineData("\\*", "*", true)]
    [InlineData("\\*", "a", false)]
    [InlineData("\\?", "?", true)]
    [InlineData("\\?", "a", false)]
    [InlineData("\\[a]", "[a]", true)]
    [InlineData("\\a", "a", true)]
    [InlineData("a\\", "a\\", true)]      // a trailing backslash is a literal backslash
    [InlineData("\\\\", "\\", true)]
    [InlineData("*\\*", "abc*", true)]
    [InlineData("*\\*", "abc", false)]
    public void Escapes(string pattern, string text, bool expected) => Assert.Equal(expected, Match(pattern, text));

    [Fact]
    public void Binary_bytes_match_as_unsigned_values()
    {
        Assert.True(Glob.IsMatch([(byte)'[', 0x80, (byte)'-', 0xff, (byte)']'], [0xc0]));
        Assert.False(Glob.IsMatch([(byte)'[', 0x80, (byte)'-', 0xff, (byte)']'], [0x7f]));
        Assert.True(Glob.IsMatch([0x00, (byte)'*'], [0x00, 0x01, 0x02]));
        Assert.True(Glob.IsMatch([(byte)'?'], [0xff]));
    }

    [Fact]
    public void Pathological_patterns_run_in_polynomial_time()
    {
        string text = new('a', 20_000);
        var clock = Stopwatch.StartNew();
        Assert.False(Match("a*a*a*a*a*a*a*a*a*a*a*a*b", text));
        Assert.False(Match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*?b", text));
        Assert.True(Match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", text));
        Assert.False(Match("[a]*[a]*[a]*[a]*[a]*[a]*[a]*[a]*c", text));
        // Exponential backtracking would take astronomically long; the greedy algorithm is linear per star.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Agrees_with_a_port_of_redis_recursive_matcher()
    {
        // Alphabets rich in special characters, so classes, ranges and escapes are exercised.
        var patternChars = Gen.Elements("ab*?[]^-\\".ToCharArray());
        var textChars = Gen.Elements("ab[]^-\\*?".ToCharArray());
        var gen = Gen.Choose(0, 9).SelectMany(n => Gen.ArrayOf(patternChars, n))
            .SelectMany(_ => Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(textChars, n)), (p, t) => (Pattern: new string(p), Text: new string(t)));
        var property = Prop.ForAll(Arb.From(gen), c =>
        {
            var pattern = Encoding.ASCII.GetBytes(c.Pattern);
            var text = Encoding.ASCII.GetBytes(c.Text);
            return Glob.IsMatch(pattern, text) == RedisReference(pattern, 0, pattern.Length, text, 0, text.Length);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), property);
    }

    /// <summary>
    /// A direct port of Redis 7's recursive <c>stringmatchlen</c> (exponential, fine for tiny
    /// inputs). Reads past the end see the C string terminator.
    /// </summary>
    private static bool RedisReference(byte[] pat, int p, int plen, byte[] str, int s, int slen)
    {
        byte P(int i) => i < pat.Length ? pat[i] : (byte)0;
        while (plen > 0 && slen > 0)
        {
            switch (P(p))
            {
                case (byte)'*':
                    while (plen > 0 && P(p + 1) == '*')
                    {
                        p++;
                        plen--;
                    }
                    if (plen == 1)
                    {
                        return true;
                    }
                    while (slen > 0)
                    {
                        if (RedisReference(pat, p + 1, plen - 1, str, s, slen))
                        {
                            return true;
                        }
                        s++;
                        slen--;
                    }
                    return false;
                case (byte)'?':
                    s++;
                    slen--;
                    break;
                case (byte)'[':
                    {
                        p++;
                        plen--;
                        bool not = P(p) == '^';
                        if (not)
                        {
                            p++;
                            plen--;
                        }
                        bool match = false;
                        while (true)
                        {
                            if (P(p) == '\\' && plen >= 2)
                            {
                                p++;
                                plen--;
                                match |= P(p) == str[s];
                            }
                            else if (P(p) == ']')
                            {
                                break;
                            }
                            else if (plen == 0)
                            {
                                p--;
                                plen++;
                                break;
                            }
                            else if (plen >= 3 && P(p + 1) == '-')
                            {
                                int start = P(p), end = P(p + 2), ch = str[s];
                                if (start > end)
                                {
                                    (start, end) = (end, start);
                                }
                                p += 2;
                                plen -= 2;
                                match |= ch >= start && ch <= end;
                            }
                            else
                            {
                                match |= P(p) == str[s];
                            }
                            p++;
                            plen--;
                        }
                        if (not)
                        {
                            match = !match;
                        }
                        if (!match)
                        {
                            return false;
                        }
                        s++;
                        slen--;
                        break;
                    }
                case (byte)'\\':
                    if (plen >= 2)
                    {
                        p++;
                        plen--;
                    }
                    if (P(p) != str[s])
                    {
                        return false;
                    }
                    s++;
                    slen--;
                    break;
                default:
                    if (P(p) != str[s])
                    {
                        return false;
                    }
                    s++;
                    slen--;
                    break;
            }
            p++;
            plen--;
            if (slen == 0)
            {
                while (P(p) == '*')
                {
                    p++;
                    plen--;
                }
                break;
            }
        }
        return plen == 0 && slen == 0;
    }
}
