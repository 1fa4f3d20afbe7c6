using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Contract;

/// <summary>Whole-keyspace commands: KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB. Their interplay with transactions is in <c>Engine/KeysTransactionTests.cs</c> (no RESP command creates an embedded transaction).</summary>
public abstract partial class KeyContract
{
    [Theory]
    [InlineData("*", new[] { "hallo", "hello", "hillo", "hllo", "heeeello", "h[a]llo", "user:1", "user:2", "user:10" })]
    [InlineData("h?llo", new[] { "hallo", "hello", "hillo" })]
    [InlineData("h*llo", new[] { "hallo", "hello", "hillo", "hllo", "heeeello", "h[a]llo" })]
    [InlineData("h[ae]llo", new[] { "hallo", "hello" })]
    [InlineData("h[^e]llo", new[] { "hallo", "hillo" })]
    [InlineData("h[a-b]llo", new[] { "hallo" })]
    [InlineData("h\\[a\\]llo", new[] { "h[a]llo" })]
    [InlineData("user:?", new[] { "user:1", "user:2" })]
    [InlineData("user:*", new[] { "user:1", "user:2", "user:10" })]
    [InlineData("nothing*", new string[0])]
    public void Keys_matches_glob_patterns(string pattern, string[] expected)
    {
        foreach (var key in new[] { "hallo", "hello", "hillo", "hllo", "heeeello", "h[a]llo", "user:1", "user:2", "user:10" })
        {
            Db.StringSet(key, "v");
        }
        Assert.Equal(expected.Order(StringComparer.Ordinal), Sorted(Db.Keys(pattern)));
    }

    [Fact]
    public void The_empty_key_is_listed_by_a_lone_star_only()
    {
        Db.StringSet("", "empty");
        Db.StringSet("a", "1");
        Assert.Equal(["", "a"], Sorted(Db.Keys("*")));
        Assert.Equal(["", "a"], Sorted(Db.EnumerateKeys("*")));
        Assert.Equal(["a"], Sorted(Db.Keys("**")));
        Assert.Equal(["a"], Sorted(Db.EnumerateKeys("?*")));
        Assert.Equal([""], Sorted(Db.Keys("")));
    }

    [Fact]
    public void Keys_sees_only_this_database_and_defaults_to_all()
    {
        Db.StringSet("a", "1");
        Db1.StringSet("b", "2");
        Assert.Equal(["a"], Sorted(Db.Keys()));
        Assert.Equal(["b"], Sorted(Db1.Keys("*")));
        Assert.Empty(Target.Database(2).Keys());
    }

    [Fact]
    public void Scan_iterates_every_key_once_when_nothing_changes()
    {
        var expected = Enumerable.Range(0, 500).Select(i => $"key:{i}").ToHashSet();
        foreach (var key in expected)
        {
            Db.StringSet(key, "v");
        }
        var seen = new List<string>();
        ulong cursor = 0;
        int calls = 0;
        do
        {
            var page = Db.KeyScan(cursor, count: 17);
            seen.AddRange(page.Keys.Select(k => k.ToString()));
            cursor = page.Cursor;
            calls++;
        }
        while (cursor != 0);
        Assert.True(calls > 1);
        Assert.Equal(expected.Count, seen.Count);
        Assert.True(expected.SetEquals(seen));
    }

    [Fact]
    public void Scan_with_match_and_type_filters()
    {
        for (int i = 0; i < 100; i++)
        {
            Db.StringSet($"user:{i}", i);
            Db.StringSet($"item:{i}", "x");
        }
        var users = Db.EnumerateKeys("user:*", pageSize: 7).Select(k => k.ToString()).ToHashSet();
        Assert.Equal(100, users.Count);
        Assert.All(users, k => Assert.StartsWith("user:", k, StringComparison.Ordinal));
        Assert.Equal(200, Db.EnumerateKeys(type: MnemoType.String).Distinct().Count());
        Assert.Empty(Db.EnumerateKeys(type: MnemoType.List));
        Assert.Empty(Db.EnumerateKeys(type: MnemoType.Hash));
        Assert.Empty(Db.EnumerateKeys("user:*", type: MnemoType.SortedSet));
        Assert.Empty(Db.EnumerateKeys(type: MnemoType.None));
    }

    [Fact]
    public void Scan_of_an_empty_database_completes_at_once()
    {
        var page = Db.KeyScan(0);
        Assert.Equal(0UL, page.Cursor);
        Assert.Empty(page.Keys);
        Assert.Empty(Db.EnumerateKeys());
    }

