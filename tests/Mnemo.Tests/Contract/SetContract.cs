using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Contract;

/// <summary>Set commands, with Redis 7's results and error texts.</summary>
public abstract class SetContract(IContractTarget target) : ContractTestBase(target)
{
    private static string[] Sorted(IEnumerable<MnemoValue> values) =>
        [.. values.Select(v => v.ToString()).Order(StringComparer.Ordinal)];

    private string[] Members(MnemoKey key) => Sorted(Db.SetMembers(key));

    /// <summary>True when the key does not exist (a set would make the string read fail with WRONGTYPE).</summary>
    private bool Missing(MnemoKey key) => Db.StringGet(key).IsNull;

    [Fact]
    public void Sadd_counts_only_new_members_and_smembers_returns_them()
    {
        Assert.Equal(3, Db.SetAdd("s", "a", "b", "c"));
        Assert.Equal(1, Db.SetAdd("s", "c", "d", "d"));
        Assert.True(Db.SetAdd("s", "e"));
        Assert.False(Db.SetAdd("s", "e"));
        Assert.Equal(["a", "b", "c", "d", "e"], Members("s"));
        Assert.Equal(5, Db.SetLength("s"));
    }

    [Fact]
    public void Members_are_binary_safe_and_returned_as_copies()
    {
        var member = new byte[] { 0, 255, 13, 10 };
        Db.SetAdd("s", member);
        Db.SetAdd("s", "");
        member[0] = 9;
        Assert.True(Db.SetContains("s", new byte[] { 0, 255, 13, 10 }));
        Assert.True(Db.SetContains("s", ""));
        var returned = Db.SetMembers("s").Select(v => (byte[])v!).Single(b => b.Length == 4);
        returned[1] = 1;
        Assert.True(Db.SetContains("s", new byte[] { 0, 255, 13, 10 }));
        Assert.Equal(2, Db.SetLength("s"));
    }

    [Fact]
    public void Missing_key_reads_as_empty_set()
    {
        Assert.Empty(Db.SetMembers("none"));
        Assert.Equal(0, Db.SetLength("none"));
        Assert.False(Db.SetContains("none", "a"));
        Assert.Equal(new[] { false, false }, Db.SetContains("none", "a", "b"));
        Assert.False(Db.SetRemove("none", "a"));
        Assert.True(Db.SetPop("none").IsNull);
        Assert.Empty(Db.SetPop("none", 3));
        Assert.True(Db.SetRandomMember("none").IsNull);
        Assert.Empty(Db.SetRandomMembers("none", 3));
        Assert.Empty(Db.SetRandomMembers("none", -3));
        Assert.True(Missing("none"));
    }

    [Fact]
    public void Srem_counts_removed_and_deletes_the_key_when_empty()
    {
        Db.SetAdd("s", "a", "b", "c");
        Assert.Equal(2, Db.SetRemove("s", "a", "x", "b", "a"));
        Assert.False(Db.SetRemove("s", "a"));
        Assert.Equal(["c"], Members("s"));
        Assert.True(Db.SetRemove("s", "c"));
        Assert.True(Missing("s"));
        Assert.Equal(0, Db.SetLength("s"));
    }

    [Fact]
    public void Sismember_and_smismember()
    {
        Db.SetAdd("s", "a", "b");
        Assert.True(Db.SetContains("s", "a"));
        Assert.False(Db.SetContains("s", "z"));
        Assert.Equal(new[] { true, false, true, true }, Db.SetContains("s", "a", "z", "b", "a"));
    }

    [Fact]
    public void Sadd_on_expired_key_starts_a_new_set()
    {
        Db.StringSet("k", "v", TimeSpan.FromSeconds(1));
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(Db.SetAdd("k", "a"));
        Assert.Equal(["a"], Members("k"));
    }

