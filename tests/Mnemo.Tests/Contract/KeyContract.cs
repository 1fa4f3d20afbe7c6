using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Contract;

/// <summary>Generic key commands (DEL, EXISTS, TYPE, TOUCH, RENAME, COPY, KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSH*, SWAPDB).</summary>
public abstract class KeyContract(IContractTarget target) : ContractTestBase(target)
{
    private IMnemoDatabase Db1 => Target.Database(1);

    private static string[] Sorted(IEnumerable<MnemoKey> keys) => [.. keys.Select(k => k.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public void Del_removes_existing_keys_and_counts_them()
    {
        Db.StringSet("a", "1");
        Db.StringSet("b", "2");
        Assert.False(Db.KeyDelete("missing"));
        Assert.Equal(2, Db.KeyDelete("a", "b", "a", "c"));
        Assert.True(Db.StringGet("a").IsNull);
        Assert.True(Db.StringGet("b").IsNull);
        Db.StringSet("a", "1");
        Assert.True(Db.KeyDelete("a"));
        Assert.False(Db.KeyDelete("a"));
        Assert.Equal(0, Db.DatabaseSize());
    }

    [Fact]
    public void Unlink_behaves_like_del()
    {
        Db.StringSet("a", "1");
        Db.StringSet("b", 2);
        Assert.Equal(2, Db.KeyUnlink("a", "b", "x"));
        Assert.Equal(0, Db.KeyExists("a", "b"));
    }

    [Fact]
    public void Exists_counts_repeated_keys()
    {
        Db.StringSet("a", "1");
        Assert.True(Db.KeyExists("a"));
        Assert.False(Db.KeyExists("b"));
        Assert.Equal(3, Db.KeyExists("a", "a", "b", "a"));
        Assert.Equal(0, Db.KeyExists("x", "y"));
    }

    [Fact]
    public void Type_reports_string_for_raw_and_integer_values_and_none_when_missing()
    {
        Db.StringSet("s", "text");
        Db.StringSet("i", 12345);
        Db.StringSet("e", "");
        Assert.Equal(MnemoType.String, Db.KeyType("s"));
        Assert.Equal(MnemoType.String, Db.KeyType("i"));
        Assert.Equal(MnemoType.String, Db.KeyType("e"));
        Assert.Equal(MnemoType.None, Db.KeyType("missing"));
    }

    [Fact]
    public void Touch_counts_existing_keys_and_changes_nothing()
    {
        Db.StringSet("a", "1", TimeSpan.FromSeconds(10));
        Assert.True(Db.KeyTouch("a"));
        Assert.False(Db.KeyTouch("b"));
        Assert.Equal(2, Db.KeyTouch("a", "b", "a"));
        Assert.Equal("1", Db.StringGet("a").ToString());
        Assert.Equal(10_000, Db.KeyTimeToLiveMilliseconds("a"));
    }

    [Fact]
    public void Rename_moves_value_and_ttl_and_overwrites_destination()
    {
        Db.StringSet("src", "value", TimeSpan.FromSeconds(100));
        Db.StringSet("dst", "old");
        Assert.True(Db.KeyRename("src", "dst"));
        Assert.False(Db.KeyExists("src"));
        Assert.Equal("value", Db.StringGet("dst").ToString());
        Assert.Equal(100_000, Db.KeyTimeToLiveMilliseconds("dst"));

        // A destination's own TTL does not survive: the source had none.
        Db.StringSet("plain", "p");
        Db.StringSet("withttl", "t", TimeSpan.FromSeconds(5));
        Db.KeyRename("plain", "withttl");
        Assert.Equal(-1, Db.KeyTimeToLiveMilliseconds("withttl"));
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("p", Db.StringGet("withttl").ToString());
    }

    [Fact]
    public void Rename_of_missing_key_fails_and_leaves_destination()
    {
        Db.StringSet("dst", "keep");
        AssertError(RedisErrors.NoSuchKey, () => Db.KeyRename("missing", "dst"));
        AssertError(RedisErrors.NoSuchKey, () => Db.KeyRename("missing", "dst", When.NotExists));
        AssertError(RedisErrors.NoSuchKey, () => Db.KeyRename("missing", "missing"));
        Assert.Equal("keep", Db.StringGet("dst").ToString());
    }

    [Fact]
    public void Rename_of_expired_key_is_no_such_key()
    {
        Db.StringSet("src", "v", TimeSpan.FromSeconds(1));
        Clock.Advance(TimeSpan.FromSeconds(2));
        AssertError(RedisErrors.NoSuchKey, () => Db.KeyRename("src", "dst"));
        Assert.False(Db.KeyExists("dst"));
    }

    [Fact]
    public void Rename_to_itself_succeeds_and_renamenx_to_itself_returns_false()
    {
        Db.StringSet("k", "v", TimeSpan.FromSeconds(30));
        Assert.True(Db.KeyRename("k", "k"));
        Assert.False(Db.KeyRename("k", "k", When.NotExists));
        Assert.Equal("v", Db.StringGet("k").ToString());
        Assert.Equal(30_000, Db.KeyTimeToLiveMilliseconds("k"));
    }

    [Fact]
    public void Renamenx_only_when_destination_is_free()
    {
        Db.StringSet("a", "1");
        Db.StringSet("b", "2");
        Assert.False(Db.KeyRename("a", "b", When.NotExists));
        Assert.Equal("1", Db.StringGet("a").ToString());
        Assert.Equal("2", Db.StringGet("b").ToString());
        Assert.True(Db.KeyRename("a", "c", When.NotExists));
        Assert.False(Db.KeyExists("a"));
        Assert.Equal("1", Db.StringGet("c").ToString());
    }

    [Fact]
    public void Renamenx_onto_an_expired_destination_succeeds()
    {
        Db.StringSet("a", "1");
        Db.StringSet("b", "2", TimeSpan.FromSeconds(1));
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(Db.KeyRename("a", "b", When.NotExists));
        Assert.Equal("1", Db.StringGet("b").ToString());
        Assert.Equal(-1, Db.KeyTimeToLiveMilliseconds("b"));
    }

    [Fact]
    public void Rename_with_when_exists_is_rejected()
    {
        Db.StringSet("a", "1");
        Assert.Throws<ArgumentException>(() => Db.KeyRename("a", "b", When.Exists));
        Assert.Equal("1", Db.StringGet("a").ToString());
    }

    [Fact]
    public void Renamed_values_keep_their_encoding_and_stay_usable()
    {
        Db.StringSet("n", 41);
        Db.StringSet("s", "abc");
        Db.StringAppend("s", "def");
        Db.KeyRename("n", "n2");
        Db.KeyRename("s", "s2");
        Assert.Equal(42, Db.StringIncrement("n2"));
        Assert.Equal(9, Db.StringAppend("s2", "ghi"));
        Assert.Equal("abcdefghi", Db.StringGet("s2").ToString());
        Assert.Equal(["n2", "s2"], Sorted(Db.Keys()));
    }

    [Fact]
    public void Rename_with_binary_and_long_keys()
    {
        var bin = new byte[] { 0, 1, 2, 255 };
        string longKey = new('k', 1000);
        Db.StringSet(bin, "v");
        Db.KeyRename(bin, longKey);
        Assert.Equal("v", Db.StringGet(longKey).ToString());
        Db.KeyRename(longKey, bin);
        Assert.Equal("v", Db.StringGet(bin).ToString());
        Assert.False(Db.KeyExists(longKey));
    }

    [Fact]
    public void Copy_duplicates_value_and_ttl_independently()
    {
        Db.StringSet("src", "abc", TimeSpan.FromSeconds(50));
        Assert.True(Db.KeyCopy("src", "dst"));
        Assert.Equal("abc", Db.StringGet("dst").ToString());
        Assert.Equal(50_000, Db.KeyTimeToLiveMilliseconds("dst"));
        Db.StringAppend("dst", "def");
        Db.StringSetRange("src", 0, "X");
        Assert.Equal("Xbc", Db.StringGet("src").ToString());
        Assert.Equal("abcdef", Db.StringGet("dst").ToString());
    }

    [Fact]
    public void Copy_respects_replace()
    {
        Db.StringSet("src", "new");
        Db.StringSet("dst", "old", TimeSpan.FromSeconds(5));
        Assert.False(Db.KeyCopy("src", "dst"));
        Assert.Equal("old", Db.StringGet("dst").ToString());
        Assert.True(Db.KeyCopy("src", "dst", replace: true));
        Assert.Equal("new", Db.StringGet("dst").ToString());
        Assert.Equal(-1, Db.KeyTimeToLiveMilliseconds("dst"));
        Assert.Equal("new", Db.StringGet("src").ToString());
    }

    [Fact]
    public void Copy_of_missing_source_returns_false()
    {
        Db.StringSet("dst", "old");
        Assert.False(Db.KeyCopy("missing", "dst", replace: true));
        Assert.Equal("old", Db.StringGet("dst").ToString());
        Assert.False(Db.KeyCopy("missing", "other"));
        Assert.False(Db.KeyExists("other"));
    }

    [Fact]
    public void Copy_to_another_database()
    {
        Db.StringSet("k", 7, TimeSpan.FromSeconds(9));
        Assert.True(Db.KeyCopy("k", "k", destinationDatabase: 1));
        Assert.Equal(7, (long)Db1.StringGet("k"));
        Assert.Equal(9_000, Db1.KeyTimeToLiveMilliseconds("k"));
        Assert.Equal(8, Db1.StringIncrement("k"));
        Assert.Equal(7, (long)Db.StringGet("k"));
        Assert.False(Db.KeyCopy("k", "k", destinationDatabase: 1));
        Assert.True(Db.KeyCopy("k", "k", destinationDatabase: 1, replace: true));
        Assert.Equal(7, (long)Db1.StringGet("k"));
    }

    [Fact]
    public void Copy_onto_itself_is_an_error()
    {
        Db.StringSet("k", "v");
        AssertError(RedisErrors.SameObject, () => Db.KeyCopy("k", "k"));
        AssertError(RedisErrors.SameObject, () => Db.KeyCopy("k", "k", destinationDatabase: 0, replace: true));
        AssertError(RedisErrors.SameObject, () => Db.KeyCopy("missing", "missing"));
        Assert.Equal("v", Db.StringGet("k").ToString());
    }

    [Fact]
    public void Copy_to_an_out_of_range_database_is_an_error()
    {
        Db.StringSet("k", "v");
        AssertError(RedisErrors.DbIndexOutOfRange, () => Db.KeyCopy("k", "k", destinationDatabase: 16));
        AssertError(RedisErrors.DbIndexOutOfRange, () => Db.KeyCopy("k", "k", destinationDatabase: -2));
        Assert.Equal("v", Db.StringGet("k").ToString());
    }

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

    [Fact]
    public void Whole_database_commands_are_refused_inside_a_transaction()
    {
        Db.StringSet("k", "v");
        var tx = Db.CreateTransaction("k");
        Assert.Throws<InvalidOperationException>(() => tx.Execute(t => t.FlushDatabase()));
        Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction("k").Execute(_ => Target.Store.FlushAll()));
        Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction("k").Execute(_ => Target.Store.SwapDatabases(0, 1)));
        Assert.Equal("v", Db.StringGet("k").ToString());
    }

