namespace Mnemo.Tests.Contract;

/// <summary>List reads (LLEN, LRANGE, LINDEX, LPOS) and edits in place (LSET, LINSERT, LREM, LTRIM).</summary>
public abstract partial class ListContract
{
    private void Abcde(MnemoKey key) => Db.ListRightPush(key, ["a", "b", "c", "d", "e"]);

    [Fact]
    public void Llen_counts_and_is_zero_for_a_missing_key()
    {
        Assert.Equal(0, Db.ListLength("l"));
        Abcde("l");
        Assert.Equal(5, Db.ListLength("l"));
    }

    [Theory]
    [InlineData(0, -1, "abcde")]
    [InlineData(0, 0, "a")]
    [InlineData(1, 3, "bcd")]
    [InlineData(-3, -1, "cde")]
    [InlineData(-100, 100, "abcde")]
    [InlineData(-100, 1, "ab")]
    [InlineData(3, 1, "")]
    [InlineData(5, 10, "")]
    [InlineData(-1, -2, "")]
    [InlineData(2, -100, "")]
    [InlineData(long.MinValue, long.MaxValue, "abcde")]
    [InlineData(4, long.MaxValue, "e")]
    public void Lrange_index_rules(long start, long stop, string expected)
    {
        Abcde("l");
        Assert.Equal(expected, string.Concat(Db.ListRange("l", start, stop).Select(v => v.ToString())));
    }

    [Fact]
    public void Lrange_of_a_missing_key_is_empty()
    {
        Assert.Empty(Db.ListRange("missing"));
        Assert.Empty(Db.ListRange("missing", 0, 10));
    }

    [Theory]
    [InlineData(0, "a")]
    [InlineData(4, "e")]
    [InlineData(-1, "e")]
    [InlineData(-5, "a")]
    [InlineData(5, null)]
    [InlineData(-6, null)]
    [InlineData(long.MaxValue, null)]
    [InlineData(long.MinValue, null)]
    public void Lindex_index_rules(long index, string? expected)
    {
        Abcde("l");
        Assert.Equal(expected, (string?)Db.ListGetByIndex("l", index));
        Assert.True(Db.ListGetByIndex("missing", 0).IsNull);
    }

    [Fact]
    public void Lset_replaces_with_positive_and_negative_indices()
    {
        Abcde("l");
        Db.ListSetByIndex("l", 0, "A");
        Db.ListSetByIndex("l", -1, "E");
        Db.ListSetByIndex("l", 2, "");
        Assert.Equal(["A", "b", "", "d", "E"], Items("l"));
    }

    [Fact]
    public void Lset_errors_leave_data_untouched()
    {
        AssertError(RedisErrors.NoSuchKey, () => Db.ListSetByIndex("missing", 0, "x"));
        Assert.Equal(0, Db.ListLength("missing"));
        Abcde("l");
        AssertError(RedisErrors.IndexOutOfRange, () => Db.ListSetByIndex("l", 5, "x"));
        AssertError(RedisErrors.IndexOutOfRange, () => Db.ListSetByIndex("l", -6, "x"));
        AssertError(RedisErrors.IndexOutOfRange, () => Db.ListSetByIndex("l", long.MaxValue, "x"));
        Assert.Equal(["a", "b", "c", "d", "e"], Items("l"));
    }

    [Fact]
    public void Linsert_before_and_after_the_first_pivot()
    {
        Db.ListRightPush("l", ["a", "b", "a"]);
        Assert.Equal(4, Db.ListInsertBefore("l", "a", "x"));
        Assert.Equal(5, Db.ListInsertAfter("l", "a", "y"));
        Assert.Equal(6, Db.ListInsertAfter("l", "a", "z"));
        Assert.Equal(["x", "a", "z", "y", "b", "a"], Items("l"));
        Assert.Equal(7, Db.ListInsertAfter("l", "b", "end0"));
        Assert.Equal(8, Db.ListInsertBefore("l", "x", "first"));
        Assert.Equal(["first", "x", "a", "z", "y", "b", "end0", "a"], Items("l"));
    }

    [Fact]
    public void Linsert_missing_pivot_and_missing_key()
    {
        Db.ListRightPush("l", ["a", "b"]);
        Assert.Equal(-1, Db.ListInsertBefore("l", "nope", "x"));
        Assert.Equal(-1, Db.ListInsertAfter("l", "nope", "x"));
        Assert.Equal(["a", "b"], Items("l"));
        Assert.Equal(0, Db.ListInsertBefore("missing", "a", "x"));
        Assert.Equal(0, Db.ListLength("missing"));
    }

