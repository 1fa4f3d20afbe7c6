using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Text;
using Mnemo.Internal.Values;

namespace Mnemo.Tests.Engine;

/// <summary>
/// The Redis argument rules the server uses for sorted sets: score and lex bounds, glob
/// patterns, and ZADD argument checks that the typed API cannot express (INCR with several pairs).
/// </summary>
public sealed class SortedSetParsingTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData("1", "2", 1, false, 2, false)]
    [InlineData("(1", "(2.5", 1, true, 2.5, true)]
    [InlineData("-inf", "+inf", double.NegativeInfinity, false, double.PositiveInfinity, false)]
    [InlineData("(-inf", "inf", double.NegativeInfinity, true, double.PositiveInfinity, false)]
    [InlineData("1e3", "-1E-2", 1000, false, -0.01, false)]
    [InlineData("(", "", 0, true, 0, false)]
    [InlineData(" 5", "(\t6", 5, false, 6, true)]
    public void Score_bounds_parse_as_redis_does(string min, string max, double lo, bool loEx, double hi, bool hiEx)
    {
        Assert.True(ScoreRange.TryParse(B(min), B(max), out var range));
        Assert.Equal(new ScoreRange(lo, hi, loEx, hiEx), range);
    }

    [Theory]
    [InlineData("a", "1")]
    [InlineData("1", "nan")]
    [InlineData("((1", "2")]
    [InlineData("1", "2x")]
    [InlineData("[1", "2")]
    public void Invalid_score_bounds_are_refused(string min, string max)
    {
        Assert.False(ScoreRange.TryParse(B(min), B(max), out _));
    }

    [Theory]
    [InlineData("-", "+", true)]
    [InlineData("[a", "(b", true)]
    [InlineData("(", "[", true)]
    [InlineData("+", "-", true)]
    [InlineData("a", "+", false)]
    [InlineData("[a", "b", false)]
    [InlineData("+a", "+", false)]
    [InlineData("-", "-x", false)]
    [InlineData("", "+", false)]
    public void Lex_bounds_parse_as_redis_does(string min, string max, bool valid)
    {
        Assert.Equal(valid, LexRange.TryParse(B(min), B(max), out _));
    }

    [Theory]
    [InlineData("-", "+", false)]
    [InlineData("+", "-", true)]
    [InlineData("-", "-", true)]
    [InlineData("+", "+", true)]
    [InlineData("[a", "[a", false)]
    [InlineData("(a", "[a", true)]
    [InlineData("[b", "[a", true)]
    [InlineData("[a", "-", true)]
    [InlineData("+", "[a", true)]
    public void Empty_lex_ranges(string min, string max, bool empty)
    {
        Assert.True(LexRange.TryParse(B(min), B(max), out var range));
        Assert.Equal(empty, range.IsEmpty);
    }

    [Theory]
    [InlineData("*", "", false)] // callers special-case a lone "*" as match-all, as Redis does
    [InlineData("*", "abc", true)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "abbbd", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("[abc]x", "bx", true)]
    [InlineData("[^abc]x", "bx", false)]
    [InlineData("[^abc]x", "dx", true)]
    [InlineData("[a-c]", "b", true)]
    [InlineData("[c-a]", "b", true)]
    [InlineData("[a-c]", "d", false)]
    [InlineData("\\*", "*", true)]
    [InlineData("\\*", "a", false)]
    [InlineData("[\\]]", "]", true)]
    [InlineData("[ab", "a", true)]
    [InlineData("[ab", "ab", false)]
    [InlineData("a**b", "axxb", true)]
    [InlineData("a*", "a", true)]
    [InlineData("*a*b*c*", "xaybzc", true)]
    [InlineData("*a*b*c*", "xaybz", false)]
    public void Glob_follows_stringmatchlen(string pattern, string text, bool match)
    {
        Assert.Equal(match, Glob.IsMatch(B(pattern), B(text)));
    }

    [Fact]
    public void Glob_with_many_stars_fails_fast()
    {
        var pattern = B(string.Concat(Enumerable.Repeat("a*", 30)) + "b");
        var text = B(new string('a', 200));
        Assert.False(Glob.IsMatch(pattern, text));
    }

    [Fact]
    public void Zadd_incr_takes_a_single_pair_and_errors_keep_redis_order()
    {
        using var store = new MnemoStore();
        var db = ((MnemoDatabase)store.GetDatabase()).Engine;
        var two = new[] { new ScoredMember(1, B("a")), new ScoredMember(2, B("b")) };
        var error = Assert.Throws<MnemoException>(() => db.SortedSetAdd(B("z"), ZAddFlags.Incr, two));
        Assert.Equal(RedisErrors.ZAddIncrPair, error.Message);
        // XX+NX is reported before GT+LT, and both before INCR's pair count and NaN scores.
        error = Assert.Throws<MnemoException>(() => db.SortedSetAdd(B("z"), ZAddFlags.Incr | ZAddFlags.Nx | ZAddFlags.Xx | ZAddFlags.Gt, two));
        Assert.Equal(RedisErrors.ZAddXxNx, error.Message);
        error = Assert.Throws<MnemoException>(() => db.SortedSetAdd(B("z"), ZAddFlags.Incr | ZAddFlags.Gt | ZAddFlags.Lt, two));
        Assert.Equal(RedisErrors.ZAddGtLtNx, error.Message);
        error = Assert.Throws<MnemoException>(() => db.SortedSetAdd(B("z"), ZAddFlags.None, [new ScoredMember(double.NaN, B("a"))]));
        Assert.Equal(RedisErrors.NotFloat, error.Message);
        Assert.Equal(0, db.SortedSetLength(B("z")));
    }
}