    [Fact]
    public void Every_set_command_rejects_a_string_key_and_leaves_it_untouched()
    {
        Db.StringSet("str", "value");
        Db.SetAdd("set", "a");
        var e = RedisErrors.WrongType;
        AssertError(e, () => Db.SetAdd("str", "a"));
        AssertError(e, () => Db.SetAdd("str", "a", "b"));
        AssertError(e, () => Db.SetRemove("str", "a"));
        AssertError(e, () => Db.SetMembers("str"));
        AssertError(e, () => Db.SetContains("str", "a"));
        AssertError(e, () => Db.SetContains("str", "a", "b"));
        AssertError(e, () => Db.SetLength("str"));
        AssertError(e, () => Db.SetPop("str"));
        AssertError(e, () => Db.SetPop("str", 2));
        AssertError(e, () => Db.SetPop("str", 0));
        AssertError(e, () => Db.SetRandomMember("str"));
        AssertError(e, () => Db.SetRandomMembers("str", 2));
        AssertError(e, () => Db.SetRandomMembers("str", 0));
        AssertError(e, () => Db.SetMove("str", "set", "a"));
        AssertError(e, () => Db.SetMove("set", "str", "a"));
        AssertError(e, () => Db.SetCombine(SetOperation.Union, "set", "str"));
        AssertError(e, () => Db.SetCombine(SetOperation.Intersect, "none", "str"));
        AssertError(e, () => Db.SetCombine(SetOperation.Difference, "set", "str"));
        AssertError(e, () => Db.SetCombineAndStore(SetOperation.Union, "dest", "set", "str"));
        AssertError(e, () => Db.SetIntersectionLength(["none", "str"]));
        AssertError(e, () => Db.SetScanPage("str", 0));
        AssertError(e, () => Db.SetScanPage("str", 0, count: 0));
        AssertError(e, () => Db.SetScan("str").ToList());
        Assert.Equal("value", Db.StringGet("str").ToString());
        Assert.Equal(["a"], Members("set"));
        Assert.True(Missing("dest"));
    }

    [Fact]
    public void Set_commands_reject_a_hash_key()
    {
        Db.HashSet("h", "f", "v");
        AssertError(RedisErrors.WrongType, () => Db.SetAdd("h", "a"));
        AssertError(RedisErrors.WrongType, () => Db.SetMembers("h"));
        Assert.Equal("v", Db.HashGet("h", "f").ToString());
    }

    [Fact]
    public void Spop_removes_random_members()
    {
        Db.SetAdd("s", "a", "b", "c", "d");
        var one = Db.SetPop("s");
        Assert.Contains(one.ToString(), new[] { "a", "b", "c", "d" });
        Assert.False(Db.SetContains("s", one));
        var two = Db.SetPop("s", 2);
        Assert.Equal(2, two.Select(v => v.ToString()).Distinct().Count());
        Assert.Equal(1, Db.SetLength("s"));
        Assert.Equal(["a", "b", "c", "d"], Sorted([one, .. two, .. Db.SetMembers("s")]));
    }

    [Fact]
    public void Spop_count_zero_negative_and_larger_than_set()
    {
        Db.SetAdd("s", "a", "b", "c");
        Assert.Empty(Db.SetPop("s", 0));
        AssertError(RedisErrors.MustBePositive, () => Db.SetPop("s", -1));
        AssertError(RedisErrors.MustBePositive, () => Db.SetPop("none", -1));
        Assert.Equal(3, Db.SetLength("s"));
        Assert.Equal(["a", "b", "c"], Sorted(Db.SetPop("s", 10)));
        Assert.True(Missing("s"));
    }

    [Fact]
    public void Spop_of_last_member_deletes_the_key()
    {
        Db.SetAdd("s", "only");
        Assert.Equal("only", Db.SetPop("s").ToString());
        Assert.True(Missing("s"));
    }

    [Fact]
    public void Srandmember_positive_count_gives_distinct_members_without_removing()
    {
        Db.SetAdd("s", "a", "b", "c", "d", "e");
        var two = Db.SetRandomMembers("s", 2);
        Assert.Equal(2, two.Select(v => v.ToString()).Distinct().Count());
        Assert.Equal(["a", "b", "c", "d", "e"], Sorted(Db.SetRandomMembers("s", 5)));
        Assert.Equal(["a", "b", "c", "d", "e"], Sorted(Db.SetRandomMembers("s", 100)));
        Assert.Empty(Db.SetRandomMembers("s", 0));
        Assert.Contains(Db.SetRandomMember("s").ToString(), new[] { "a", "b", "c", "d", "e" });
        Assert.Equal(5, Db.SetLength("s"));
    }