    [Fact]
    public void Scan_count_must_be_positive()
    {
        Db.StringSet("k", "v");
        AssertError(RedisErrors.Syntax, () => Db.KeyScan(0, count: 0));
        AssertError(RedisErrors.Syntax, () => Db.KeyScan(0, count: -5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Db.EnumerateKeys(pageSize: 0));
    }

    [Fact]
    public void Scan_with_a_large_count_returns_everything_in_one_call()
    {
        for (int i = 0; i < 50; i++)
        {
            Db.StringSet($"k{i}", i);
        }
        var page = Db.KeyScan(0, count: 1000);
        Assert.Equal(0UL, page.Cursor);
        Assert.Equal(50, page.Keys.Count);
    }

    [Fact]
    public void Randomkey_returns_existing_keys_or_null()
    {
        Assert.Null(Db.KeyRandom());
        Db.StringSet("only", "v");
        Assert.Equal("only", Db.KeyRandom()!.Value.ToString());
        var keys = Enumerable.Range(0, 20).Select(i => $"k{i}").ToList();
        foreach (var key in keys)
        {
            Db.StringSet(key, "v");
        }
        var seen = new HashSet<string>();
        for (int i = 0; i < 300; i++)
        {
            seen.Add(Db.KeyRandom()!.Value.ToString());
        }
        Assert.True(seen.IsSubsetOf(keys.Append("only")));
        Assert.True(seen.Count > 5);
    }

    [Fact]
    public void Randomkey_skips_expired_keys()
    {
        Db.StringSet("gone1", "v", TimeSpan.FromSeconds(1));
        Db.StringSet("gone2", "v", TimeSpan.FromSeconds(1));
        Db.StringSet("stays", "v");
        Clock.Advance(TimeSpan.FromSeconds(2));
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal("stays", Db.KeyRandom()!.Value.ToString());
        }
        Db.KeyDelete("stays");
        Assert.Null(Db.KeyRandom());
    }

    [Fact]
    public void Dbsize_counts_keys_per_database()
    {
        Assert.Equal(0, Db.DatabaseSize());
        Db.StringSet("a", "1");
        Db.StringSet("b", "2");
        Db1.StringSet("c", "3");
        Assert.Equal(2, Db.DatabaseSize());
        Assert.Equal(1, Db1.DatabaseSize());
        Db.KeyDelete("a");
        Assert.Equal(1, Db.DatabaseSize());
    }

    [Fact]
    public void Flushdb_empties_only_its_database()
    {
        for (int i = 0; i < 100; i++)
        {
            Db.StringSet($"k{i}", i, TimeSpan.FromSeconds(10));
        }
        Db1.StringSet("other", "v");
        Db.FlushDatabase();
        Assert.Equal(0, Db.DatabaseSize());
        Assert.Empty(Db.Keys());
        Assert.False(Db.KeyExists("k1"));
        Assert.Equal("v", Db1.StringGet("other").ToString());
        Db.StringSet("again", "v");
        Assert.Equal(1, Db.DatabaseSize());
    }

    [Fact]
    public void Flushall_empties_every_database()
    {
        Db.StringSet("a", "1");
        Db1.StringSet("b", "2");
        Target.Database(15).StringSet("c", "3");
        Target.Store.FlushAll();
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(0, Target.Database(i).DatabaseSize());
        }
    }

    [Fact]
    public void Swapdb_exchanges_contents_with_ttls()
    {
        Db.StringSet("a", "in0", TimeSpan.FromSeconds(10));
        Db.StringSet("shared", "zero");
        Db1.StringSet("b", "in1");
        Db1.StringSet("shared", "one");
        Target.Store.SwapDatabases(0, 1);
        Assert.Equal("in1", Db.StringGet("b").ToString());
        Assert.Equal("one", Db.StringGet("shared").ToString());
        Assert.False(Db.KeyExists("a"));
        Assert.Equal("in0", Db1.StringGet("a").ToString());
        Assert.Equal(10_000, Db1.KeyTimeToLiveMilliseconds("a"));
        Assert.Equal(2, Db.DatabaseSize());
        Assert.Equal(2, Db1.DatabaseSize());
        Target.Store.SwapDatabases(1, 0);
        Assert.Equal("in0", Db.StringGet("a").ToString());
    }

    [Fact]
    public void Swapdb_with_itself_changes_nothing_and_bad_indices_fail()
    {
        Db.StringSet("a", "1");
        Target.Store.SwapDatabases(0, 0);
        Assert.Equal("1", Db.StringGet("a").ToString());
        AssertError(RedisErrors.DbIndexOutOfRange, () => Target.Store.SwapDatabases(0, 16));
        AssertError(RedisErrors.DbIndexOutOfRange, () => Target.Store.SwapDatabases(-1, 0));
        Assert.Equal("1", Db.StringGet("a").ToString());
        Assert.Equal(0, Db1.DatabaseSize());
    }
}
