using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Contract;

/// <summary>Sorted-set commands, with Redis 7's results and error texts. Ranges are in <c>SortedSetContract.Ranges.cs</c>.</summary>
public abstract partial class SortedSetContract(IContractTarget target) : ContractTestBase(target)
{
    private static string[] Texts(IEnumerable<MnemoValue> values) => values.Select(v => v.ToString()).ToArray();

    private static string[] Texts(IEnumerable<SortedSetEntry> entries) => entries.Select(e => $"{e.Element}:{e.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)}").ToArray();

    private void Seed(MnemoKey key, params (string Member, double Score)[] members) =>
        Db.SortedSetAdd(key, members.Select(m => new SortedSetEntry(m.Member, m.Score)).ToArray());

    /// <summary>True when the key no longer exists (STRLEN of a missing key is 0; of a sorted set, WRONGTYPE).</summary>
    private bool Gone(MnemoKey key)
    {
        try
        {
            return Db.StringLength(key) == 0;
        }
        catch (MnemoWrongTypeException)
        {
            return false;
        }
    }

    private string[] All(MnemoKey key) => Texts(Db.SortedSetRangeByRankWithScores(key));

    [Fact]
    public void Add_score_and_length()
    {
        Assert.True(Db.SortedSetAdd("z", "a", 1));
        Assert.False(Db.SortedSetAdd("z", "a", 2));
        Assert.True(Db.SortedSetAdd("z", "b", -1.5));
        Assert.Equal(2.0, Db.SortedSetScore("z", "a"));
        Assert.Equal(-1.5, Db.SortedSetScore("z", "b"));
        Assert.Null(Db.SortedSetScore("z", "c"));
        Assert.Null(Db.SortedSetScore("missing", "a"));
        Assert.Equal(2, Db.SortedSetLength("z"));
        Assert.Equal(0, Db.SortedSetLength("missing"));
        Assert.Equal(["b:-1.5", "a:2"], All("z"));
    }

    [Fact]
    public void Add_many_counts_added_or_changed_with_ch()
    {
        Assert.Equal(3, Db.SortedSetAdd("z", [new("a", 1), new("b", 2), new("c", 3)]));
        Assert.Equal(1, Db.SortedSetAdd("z", [new("a", 10), new("b", 2), new("d", 4)]));
        Assert.Equal(2, Db.SortedSetAdd("z", [new("a", 11), new("b", 2), new("e", 5)], changed: true));
        Assert.Equal(0, Db.SortedSetAdd("z", [new("a", 11)], changed: true));
        // A member repeated in one call: the last score wins, counted once as added.
        Assert.Equal(1, Db.SortedSetAdd("y", [new("m", 1), new("m", 2)]));
        Assert.Equal(2.0, Db.SortedSetScore("y", "m"));
        Assert.Equal(2, Db.SortedSetAdd("x", [new("m", 1), new("m", 2)], changed: true));
    }

    [Fact]
    public void Add_conditions_nx_xx_gt_lt()
    {
        Seed("z", ("a", 5));
        Assert.False(Db.SortedSetAdd("z", "a", 1, SortedSetWhen.NotExists));
        Assert.Equal(5.0, Db.SortedSetScore("z", "a"));
        Assert.True(Db.SortedSetAdd("z", "b", 1, SortedSetWhen.NotExists));
        Assert.False(Db.SortedSetAdd("z", "c", 1, SortedSetWhen.Exists));
        Assert.Null(Db.SortedSetScore("z", "c"));
        Assert.True(Db.SortedSetAdd("z", "a", 7, SortedSetWhen.Exists, changed: true));
        Assert.Equal(7.0, Db.SortedSetScore("z", "a"));
        Assert.False(Db.SortedSetAdd("z", "a", 6, SortedSetWhen.GreaterThan, changed: true));
        Assert.Equal(7.0, Db.SortedSetScore("z", "a"));
        Assert.True(Db.SortedSetAdd("z", "a", 8, SortedSetWhen.GreaterThan, changed: true));
        Assert.False(Db.SortedSetAdd("z", "a", 9, SortedSetWhen.LessThan, changed: true));
        Assert.True(Db.SortedSetAdd("z", "a", 3, SortedSetWhen.LessThan, changed: true));
        Assert.Equal(3.0, Db.SortedSetScore("z", "a"));
        // GT and LT still add new members; XX with GT only updates.
        Assert.True(Db.SortedSetAdd("z", "n", 1, SortedSetWhen.GreaterThan));
        Assert.False(Db.SortedSetAdd("z", "o", 1, SortedSetWhen.Exists | SortedSetWhen.GreaterThan));
        Assert.Equal(1, Db.SortedSetAdd("z", [new("a", 10), new("p", 1)], SortedSetWhen.Exists | SortedSetWhen.GreaterThan, changed: true));
        Assert.Equal(10.0, Db.SortedSetScore("z", "a"));
        Assert.Null(Db.SortedSetScore("z", "p"));
    }