    [Fact]
    public void Linsert_into_a_long_list_keeps_order()
    {
        var values = Enumerable.Range(0, 100).Select(i => (MnemoValue)i).ToArray();
        Db.ListRightPush("l", values);
        Db.ListInsertBefore("l", 10, "x");
        Db.ListInsertAfter("l", 90, "y");
        var expected = Enumerable.Range(0, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        expected.Insert(10, "x");
        expected.Insert(92, "y");
        Assert.Equal(expected, Items("l"));
    }

    [Theory]
    [InlineData(0, 3, "abcad")]
    [InlineData(1, 1, "abcxaxd")]
    [InlineData(2, 2, "abcaxd")]
    [InlineData(-1, 1, "xabcxad")]
    [InlineData(-2, 2, "xabcad")]
    [InlineData(10, 3, "abcad")]
    [InlineData(long.MinValue, 3, "abcad")]
    public void Lrem_counts_from_head_tail_or_all(long count, long removed, string remaining)
    {
        Db.ListRightPush("l2", ["x", "a", "b", "c", "x", "a", "x", "d"]);
        Assert.Equal(removed, Db.ListRemove("l2", "x", count));
        Assert.Equal(remaining, string.Concat(Items("l2")));
    }

    [Fact]
    public void Lrem_of_everything_deletes_the_key()
    {
        Db.ListRightPush("l", ["a", "a"]);
        Assert.Equal(0, Db.ListRemove("l", "b"));
        Assert.Equal(2, Db.ListRemove("l", "a"));
        Assert.Equal(0, Db.ListLength("l"));
        Assert.Equal(0, Db.ListRemove("missing", "a"));
        Db.StringSet("l", "now a string"); // the key really is gone
    }

    [Theory]
    [InlineData(1, 3, "bcd")]
    [InlineData(0, -1, "abcde")]
    [InlineData(-2, -1, "de")]
    [InlineData(-100, 1, "ab")]
    [InlineData(3, 100, "de")]
    [InlineData(2, 2, "c")]
    public void Ltrim_keeps_the_range(long start, long stop, string expected)
    {
        Abcde("l");
        Db.ListTrim("l", start, stop);
        Assert.Equal(expected, string.Concat(Items("l")));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 10)]
    [InlineData(-1, -2)]
    [InlineData(0, -6)]
    public void Ltrim_to_an_empty_range_deletes_the_key(long start, long stop)
    {
        Abcde("l");
        Db.ListTrim("l", start, stop);
        Assert.Equal(0, Db.ListLength("l"));
        Db.StringSet("l", "now a string");
    }

    [Fact]
    public void Ltrim_of_a_missing_key_is_a_no_op()
    {
        Db.ListTrim("missing", 0, 1);
        Assert.Equal(0, Db.ListLength("missing"));
    }

    [Fact]
    public void Lpos_finds_by_rank_from_either_end()
    {
        Db.ListRightPush("l", ["a", "b", "c", "1", "2", "3", "c", "c"]);
        Assert.Equal(2, Db.ListPosition("l", "c"));
        Assert.Equal(6, Db.ListPosition("l", "c", rank: 2));
        Assert.Equal(7, Db.ListPosition("l", "c", rank: 3));
        Assert.Equal(-1, Db.ListPosition("l", "c", rank: 4));
        Assert.Equal(7, Db.ListPosition("l", "c", rank: -1));
        Assert.Equal(6, Db.ListPosition("l", "c", rank: -2));
        Assert.Equal(2, Db.ListPosition("l", "c", rank: -3));
        Assert.Equal(-1, Db.ListPosition("l", "x"));
        Assert.Equal(-1, Db.ListPosition("missing", "x"));
    }

    [Fact]
    public void Lpos_with_count_and_maxlen()
    {
        Db.ListRightPush("l", ["a", "b", "c", "1", "2", "3", "c", "c"]);
        Assert.Equal([2L, 6L], Db.ListPositions("l", "c", 2));
        Assert.Equal([2L, 6L, 7L], Db.ListPositions("l", "c", 0));
        Assert.Equal([6L, 7L], Db.ListPositions("l", "c", 0, rank: 2));
        Assert.Equal([7L, 6L, 2L], Db.ListPositions("l", "c", 0, rank: -1));
        Assert.Equal([6L, 2L], Db.ListPositions("l", "c", 2, rank: -2));
        Assert.Equal([2L], Db.ListPositions("l", "c", 0, maxLength: 6));
        Assert.Equal([7L, 6L], Db.ListPositions("l", "c", 0, rank: -1, maxLength: 2));
        Assert.Equal(-1, Db.ListPosition("l", "c", maxLength: 2));
        Assert.Equal(2, Db.ListPosition("l", "c", maxLength: 3));
        Assert.Empty(Db.ListPositions("l", "x", 0));
        Assert.Empty(Db.ListPositions("missing", "x", 1));
    }

    [Fact]
    public void Lpos_errors_are_checked_before_the_key()
    {
        Db.ListRightPush("l", ["a"]);
        Db.StringSet("s", "text");
        AssertError(RedisErrors.RankZero, () => Db.ListPosition("l", "a", rank: 0));
        AssertError(RedisErrors.RankZero, () => Db.ListPositions("s", "a", 1, rank: 0));
        Assert.Equal(
            "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
            RedisErrors.RankZero);
        AssertError(RedisErrors.RankOutOfRange, () => Db.ListPosition("l", "a", rank: long.MinValue));
        AssertError(RedisErrors.CountNegative, () => Db.ListPositions("l", "a", -1));
        AssertError(RedisErrors.MaxLenNegative, () => Db.ListPosition("l", "a", maxLength: -1));
        AssertError(RedisErrors.MaxLenNegative, () => Db.ListPosition("missing", "a", maxLength: -1));
        Assert.Equal(0, Db.ListPosition("l", "a", rank: -1));
        Assert.Equal(-1, Db.ListPosition("l", "a", rank: long.MaxValue));
        Assert.Equal(-1, Db.ListPosition("l", "a", rank: -long.MaxValue));
        Assert.Equal(["a"], Items("l"));
    }
}
