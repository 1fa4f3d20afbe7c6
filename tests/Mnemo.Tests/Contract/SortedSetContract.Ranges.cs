namespace Mnemo.Tests.Contract;

/// <summary>Sorted-set ranges, counts, ranks, range removal and set algebra.</summary>
public abstract partial class SortedSetContract
{
    private void SeedFive() => Seed("z", ("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5));

    private void SeedLex() => Seed("l", ("a", 0), ("b", 0), ("c", 0), ("d", 0), ("e", 0));

    [Fact]
    public void Count_by_score_range()
    {
        SeedFive();
        Assert.Equal(3, Db.SortedSetLength("z", 2, 4));
        Assert.Equal(1, Db.SortedSetLength("z", 2, 4, Exclude.Both));
        Assert.Equal(2, Db.SortedSetLength("z", 2, 4, Exclude.Start));
        Assert.Equal(2, Db.SortedSetLength("z", 2, 4, Exclude.Stop));
        Assert.Equal(0, Db.SortedSetLength("z", 4, 2));
        Assert.Equal(0, Db.SortedSetLength("z", 3, 3, Exclude.Start));
        Assert.Equal(1, Db.SortedSetLength("z", 3, 3));
        Assert.Equal(5, Db.SortedSetLength("z", double.NegativeInfinity, double.PositiveInfinity, Exclude.Both));
        Assert.Equal(0, Db.SortedSetLength("missing", 0, 10));
        AssertError(RedisErrors.MinMaxNotFloat, () => Db.SortedSetLength("z", double.NaN, 1));
    }

    [Fact]
    public void Count_by_member_range()
    {
        SeedLex();
        Assert.Equal(5, Db.SortedSetLengthByValue("l", default, default));
        Assert.Equal(3, Db.SortedSetLengthByValue("l", "b", "d"));
        Assert.Equal(1, Db.SortedSetLengthByValue("l", "b", "d", Exclude.Both));
        Assert.Equal(3, Db.SortedSetLengthByValue("l", "bb", default));
        Assert.Equal(0, Db.SortedSetLengthByValue("l", "d", "b"));
        Assert.Equal(0, Db.SortedSetLengthByValue("l", "c", "c", Exclude.Stop));
        Assert.Equal(0, Db.SortedSetLengthByValue("missing", "a", "z"));
    }

    [Fact]
    public void Range_by_rank_with_negative_and_clamped_indices()
    {
        SeedFive();
        Assert.Equal(["a", "b", "c", "d", "e"], Texts(Db.SortedSetRangeByRank("z")));
        Assert.Equal(["b", "c"], Texts(Db.SortedSetRangeByRank("z", 1, 2)));
        Assert.Equal(["d", "e"], Texts(Db.SortedSetRangeByRank("z", -2, -1)));
        Assert.Equal(["a", "b", "c", "d", "e"], Texts(Db.SortedSetRangeByRank("z", -100, 100)));
        Assert.Empty(Db.SortedSetRangeByRank("z", 3, 1));
        Assert.Empty(Db.SortedSetRangeByRank("z", 5, 10));
        Assert.Empty(Db.SortedSetRangeByRank("z", -1, -2));
        Assert.Equal(["e", "d"], Texts(Db.SortedSetRangeByRank("z", 0, 1, Order.Descending)));
        Assert.Equal(["b", "a"], Texts(Db.SortedSetRangeByRank("z", -2, -1, Order.Descending)));
        Assert.Equal(["e:5", "d:4"], Texts(Db.SortedSetRangeByRankWithScores("z", 0, 1, Order.Descending)));
        Assert.Empty(Db.SortedSetRangeByRank("missing"));
    }

    [Fact]
    public void Range_by_score_with_exclusions_order_and_limit()
    {
        SeedFive();
        Assert.Equal(["b", "c", "d"], Texts(Db.SortedSetRangeByScore("z", 2, 4)));
        Assert.Equal(["c"], Texts(Db.SortedSetRangeByScore("z", 2, 4, Exclude.Both)));
        Assert.Equal(["d", "c", "b"], Texts(Db.SortedSetRangeByScore("z", 2, 4, order: Order.Descending)));
        Assert.Equal(["d", "c"], Texts(Db.SortedSetRangeByScore("z", 2, 4, Exclude.Start, Order.Descending)));
        Assert.Equal(["c", "d"], Texts(Db.SortedSetRangeByScore("z", 2, 5, skip: 1, take: 2)));
        Assert.Equal(["c", "b"], Texts(Db.SortedSetRangeByScore("z", 1, 4, order: Order.Descending, skip: 1, take: 2)));
        Assert.Equal(["c", "d", "e"], Texts(Db.SortedSetRangeByScore("z", skip: 2)));
        Assert.Empty(Db.SortedSetRangeByScore("z", skip: 2, take: 0));
        Assert.Empty(Db.SortedSetRangeByScore("z", skip: -1));
        Assert.Empty(Db.SortedSetRangeByScore("z", skip: 5));
        Assert.Empty(Db.SortedSetRangeByScore("z", 4, 2));
        Assert.Empty(Db.SortedSetRangeByScore("z", 6, double.PositiveInfinity));
        Assert.Equal(["a:1", "b:2"], Texts(Db.SortedSetRangeByScoreWithScores("z", double.NegativeInfinity, 2)));
        AssertError(RedisErrors.MinMaxNotFloat, () => Db.SortedSetRangeByScore("z", 0, double.NaN));
    }

    [Fact]
    public void Range_by_member_with_exclusions_order_and_limit()
    {
        SeedLex();
        Assert.Equal(["a", "b", "c", "d", "e"], Texts(Db.SortedSetRangeByValue("l")));
        Assert.Equal(["b", "c", "d"], Texts(Db.SortedSetRangeByValue("l", "b", "d")));
        Assert.Equal(["c"], Texts(Db.SortedSetRangeByValue("l", "b", "d", Exclude.Both)));
        Assert.Equal(["c", "d", "e"], Texts(Db.SortedSetRangeByValue("l", "b", default, Exclude.Start)));
        Assert.Equal(["a", "b"], Texts(Db.SortedSetRangeByValue("l", default, "c", Exclude.Stop)));
        Assert.Equal(["d", "c", "b"], Texts(Db.SortedSetRangeByValue("l", "b", "d", order: Order.Descending)));
        Assert.Equal(["d", "c"], Texts(Db.SortedSetRangeByValue("l", order: Order.Descending, skip: 1, take: 2)));
        Assert.Empty(Db.SortedSetRangeByValue("l", "d", "b"));
        Assert.Empty(Db.SortedSetRangeByValue("l", "c", "c", Exclude.Start));
        Assert.Empty(Db.SortedSetRangeByValue("l", skip: -1));
    }

    [Fact]
    public void Range_and_store_by_rank_score_and_member()
    {
        SeedFive();
        Assert.Equal(2, Db.SortedSetRangeAndStore("z", "d1", 1, 2));
        Assert.Equal(["b:2", "c:3"], All("d1"));
        Assert.Equal(2, Db.SortedSetRangeAndStore("z", "d2", 0, 1, order: Order.Descending));
        Assert.Equal(["d:4", "e:5"], All("d2"));
        Assert.Equal(2, Db.SortedSetRangeAndStore("z", "d3", 2, 5, SortedSetOrder.ByScore, Exclude.Start, Order.Descending, skip: 1, take: 2));
        Assert.Equal(["c:3", "d:4"], All("d3"));
        Assert.Equal(3, Db.SortedSetRangeAndStore("z", "d4", "b", default, SortedSetOrder.ByLex, Exclude.Start));
        Assert.Equal(["c:3", "d:4", "e:5"], All("d4"));
        Assert.Equal(5, Db.SortedSetRangeAndStore("z", "z", default, "inf", SortedSetOrder.ByScore));
        Assert.Equal(5, Db.SortedSetLength("z"));
    }

    [Fact]
    public void Range_and_store_replaces_any_destination_and_deletes_it_when_empty()
    {
        SeedFive();
        Db.StringSet("dst", "v", TimeSpan.FromSeconds(10));
        Assert.Equal(1, Db.SortedSetRangeAndStore("z", "dst", 0, 0));
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(["a:1"], All("dst"));
        Assert.Equal(0, Db.SortedSetRangeAndStore("z", "dst", 10, 20));
        Assert.True(Gone("dst"));
        Db.StringSet("dst", "v");
        Assert.Equal(0, Db.SortedSetRangeAndStore("missing", "dst", 0, -1));
        Assert.True(Gone("dst"));
    }

    [Fact]
    public void Range_and_store_argument_errors_change_nothing()
    {
        SeedFive();
        Db.StringSet("dst", "v");
        AssertError(RedisErrors.NotInteger, () => Db.SortedSetRangeAndStore("z", "dst", "x", 1));
        AssertError(RedisErrors.ZRangeLimitNeedsScoreOrLex, () => Db.SortedSetRangeAndStore("z", "dst", 0, 1, take: 1));
        AssertError(RedisErrors.MinMaxNotFloat, () => Db.SortedSetRangeAndStore("z", "dst", "x", 1, SortedSetOrder.ByScore));
        AssertError(RedisErrors.WrongType, () => Db.SortedSetRangeAndStore("dst", "z", 0, 1));
        Assert.Equal("v", Db.StringGet("dst").ToString());
        Assert.Equal(5, Db.SortedSetLength("z"));
    }

    [Fact]
    public void Rank_in_both_orders_with_score()
    {
        SeedFive();
        Assert.Equal(0, Db.SortedSetRank("z", "a"));
        Assert.Equal(3, Db.SortedSetRank("z", "d"));
        Assert.Equal(1, Db.SortedSetRank("z", "d", Order.Descending));
        Assert.Equal((4L, 5.0), Db.SortedSetRankWithScore("z", "e"));
        Assert.Equal((0L, 5.0), Db.SortedSetRankWithScore("z", "e", Order.Descending));
        Assert.Null(Db.SortedSetRank("z", "x"));
        Assert.Null(Db.SortedSetRankWithScore("missing", "a"));
    }

    [Fact]
    public void Remove_ranges_by_rank_score_and_member()
    {
        SeedFive();
        Assert.Equal(2, Db.SortedSetRemoveRangeByRank("z", -2, -1));
        Assert.Equal(0, Db.SortedSetRemoveRangeByRank("z", 5, 9));
        Assert.Equal(["a:1", "b:2", "c:3"], All("z"));
        Assert.Equal(1, Db.SortedSetRemoveRangeByScore("z", 1, 2, Exclude.Start));
        Assert.Equal(0, Db.SortedSetRemoveRangeByScore("z", 3, 1));
        Assert.Equal(["a:1", "c:3"], All("z"));
        Assert.Equal(2, Db.SortedSetRemoveRangeByScore("z", double.NegativeInfinity, double.PositiveInfinity));
        Assert.True(Gone("z"));
        SeedLex();
        Assert.Equal(2, Db.SortedSetRemoveRangeByValue("l", "a", "c", Exclude.Stop));
        Assert.Equal(2, Db.SortedSetRemoveRangeByValue("l", "d", default));
        Assert.Equal(1, Db.SortedSetRemoveRangeByValue("l", default, default));
        Assert.True(Gone("l"));
        Assert.Equal(0, Db.SortedSetRemoveRangeByRank("missing", 0, -1));
        AssertError(RedisErrors.MinMaxNotFloat, () => Db.SortedSetRemoveRangeByScore("x", double.NaN, 1));
    }

    [Fact]
    public void Union_with_weights_and_aggregates()
    {
        Seed("a", ("x", 1), ("y", 2));
        Seed("b", ("y", 10), ("z", 3));
        Assert.Equal(["x:1", "z:3", "y:12"], Texts(Db.SortedSetCombineWithScores(SetOperation.Union, ["a", "b"])));
        Assert.Equal(["x", "z", "y"], Texts(Db.SortedSetCombine(SetOperation.Union, ["a", "b", "missing"])));
        Assert.Equal(["x:2", "z:9", "y:34"], Texts(Db.SortedSetCombineWithScores(SetOperation.Union, ["a", "b"], [2, 3])));
        Assert.Equal(["x:1", "y:2", "z:3"], Texts(Db.SortedSetCombineWithScores(SetOperation.Union, ["a", "b"], aggregate: Aggregate.Min)));
        Assert.Equal(["x:1", "z:3", "y:10"], Texts(Db.SortedSetCombineWithScores(SetOperation.Union, ["a", "b"], aggregate: Aggregate.Max)));
        Assert.Equal(["x:2", "y:4"], Texts(Db.SortedSetCombineWithScores(SetOperation.Union, ["a", "a"])));
    }

    [Fact]
    public void Intersection_and_difference()
    {
        Seed("a", ("x", 1), ("y", 2), ("w", 5));
        Seed("b", ("y", 10), ("z", 3), ("w", 1));
        Assert.Equal(["w:6", "y:12"], Texts(Db.SortedSetCombineWithScores(SetOperation.Intersect, ["a", "b"])));
        Assert.Equal(["w:1", "y:2"], Texts(Db.SortedSetCombineWithScores(SetOperation.Intersect, ["a", "b"], aggregate: Aggregate.Min)));
        Assert.Equal(["y:-8", "w:4"], Texts(Db.SortedSetCombineWithScores(SetOperation.Intersect, ["a", "b"], [1, -1])));
        Assert.Empty(Db.SortedSetCombine(SetOperation.Intersect, ["a", "missing"]));
        Assert.Equal(["x:1"], Texts(Db.SortedSetCombineWithScores(SetOperation.Difference, ["a", "b"])));
        Assert.Equal(["x", "y", "w"], Texts(Db.SortedSetCombine(SetOperation.Difference, ["a", "missing"])));
        Assert.Empty(Db.SortedSetCombine(SetOperation.Difference, ["missing", "a"]));
    }

    [Fact]
    public void Infinite_scores_in_sum_and_weights_follow_redis()
    {
        Seed("p", ("m", double.PositiveInfinity));
        Seed("n", ("m", double.NegativeInfinity));
        Assert.Equal(["m:0"], Texts(Db.SortedSetCombineWithScores(SetOperation.Union, ["p", "n"])));
        Assert.Equal(["m:0"], Texts(Db.SortedSetCombineWithScores(SetOperation.Intersect, ["p", "n"])));
        Assert.Equal(["m:0"], Texts(Db.SortedSetCombineWithScores(SetOperation.Union, ["p"], [0])));
        Assert.Equal(["m:-Infinity"], Texts(Db.SortedSetCombineWithScores(SetOperation.Union, ["p", "n"], aggregate: Aggregate.Min)));
    }

    [Fact]
    public void Combine_and_store_replaces_destination_and_deletes_it_when_empty()
    {
        Seed("a", ("x", 1), ("y", 2));
        Seed("b", ("y", 10));
        Db.StringSet("d", "v");
        Assert.Equal(2, Db.SortedSetCombineAndStore(SetOperation.Union, "d", ["a", "b"]));
        Assert.Equal(["x:1", "y:12"], All("d"));
        Assert.Equal(1, Db.SortedSetCombineAndStore(SetOperation.Intersect, "d", "a", "b", Aggregate.Max));
        Assert.Equal(["y:10"], All("d"));
        Assert.Equal(1, Db.SortedSetCombineAndStore(SetOperation.Difference, "a", "a", "b"));
        Assert.Equal(["x:1"], All("a"));
        Assert.Equal(0, Db.SortedSetCombineAndStore(SetOperation.Intersect, "d", ["a", "b"]));
        Assert.True(Gone("d"));
    }

    [Fact]
    public void Combine_argument_errors_change_nothing()
    {
        Seed("a", ("x", 1));
        Seed("d", ("keep", 1));
        AssertError(RedisErrors.InputKeyNeeded("zunion"), () => Db.SortedSetCombine(SetOperation.Union, []));
        AssertError(RedisErrors.InputKeyNeeded("zinter"), () => Db.SortedSetCombine(SetOperation.Intersect, []));
        AssertError(RedisErrors.InputKeyNeeded("zdiffstore"), () => Db.SortedSetCombineAndStore(SetOperation.Difference, "d", []));
        AssertError(RedisErrors.Syntax, () => Db.SortedSetCombine(SetOperation.Union, ["a"], [1, 2]));
        AssertError(RedisErrors.Syntax, () => Db.SortedSetCombineAndStore(SetOperation.Difference, "d", ["a"], [1]));
        AssertError(RedisErrors.Syntax, () => Db.SortedSetCombine(SetOperation.Difference, ["a"], aggregate: Aggregate.Max));
        AssertError(RedisErrors.WeightNotFloat, () => Db.SortedSetCombineAndStore(SetOperation.Union, "d", ["a"], [double.NaN]));
        Db.StringSet("s", "v");
        AssertError(RedisErrors.WrongType, () => Db.SortedSetCombineAndStore(SetOperation.Union, "d", ["a", "s"]));
        Assert.Equal(["keep:1"], All("d"));
    }

    [Fact]
    public void Intersection_length_with_limit()
    {
        Seed("a", ("x", 1), ("y", 2), ("z", 3));
        Seed("b", ("x", 1), ("y", 2), ("z", 3), ("w", 4));
        Assert.Equal(3, Db.SortedSetIntersectionLength(["a", "b"]));
        Assert.Equal(2, Db.SortedSetIntersectionLength(["a", "b"], 2));
        Assert.Equal(3, Db.SortedSetIntersectionLength(["a", "b"], 10));
        Assert.Equal(0, Db.SortedSetIntersectionLength(["a", "missing"]));
        AssertError(RedisErrors.NumKeysPositive, () => Db.SortedSetIntersectionLength([]));
        AssertError(RedisErrors.LimitNegative, () => Db.SortedSetIntersectionLength(["a"], -1));
    }
}