    [Fact]
    public void Transaction_can_rename_and_delete_declared_keys_and_rolls_back()
    {
        Db.StringSet("a", "1", TimeSpan.FromSeconds(30));
        Db.StringSet("b", "2");
        Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction("a", "b").Execute(t =>
        {
            t.KeyRename("a", "b");
            t.KeyDelete("b");
            throw new InvalidOperationException("abort");
        }));
        Assert.Equal("1", Db.StringGet("a").ToString());
        Assert.Equal("2", Db.StringGet("b").ToString());
        Assert.Equal(30_000, Db.KeyTimeToLiveMilliseconds("a"));
        Assert.True(Db.CreateTransaction("a", "b").Execute(t => t.KeyRename("a", "b")));
        Assert.Equal("1", Db.StringGet("b").ToString());
    }

    [Fact]
    public void Watched_key_is_dirtied_by_del_rename_flush_and_swap()
    {
        foreach (var change in new Action[]
        {
            () => Db.KeyDelete("w"),
            () => Db.KeyRename("w", "elsewhere"),
            () => Db.KeyRename("other", "w"),
            () => Db.KeyCopy("other", "w", replace: true),
            () => Db.KeyExpire("w", TimeSpan.FromSeconds(5)),
            () => Db.KeyPersist("w"),
            () => Db.FlushDatabase(),
            () => Target.Store.FlushAll(),
            () => Target.Store.SwapDatabases(0, 1),
        })
        {
            Db.StringSet("w", "v", TimeSpan.FromSeconds(100));
            Db.StringSet("other", "o");
            using var tx = Db.CreateTransaction();
            tx.Watch("w");
            change();
            Assert.False(tx.Execute(t => t.StringSet("w", "changed")));
            Target.Store.FlushAll();
        }
    }

    [Fact]
    public void Flushing_or_swapping_a_database_without_the_watched_key_keeps_the_watch_clean()
    {
        Db.StringSet("x", "1");
        Db1.StringSet("y", "2");
        using var tx = Db.CreateTransaction();
        tx.Watch("absent");
        Target.Database(3).StringSet("z", "3");
        Target.Database(3).FlushDatabase();
        Target.Store.SwapDatabases(2, 3);
        Assert.True(tx.Execute(t => t.StringSet("absent", "now")));
    }
}

public sealed class KeyContractEmbedded() : KeyContract(new EmbeddedTarget());