    [Fact]
    public void Srandmember_negative_count_may_repeat()
    {
        Db.SetAdd("s", "a", "b");
        var many = Db.SetRandomMembers("s", -50);
        Assert.Equal(50, many.Length);
        Assert.All(many, v => Assert.Contains(v.ToString(), new[] { "a", "b" }));
        Assert.Equal(2, many.Select(v => v.ToString()).Distinct().Count()); // 2^-49 chance of failing
    }

    [Fact]
    public void Srandmember_rejects_the_count_that_cannot_be_negated()
    {
        Db.SetAdd("s", "a");
        AssertError(RedisErrors.RankOutOfRange, () => Db.SetRandomMembers("s", long.MinValue));
        AssertError(RedisErrors.RankOutOfRange, () => Db.SetRandomMembers("none", long.MinValue));
    }

    [Fact]
    public void Smove_moves_atomically()
    {
        Db.SetAdd("src", "a", "b");
        Db.SetAdd("dst", "c");
        Assert.True(Db.SetMove("src", "dst", "a"));
        Assert.Equal(["b"], Members("src"));
        Assert.Equal(["a", "c"], Members("dst"));
        Assert.False(Db.SetMove("src", "dst", "zz"));
        Assert.True(Db.SetMove("src", "new", "b"));
        Assert.True(Missing("src"));
        Assert.Equal(["b"], Members("new"));
    }

    [Fact]
    public void Smove_of_a_member_already_in_destination_removes_it_from_source()
    {
        Db.SetAdd("src", "a", "b");
        Db.SetAdd("dst", "a");
        Assert.True(Db.SetMove("src", "dst", "a"));
        Assert.Equal(["b"], Members("src"));
        Assert.Equal(["a"], Members("dst"));
    }

    [Fact]
    public void Smove_same_key_and_missing_source()
    {
        Db.SetAdd("s", "a");
        Assert.True(Db.SetMove("s", "s", "a"));
        Assert.False(Db.SetMove("s", "s", "b"));
        Assert.Equal(["a"], Members("s"));
        Db.StringSet("str", "v");
        Assert.False(Db.SetMove("none", "str", "a")); // Redis answers 0 before checking the destination
        Assert.False(Db.SetMove("none", "s", "a"));
    }

    [Fact]
    public void Smove_to_a_wrong_type_destination_changes_nothing()
    {
        Db.SetAdd("src", "a");
        Db.StringSet("str", "v");
        AssertError(RedisErrors.WrongType, () => Db.SetMove("src", "str", "a"));
        Assert.Equal(["a"], Members("src"));
        Assert.Equal("v", Db.StringGet("str").ToString());
    }

    [Fact]
    public void Sinter_sunion_sdiff()
    {
        Db.SetAdd("a", "1", "2", "3", "4");
        Db.SetAdd("b", "2", "3", "5");
        Db.SetAdd("c", "3", "4", "6");
        Assert.Equal(["3"], Sorted(Db.SetCombine(SetOperation.Intersect, "a", "b", "c")));
        Assert.Equal(["2", "3"], Sorted(Db.SetCombine(SetOperation.Intersect, "a", "b")));
        Assert.Equal(["1", "2", "3", "4", "5", "6"], Sorted(Db.SetCombine(SetOperation.Union, "a", "b", "c")));
        Assert.Equal(["1"], Sorted(Db.SetCombine(SetOperation.Difference, "a", "b", "c")));
        Assert.Equal(["1", "4"], Sorted(Db.SetCombine(SetOperation.Difference, "a", "b")));
        Assert.Equal(["1", "2", "3", "4"], Sorted(Db.SetCombine(SetOperation.Intersect, "a", "a")));
        Assert.Empty(Db.SetCombine(SetOperation.Difference, "a", "a"));
    }

