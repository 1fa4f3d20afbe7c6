using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Tests.Engine;

/// <summary>Redis 7's argument rules for ZADD, the ZRANGE family and ZUNION/ZINTER/ZDIFF, as the server parses them.</summary>
public sealed class SortedSetArgumentTests
{
    private static byte[][] Args(string line) => line.Length == 0 ? [] : line.Split(' ').Select(Encoding.UTF8.GetBytes).ToArray();

    private static void Fails(string expected, Action action) => Assert.Equal(expected, Assert.Throws<MnemoException>(action).Message);

    [Fact]
    public void Zadd_flags_and_pairs()
    {
        var (flags, entries) = SortedSetArguments.ParseZAdd(Args("nx ch 1 a -inf b +inf c"));
        Assert.Equal(ZAddFlags.Nx | ZAddFlags.Ch, flags);
        Assert.Equal([1, double.NegativeInfinity, double.PositiveInfinity], entries.Select(e => e.Score));
        Assert.Equal(["a", "b", "c"], entries.Select(e => Encoding.UTF8.GetString(e.Member)));
        Assert.Equal(ZAddFlags.Xx | ZAddFlags.Gt | ZAddFlags.Incr, SortedSetArguments.ParseZAdd(Args("XX gt INCR 1.5 a")).Flags);
    }