    [Fact]
    public void Add_xx_on_missing_key_creates_nothing()
    {
        Assert.Equal(0, Db.SortedSetAdd("z", [new("a", 1)], SortedSetWhen.Exists));
        Assert.Null(Db.SortedSetIncrement("z", "a", 1, SortedSetWhen.Exists));
        Assert.True(Gone("z"));
    }

    [Theory]
    [InlineData(SortedSetWhen.Exists | SortedSetWhen.NotExists, RedisErrors.ZAddXxNx)]
    [InlineData(SortedSetWhen.Exists | SortedSetWhen.NotExists | SortedSetWhen.GreaterThan, RedisErrors.ZAddXxNx)]
    [InlineData(SortedSetWhen.GreaterThan | SortedSetWhen.NotExists, RedisErrors.ZAddGtLtNx)]
    [InlineData(SortedSetWhen.LessThan | SortedSetWhen.NotExists, RedisErrors.ZAddGtLtNx)]
    [InlineData(SortedSetWhen.GreaterThan | SortedSetWhen.LessThan, RedisErrors.ZAddGtLtNx)]
    public void Add_option_conflicts_fail_and_change_nothing(SortedSetWhen when, string error)
    {
        Seed("z", ("a", 1));
        AssertError(error, () => Db.SortedSetAdd("z", "a", 5, when));
        AssertError(error, () => Db.SortedSetAdd("z", [new("b", 5)], when));
        AssertError(error, () => Db.SortedSetIncrement("z", "a", 5, when));
        AssertError(error, () => Db.SortedSetAdd("new", "a", 5, when));
        Assert.Equal(["a:1"], All("z"));
        Assert.True(Gone("new"));
    }

    [Fact]
    public void Add_refuses_nan_and_empty_input_without_changes()
    {
        Seed("z", ("a", 1));
        AssertError(RedisErrors.NotFloat, () => Db.SortedSetAdd("z", [new("b", 2), new("c", double.NaN)]));
        AssertError(RedisErrors.NotFloat, () => Db.SortedSetAdd("z", "a", double.NaN));
        AssertError(RedisErrors.NotFloat, () => Db.SortedSetIncrement("z", "a", double.NaN));
        AssertError(RedisErrors.Syntax, () => Db.SortedSetAdd("z", []));
        Assert.Equal(["a:1"], All("z"));
    }

    [Fact]
    public void Infinite_scores_sort_at_the_ends()
    {
        Seed("z", ("max", double.PositiveInfinity), ("min", double.NegativeInfinity), ("zero", 0));
        Assert.Equal(["min", "zero", "max"], Texts(Db.SortedSetRangeByRank("z")));
        Assert.Equal(double.PositiveInfinity, Db.SortedSetScore("z", "max"));
        Assert.Equal(2, Db.SortedSetLength("z", 0, double.PositiveInfinity));
    }

    [Fact]
    public void Equal_scores_order_by_member_bytes()
    {
        Db.SortedSetAdd("z", [new("b", 1), new("ba", 1), new("a", 1), new(new byte[] { 0xFF }, 1), new("B", 1), new("", 1)]);
        var members = Db.SortedSetRangeByRank("z").Select(v => (byte[])v!).ToArray();
        Assert.Equal([[], "B"u8.ToArray(), "a"u8.ToArray(), "b"u8.ToArray(), "ba"u8.ToArray(), [0xFF]], members);
    }