    [Fact]
    public void Missing_keys_are_empty_sets_in_combinations()
    {
        Db.SetAdd("a", "1", "2");
        Assert.Empty(Db.SetCombine(SetOperation.Intersect, "a", "none"));
        Assert.Equal(["1", "2"], Sorted(Db.SetCombine(SetOperation.Union, "a", "none")));
        Assert.Equal(["1", "2"], Sorted(Db.SetCombine(SetOperation.Difference, "a", "none")));
        Assert.Empty(Db.SetCombine(SetOperation.Difference, "none", "a"));
        Assert.Equal(["1", "2"], Sorted(Db.SetCombine(SetOperation.Union, ["a"])));
    }

    [Fact]
    public void Store_forms_overwrite_the_destination_whatever_its_type()
    {
        Db.SetAdd("a", "1", "2", "3");
        Db.SetAdd("b", "2", "3", "4");
        Db.StringSet("dest", "string");
        Assert.Equal(2, Db.SetCombineAndStore(SetOperation.Intersect, "dest", "a", "b"));
        Assert.Equal(["2", "3"], Members("dest"));
        Db.HashSet("dest2", "f", "v");
        Assert.Equal(4, Db.SetCombineAndStore(SetOperation.Union, "dest2", "a", "b"));
        Assert.Equal(["1", "2", "3", "4"], Members("dest2"));
        Assert.Equal(1, Db.SetCombineAndStore(SetOperation.Difference, "dest", "a", "b"));
        Assert.Equal(["1"], Members("dest"));
    }

    [Fact]
    public void Store_expired_destination_ttl_is_not_kept()
    {
        Db.SetAdd("a", "1");
        Db.StringSet("dest", "v", TimeSpan.FromSeconds(10));
        Assert.Equal(1, Db.SetCombineAndStore(SetOperation.Union, "dest", "a", "none"));
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(["1"], Members("dest"));
    }

    [Fact]
    public void Store_with_empty_result_deletes_the_destination()
    {
        Db.SetAdd("a", "1");
        Db.SetAdd("b", "2");
        Db.SetAdd("dest", "old");
        Assert.Equal(0, Db.SetCombineAndStore(SetOperation.Intersect, "dest", "a", "b"));
        Assert.True(Missing("dest"));
        Assert.Equal(0, Db.SetCombineAndStore(SetOperation.Intersect, "dest", "a", "none"));
        Assert.True(Missing("dest"));
    }

    [Fact]
    public void Store_into_one_of_its_sources()
    {
        Db.SetAdd("a", "1", "2", "3");
        Db.SetAdd("b", "3", "4");
        Assert.Equal(4, Db.SetCombineAndStore(SetOperation.Union, "a", "a", "b"));
        Assert.Equal(["1", "2", "3", "4"], Members("a"));
        Assert.Equal(2, Db.SetCombineAndStore(SetOperation.Difference, "a", "a", "b"));
        Assert.Equal(["1", "2"], Members("a"));
    }

    [Fact]
    public void Store_result_is_independent_of_its_sources()
    {
        Db.SetAdd("a", "1", "2");
        Db.SetCombineAndStore(SetOperation.Union, "copy", "a", "none");
        Db.SetRemove("a", "1");
        Db.SetAdd("a", "9");
        Assert.Equal(["1", "2"], Members("copy"));
    }

    [Fact]
    public void Store_with_a_wrong_type_source_leaves_the_destination()
    {
        Db.SetAdd("a", "1");
        Db.StringSet("str", "v");
        Db.SetAdd("dest", "keep");
        AssertError(RedisErrors.WrongType, () => Db.SetCombineAndStore(SetOperation.Union, "dest", "a", "str"));
        AssertError(RedisErrors.WrongType, () => Db.SetCombineAndStore(SetOperation.Intersect, "dest", "none", "str"));
        Assert.Equal(["keep"], Members("dest"));
    }