    [Theory]
    [InlineData("", RedisErrors.Syntax)]
    [InlineData("nx", RedisErrors.Syntax)]
    [InlineData("1 a 2", RedisErrors.Syntax)]
    [InlineData("nx xx 1", RedisErrors.Syntax)]
    [InlineData("nx xx 1 a", RedisErrors.ZAddXxNx)]
    [InlineData("gt nx 1 a", RedisErrors.ZAddGtLtNx)]
    [InlineData("lt nx 1 a", RedisErrors.ZAddGtLtNx)]
    [InlineData("gt lt 1 a", RedisErrors.ZAddGtLtNx)]
    [InlineData("incr 1 a 2 b", RedisErrors.ZAddIncrPair)]
    [InlineData("nx xx incr x a 2 b", RedisErrors.ZAddXxNx)]
    [InlineData("incr x a", RedisErrors.NotFloat)]
    [InlineData("nan a", RedisErrors.NotFloat)]
    [InlineData("1 a 1x b", RedisErrors.NotFloat)]
    [InlineData("1e400 a", RedisErrors.NotFloat)]
    [InlineData("-1e400 a", RedisErrors.NotFloat)]
    [InlineData("1e-400 a", RedisErrors.NotFloat)]
    public void Zadd_errors_in_redis_order(string line, string error)
    {
        Fails(error, () => SortedSetArguments.ParseZAdd(Args(line)));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0.0e5", 0)]
    [InlineData("1e-300", 1e-300)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("1e308", 1e308)]
    public void Scores_in_range_parse(string text, double expected)
    {
        Assert.True(SortedSetArguments.TryParseScore(Encoding.UTF8.GetBytes(text), out double value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Zrange_options()
    {
        var (query, withScores) = SortedSetArguments.ParseZRange(Args("0 -1 withscores"), null, null, false);
        Assert.Equal(ZRangeQuery.ByRank(0, -1), query);
        Assert.True(withScores);
        (query, _) = SortedSetArguments.ParseZRange(Args("(5 1 BYSCORE REV LIMIT 1 2"), null, null, false);
        Assert.Equal(ZRangeQuery.ByScore(new ScoreRange(1, 5, false, true), true, 1, 2), query);
        (query, _) = SortedSetArguments.ParseZRange(Args("[a (c bylex"), null, null, false);
        Assert.Equal(ZRangeBy.Lex, query.By);
        Assert.True(query.Lex.Max.IsExclusive);
        (query, _) = SortedSetArguments.ParseZRange(Args("+inf -inf"), ZRangeBy.Score, true, false); // ZREVRANGEBYSCORE max min
        Assert.Equal(ScoreRange.All, query.Score);
        // LIMIT with a count of -1 is "no limit", so Redis accepts it with ranks.
        (query, _) = SortedSetArguments.ParseZRange(Args("0 1 limit 5 -1"), null, null, false);
        Assert.Equal(ZRangeBy.Rank, query.By);
    }

    [Theory]
    [InlineData("0 1 limit 0 1", null, false, RedisErrors.ZRangeLimitNeedsScoreOrLex)]
    [InlineData("- + bylex withscores", null, false, RedisErrors.ZRangeWithScoresByLex)]
    [InlineData("- + withscores", "Lex", false, RedisErrors.ZRangeWithScoresByLex)]
    [InlineData("0 1 withscores", null, true, RedisErrors.Syntax)]
    [InlineData("0 1 limit 0", null, false, RedisErrors.Syntax)]
    [InlineData("0 1 byscore limit x 1", null, false, RedisErrors.NotInteger)]
    [InlineData("0 1 bogus", null, false, RedisErrors.Syntax)]
    [InlineData("0 1 byscore", "Score", false, RedisErrors.Syntax)]
    [InlineData("0 1 rev", "Score", false, RedisErrors.Syntax)]
    [InlineData("a 1 byscore", null, false, RedisErrors.MinMaxNotFloat)]
    [InlineData("a + bylex", null, false, RedisErrors.MinMaxNotLex)]
    [InlineData("a 1", null, false, RedisErrors.NotInteger)]
    [InlineData("0", null, false, RedisErrors.Syntax)]
    public void Zrange_errors(string line, string? by, bool store, string error)
    {
        ZRangeBy? fixedBy = by is null ? null : Enum.Parse<ZRangeBy>(by);
        bool? fixedReverse = by is null ? null : false;
        Fails(error, () => SortedSetArguments.ParseZRange(Args(line), fixedBy, fixedReverse, store));
    }

    [Fact]
    public void Combine_options()
    {
        var (keys, weights, aggregate, withScores) = SortedSetArguments.ParseCombine(Args("2 a b weights 1 2.5 aggregate max withscores"), ZSetOperation.Union, false, "zunion");
        Assert.Equal(["a", "b"], keys.Select(k => Encoding.UTF8.GetString(k)));
        Assert.Equal([1, 2.5], weights!);
        Assert.Equal(ZAggregate.Max, aggregate);
        Assert.True(withScores);
        Assert.Null(SortedSetArguments.ParseCombine(Args("1 a"), ZSetOperation.Diff, true, "zdiffstore").Weights);
    }

    [Theory]
    [InlineData("0 a", "zunion", RedisErrors.NumKeysPositive)]
    [InlineData("x a", "zunion", RedisErrors.NotInteger)]
    [InlineData("3 a b", "zunion", RedisErrors.Syntax)]
    [InlineData("2 a b weights 1", "zunion", RedisErrors.Syntax)]
    [InlineData("2 a b weights 1 x", "zunion", RedisErrors.WeightNotFloat)]
    [InlineData("2 a b aggregate avg", "zunion", RedisErrors.Syntax)]
    [InlineData("2 a b withscores", "zunionstore", RedisErrors.Syntax)]
    [InlineData("1 a weights 1", "zdiff", RedisErrors.Syntax)]
    [InlineData("1 a aggregate sum", "zdiff", RedisErrors.Syntax)]
    public void Combine_errors(string line, string command, string error)
    {
        var operation = command.StartsWith("zdiff", StringComparison.Ordinal) ? ZSetOperation.Diff : ZSetOperation.Union;
        string expected = error == RedisErrors.NumKeysPositive ? RedisErrors.InputKeyNeeded(command) : error;
        Fails(expected, () => SortedSetArguments.ParseCombine(Args(line), operation, command.EndsWith("store", StringComparison.Ordinal), command));
    }
}