    [Fact]
    public void Increment_creates_adds_and_refuses_nan()
    {
        Assert.Equal(2.5, Db.SortedSetIncrement("z", "a", 2.5));
        Assert.Equal(1.0, Db.SortedSetIncrement("z", "a", -1.5));
        Assert.Equal(-1.0, Db.SortedSetDecrement("z", "a", 2));
        Db.SortedSetAdd("z", "inf", double.PositiveInfinity);
        AssertError(RedisErrors.ScoreNaN, () => Db.SortedSetIncrement("z", "inf", double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, Db.SortedSetScore("z", "inf"));
        Assert.Equal(double.PositiveInfinity, Db.SortedSetIncrement("z", "inf", 1));
        Assert.Equal(["a:-1", "inf:Infinity"], All("z"));
    }

    [Fact]
    public void Increment_with_conditions_returns_null_when_blocked()
    {
        Seed("z", ("a", 5));
        Assert.Null(Db.SortedSetIncrement("z", "a", 1, SortedSetWhen.NotExists));
        Assert.Equal(1.0, Db.SortedSetIncrement("z", "b", 1, SortedSetWhen.NotExists));
        Assert.Null(Db.SortedSetIncrement("z", "c", 1, SortedSetWhen.Exists));
        Assert.Null(Db.SortedSetIncrement("z", "a", -1, SortedSetWhen.GreaterThan));
        Assert.Equal(7.0, Db.SortedSetIncrement("z", "a", 2, SortedSetWhen.GreaterThan));
        Assert.Null(Db.SortedSetIncrement("z", "a", 1, SortedSetWhen.LessThan));
        Assert.Equal(7.0, Db.SortedSetIncrement("z", "a", 0));
        // NX on an existing member is a no-op even when the sum would be NaN.
        Db.SortedSetAdd("z", "inf", double.PositiveInfinity);
        Assert.Null(Db.SortedSetIncrement("z", "inf", double.NegativeInfinity, SortedSetWhen.NotExists));
        Assert.Equal(["b:1", "a:7", "inf:Infinity"], All("z"));
    }

    [Fact]
    public void Remove_members_and_delete_the_emptied_key()
    {
        Seed("z", ("a", 1), ("b", 2), ("c", 3));
        Assert.True(Db.SortedSetRemove("z", "a"));
        Assert.False(Db.SortedSetRemove("z", "a"));
        Assert.Equal(1, Db.SortedSetRemove("z", ["b", "x", "b"]));
        Assert.Equal(0, Db.SortedSetRemove("missing", ["a"]));
        Assert.False(Gone("z"));
        Assert.Equal(1, Db.SortedSetRemove("z", ["c"]));
        Assert.True(Gone("z"));
    }

    [Fact]
    public void Scores_of_several_members()
    {
        Seed("z", ("a", 1), ("b", 2.5));
        Assert.Equal([1.0, null, 2.5], Db.SortedSetScores("z", ["a", "x", "b"]));
        Assert.Equal([null, null], Db.SortedSetScores("missing", ["a", "b"]));
    }

    [Fact]
    public void Returned_members_are_copies_and_stored_members_do_not_alias_input()
    {
        var input = new byte[] { 1, 2, 3 };
        Db.SortedSetAdd("z", input, 1);
        input[0] = 9;
        var first = (byte[])Db.SortedSetRangeByRank("z")[0]!;
        first[1] = 9;
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[]?)Db.SortedSetRangeByRank("z")[0]);
        Assert.Equal(1.0, Db.SortedSetScore("z", new byte[] { 1, 2, 3 }));
    }

    [Fact]
    public void Every_command_on_a_string_is_wrongtype_and_changes_nothing()
    {
        Db.StringSet("s", "v");
        var commands = new Action[]
        {
            () => Db.SortedSetAdd("s", "a", 1),
            () => Db.SortedSetAdd("s", "a", 1, SortedSetWhen.Exists),
            () => Db.SortedSetIncrement("s", "a", 1),
            () => Db.SortedSetRemove("s", "a"),
            () => Db.SortedSetScore("s", "a"),
            () => Db.SortedSetScores("s", ["a"]),
            () => Db.SortedSetLength("s"),
            () => Db.SortedSetLength("s", 0, 1),
            () => Db.SortedSetLengthByValue("s", "a", "b"),
            () => Db.SortedSetRangeByRank("s"),
            () => Db.SortedSetRangeByScore("s"),
            () => Db.SortedSetRangeByValue("s"),
            () => Db.SortedSetRangeAndStore("s", "d", 0, -1),
            () => Db.SortedSetRank("s", "a"),
            () => Db.SortedSetRemoveRangeByRank("s", 0, -1),
            () => Db.SortedSetRemoveRangeByScore("s", 0, 1),
            () => Db.SortedSetRemoveRangeByValue("s", "a", "b"),
            () => Db.SortedSetPop("s"),
            () => Db.SortedSetPop("s", 2),
            () => Db.SortedSetRandomMember("s"),
            () => Db.SortedSetRandomMembers("s", 2),
            () => Db.SortedSetCombine(SetOperation.Union, ["s"]),
            () => Db.SortedSetCombineAndStore(SetOperation.Intersect, "d", ["s"]),
            () => Db.SortedSetIntersectionLength(["s"]),
            () => Db.SortedSetScan("s").ToList(),
        };
        foreach (var command in commands)
        {
            Assert.Throws<MnemoWrongTypeException>(command);
        }
        Assert.Equal("v", Db.StringGet("s").ToString());
        Assert.True(Gone("d"));
    }

    [Fact]
    public void Pop_min_and_max()
    {
        Seed("z", ("a", 1), ("b", 2), ("c", 3), ("d", 4));
        Assert.Equal(new SortedSetEntry("a", 1), Db.SortedSetPop("z"));
        Assert.Equal(new SortedSetEntry("d", 4), Db.SortedSetPop("z", Order.Descending));
        Assert.Empty(Db.SortedSetPop("z", 0L));
        Assert.Equal(["c:3", "b:2"], Texts(Db.SortedSetPop("z", 5, Order.Descending)));
        Assert.True(Gone("z"));
        Assert.Null(Db.SortedSetPop("z"));
        Assert.Empty(Db.SortedSetPop("z", 3));
    }

    [Fact]
    public void Pop_with_negative_count_fails_and_changes_nothing()
    {
        Seed("z", ("a", 1));
        AssertError(RedisErrors.MustBePositive, () => Db.SortedSetPop("z", -1));
        Assert.Equal(["a:1"], All("z"));
    }

    [Fact]
    public void Random_members()
    {
        Assert.True(Db.SortedSetRandomMember("missing").IsNull);
        Assert.Empty(Db.SortedSetRandomMembers("missing", 3));
        Assert.Empty(Db.SortedSetRandomMembers("missing", -3));
        var seeded = Enumerable.Range(0, 50).Select(i => ($"m{i}", (double)i)).ToArray();
        Seed("z", seeded);
        var names = seeded.Select(s => s.Item1).ToHashSet();
        Assert.Contains(Db.SortedSetRandomMember("z").ToString(), names);
        Assert.Empty(Db.SortedSetRandomMembers("z", 0));
        var ten = Texts(Db.SortedSetRandomMembers("z", 10));
        Assert.Equal(10, ten.Distinct().Count());
        Assert.Subset(names, ten.ToHashSet());
        var forty = Texts(Db.SortedSetRandomMembers("z", 40));
        Assert.Equal(40, forty.Distinct().Count());
        Assert.Equal(names, Texts(Db.SortedSetRandomMembers("z", 100)).ToHashSet());
        Assert.Equal(50, Db.SortedSetRandomMembers("z", 100).Length);
        var repeated = Db.SortedSetRandomMembersWithScores("z", -200);
        Assert.Equal(200, repeated.Length);
        Assert.All(repeated, e => Assert.Equal(double.Parse(e.Element.ToString()[1..], System.Globalization.CultureInfo.InvariantCulture), e.Score));
        Assert.True(repeated.Select(e => e.Element.ToString()).Distinct().Count() < 200);
    }

    [Fact]
    public void Random_members_count_limits()
    {
        Seed("z", ("a", 1));
        AssertError(RedisErrors.ValueOutOfRangeLong, () => Db.SortedSetRandomMembers("z", long.MinValue));
        AssertError(RedisErrors.ValueOutOfRange, () => Db.SortedSetRandomMembersWithScores("z", long.MaxValue));
        AssertError(RedisErrors.ValueOutOfRange, () => Db.SortedSetRandomMembersWithScores("z", -(long.MaxValue / 2) - 1));
        Assert.Single(Db.SortedSetRandomMembers("z", long.MaxValue));
    }

    [Fact]
    public void Scan_returns_every_member_with_its_score()
    {
        var seeded = Enumerable.Range(0, 300).Select(i => ($"m{i}", (double)i)).ToArray();
        Seed("z", seeded);
        var seen = Db.SortedSetScan("z", pageSize: 7).ToList();
        Assert.Equal(300, seen.Select(e => e.Element.ToString()).Distinct().Count());
        Assert.All(seen, e => Assert.Equal(e.Score, Db.SortedSetScore("z", e.Element)));
        Assert.Empty(Db.SortedSetScan("missing"));
    }

    [Fact]
    public void Scan_filters_by_glob_pattern()
    {
        Seed("z", ("apple", 1), ("apricot", 2), ("banana", 3), ("a*b", 4), ("cherry", 5), ("bx", 6));
        string[] Scan(string pattern) => Db.SortedSetScan("z", pattern, 2).Select(e => e.Element.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["apple", "apricot"], Scan("ap*"));
        Assert.Equal(["a*b", "apple", "apricot"], Scan("a*"));
        Assert.Equal(["a*b"], Scan("a\\*b"));
        Assert.Equal(["banana", "bx"], Scan("[b]*"));
        Assert.Equal(["a*b", "apple", "apricot", "cherry"], Scan("[^b]*"));
        Assert.Equal(["bx"], Scan("b?"));
        Assert.Equal(["banana", "cherry"], Scan("[b-c]*[ay]"));
        Assert.Equal(6, Scan("*").Length);
    }

    [Fact]
    public void Scan_argument_errors()
    {
        Seed("z", ("a", 1));
        AssertError(RedisErrors.InvalidCursor, () => Db.SortedSetScan("z", cursor: -1).ToList());
        AssertError(RedisErrors.Syntax, () => Db.SortedSetScan("z", pageSize: 0).ToList());
    }
}

public sealed class SortedSetContractEmbedded() : SortedSetContract(new EmbeddedTarget());