    [Fact]
    public void Sintercard_counts_with_and_without_limit()
    {
        Db.SetAdd("a", "1", "2", "3", "4");
        Db.SetAdd("b", "2", "3", "4", "5");
        Assert.Equal(3, Db.SetIntersectionLength(["a", "b"]));
        Assert.Equal(2, Db.SetIntersectionLength(["a", "b"], 2));
        Assert.Equal(3, Db.SetIntersectionLength(["a", "b"], 10));
        Assert.Equal(3, Db.SetIntersectionLength(["a", "b"], 0));
        Assert.Equal(4, Db.SetIntersectionLength(["a"]));
        Assert.Equal(0, Db.SetIntersectionLength(["a", "none"]));
    }

    [Fact]
    public void Sintercard_errors()
    {
        Db.SetAdd("a", "1");
        AssertError(RedisErrors.NumKeysPositive, () => Db.SetIntersectionLength([]));
        AssertError(RedisErrors.LimitNegative, () => Db.SetIntersectionLength(["a"], -1));
    }

    [Fact]
    public void Sscan_of_a_small_set_returns_everything_at_once()
    {
        Db.SetAdd("s", "a", "b", "c");
        var page = Db.SetScanPage("s", 0, count: 1);
        Assert.Equal(0, page.Cursor);
        Assert.Equal(["a", "b", "c"], Sorted(page.Members));
        Assert.Equal(["a"], Sorted(Db.SetScanPage("s", 0, "a*").Members));
        var empty = Db.SetScanPage("none", 0);
        Assert.Equal(0, empty.Cursor);
        Assert.Empty(empty.Members);
    }

    [Fact]
    public void Sscan_of_a_large_set_visits_every_member_with_match()
    {
        var all = Enumerable.Range(0, 1000).Select(i => (MnemoValue)$"m{i}").ToArray();
        Db.SetAdd("s", all);
        var seen = new HashSet<string>();
        long cursor = 0;
        int calls = 0;
        do
        {
            var page = Db.SetScanPage("s", cursor, count: 20);
            seen.UnionWith(page.Members.Select(m => m.ToString()));
            cursor = page.Cursor;
            calls++;
        }
        while (cursor != 0);
        Assert.Equal(1000, seen.Count);
        Assert.True(calls > 10);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"m{i}").Order(StringComparer.Ordinal), Sorted(Db.SetScan("s", pageSize: 7)).Distinct());
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"m{i}"), Sorted(Db.SetScan("s", "m1?")).Distinct());
        Assert.Equal(["m999"], Sorted(Db.SetScan("s", "m99[9]")));
    }

    [Fact]
    public void Sscan_returns_members_present_for_the_whole_scan_despite_removals_and_additions()
    {
        Db.SetAdd("s", [.. Enumerable.Range(0, 2000).Select(i => (MnemoValue)$"keep{i}")]);
        Db.SetAdd("s", [.. Enumerable.Range(0, 2000).Select(i => (MnemoValue)$"gone{i}")]);
        var seen = new HashSet<string>();
        long cursor = 0;
        int step = 0;
        do
        {
            var page = Db.SetScanPage("s", cursor, count: 50);
            seen.UnionWith(page.Members.Select(m => m.ToString()));
            cursor = page.Cursor;
            // Between calls: remove 100 members (moving others inside the set) and add 30 new ones.
            Db.SetRemove("s", [.. Enumerable.Range(step * 100, 100).Where(i => i < 2000).Select(i => (MnemoValue)$"gone{i}")]);
            Db.SetAdd("s", [.. Enumerable.Range(step * 30, 30).Select(i => (MnemoValue)$"new{i}")]);
            step++;
        }
        while (cursor != 0);
        for (int i = 0; i < 2000; i++)
        {
            Assert.Contains($"keep{i}", seen);
        }
    }

    [Fact]
    public void Sscan_count_must_be_positive()
    {
        Db.SetAdd("s", "a");
        AssertError(RedisErrors.Syntax, () => Db.SetScanPage("s", 0, count: 0));
        AssertError(RedisErrors.Syntax, () => Db.SetScanPage("s", 0, count: -5));
        Assert.Empty(Db.SetScanPage("none", 0, count: 0).Members); // a missing key answers before options are checked
    }
}

public sealed class SetContractEmbedded() : SetContract(new EmbeddedTarget());
