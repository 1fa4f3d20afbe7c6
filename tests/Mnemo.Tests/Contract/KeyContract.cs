using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Contract;

/// <summary>Generic key commands (DEL, UNLINK, EXISTS, TYPE, TOUCH, RENAME, RENAMENX, COPY); the whole-keyspace ones are in <c>KeyContract.Keyspace.cs</c>.</summary>
public abstract partial class KeyContract(IContractTarget target) : ContractTestBase(target)
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
}

public sealed class KeyContractEmbedded() : KeyContract(new EmbeddedTarget());
