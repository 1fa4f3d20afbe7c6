using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Contract;

/// <summary>String commands, with Redis 7's results and error texts.</summary>
public abstract class StringContract(IContractTarget target) : ContractTestBase(target)
{
    [Fact]
    public void Get_of_missing_key_is_null()
    {
        Assert.True(Db.StringGet("missing").IsNull);
    }

    [Fact]
    public void Set_then_get_round_trips_text_bytes_and_numbers()
    {
        Db.StringSet("s", "héllo");
        Db.StringSet("b", new byte[] { 0, 255, 13, 10 });
        Db.StringSet("n", 42);
        Db.StringSet("f", 1.5);
        Assert.Equal("héllo", (string?)Db.StringGet("s"));
        Assert.Equal(new byte[] { 0, 255, 13, 10 }, (byte[]?)Db.StringGet("b"));
        Assert.Equal(42, (long)Db.StringGet("n"));
        Assert.Equal("1.5", Db.StringGet("f").ToString());
    }

    [Fact]
    public void Returned_values_are_copies()
    {
        Db.StringSet("k", new byte[] { 1, 2, 3 });
        var first = (byte[])Db.StringGet("k")!;
        first[0] = 99;
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[]?)Db.StringGet("k"));
    }

    [Fact]
    public void Stored_value_does_not_alias_the_callers_array()
    {
        var input = new byte[] { 1, 2, 3 };
        Db.StringSet("k", input);
        input[0] = 99;
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[]?)Db.StringGet("k"));
    }

    [Fact]
    public void Set_nx_and_xx_conditions()
    {
        Assert.False(Db.StringSet("k", "v", when: When.Exists));
        Assert.True(Db.StringGet("k").IsNull);
        Assert.True(Db.StringSet("k", "v1", when: When.NotExists));
        Assert.False(Db.StringSet("k", "v2", when: When.NotExists));
        Assert.Equal("v1", Db.StringGet("k").ToString());
        Assert.True(Db.StringSet("k", "v3", when: When.Exists));
        Assert.Equal("v3", Db.StringGet("k").ToString());
    }

    [Fact]
    public void Set_with_expiry_expires_and_plain_set_clears_ttl()
    {
        Db.StringSet("k", "v", TimeSpan.FromSeconds(10));
        Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("v", Db.StringGet("k").ToString());
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(Db.StringGet("k").IsNull);

        Db.StringSet("k2", "v", TimeSpan.FromSeconds(10));
        Db.StringSet("k2", "w");
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("w", Db.StringGet("k2").ToString());
    }

    [Fact]
    public void Set_keepttl_keeps_the_ttl()
    {
        Db.StringSet("k", "v", TimeSpan.FromSeconds(10));
        Db.StringSet("k", "w", keepTtl: true);
        Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True(Db.StringGet("k").IsNull);
    }

    [Fact]
    public void Set_with_absolute_expiry()
    {
        Db.StringSet("k", "v", Clock.GetUtcNow().AddSeconds(5));
        Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(Db.StringGet("k").IsNull);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Db.StringGet("k").IsNull);
    }

    [Fact]
    public void Set_rejects_non_positive_expiry()
    {
        AssertError("ERR invalid expire time in 'set' command", () => Db.StringSet("k", "v", TimeSpan.Zero));
        AssertError("ERR invalid expire time in 'set' command", () => Db.StringSet("k", "v", TimeSpan.FromSeconds(-1)));
        Assert.True(Db.StringGet("k").IsNull);
    }

    [Fact]
    public void Set_and_get_returns_previous_value()
    {
        Assert.True(Db.StringSetAndGet("k", "a").IsNull);
        Assert.Equal("a", Db.StringSetAndGet("k", "b").ToString());
        Assert.Equal("b", Db.StringGet("k").ToString());
    }

    [Fact]
    public void Set_and_get_on_wrong_type_fails_and_writes_nothing()
    {
        Db.ListLeftPush("list", "x");
        AssertError(RedisErrors.WrongType, () => Db.StringSetAndGet("list", "v"));
        Assert.Equal(1, Db.ListLength("list"));
    }

    [Fact]
    public void Plain_set_overwrites_another_type()
    {
        Db.ListLeftPush("k", "x");
        Db.StringSet("k", "v");
        Assert.Equal("v", Db.StringGet("k").ToString());
    }

    [Fact]
    public void Get_on_wrong_type_is_wrongtype()
    {
        Db.ListLeftPush("list", "x");
        var e = Assert.Throws<MnemoWrongTypeException>(() => Db.StringGet("list"));
        Assert.Equal(RedisErrors.WrongType, e.Message);
    }

    [Fact]
    public void Incr_on_wrong_type()
    {
        Db.ListLeftPush("l", "x");
        AssertError(RedisErrors.WrongType, () => Db.StringIncrement("l"));
    }

    [Fact]
    public void Mset_and_mget()
    {
        Db.StringSet([new("a", "1"), new("b", "2")]);
        var values = Db.StringGet("a", "missing", "b");
        Assert.Equal(["1", "", "2"], values.Select(v => v.ToString()));
        Assert.True(values[1].IsNull);
    }

    [Fact]
    public void Msetnx_is_all_or_nothing()
    {
        Db.StringSet("b", "old");
        Assert.False(Db.StringSet([new("a", "1"), new("b", "2")], When.NotExists));
        Assert.True(Db.StringGet("a").IsNull);
        Assert.Equal("old", Db.StringGet("b").ToString());
        Assert.True(Db.StringSet([new("c", "1"), new("d", "2")], When.NotExists));
        Assert.Equal("2", Db.StringGet("d").ToString());
    }

    [Fact]
    public void Getdel_returns_and_removes()
    {
        Db.StringSet("k", "v");
        Assert.Equal("v", Db.StringGetDelete("k").ToString());
        Assert.True(Db.StringGet("k").IsNull);
        Assert.True(Db.StringGetDelete("k").IsNull);
    }

    [Fact]
    public void Getex_sets_and_removes_ttl()
    {
        Db.StringSet("k", "v");
        Assert.Equal("v", Db.StringGetSetExpiry("k", TimeSpan.FromSeconds(5)).ToString());
        Assert.Equal("v", Db.StringGetSetExpiry("k", (TimeSpan?)null).ToString());
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("v", Db.StringGet("k").ToString());
        Db.StringGetSetExpiry("k", TimeSpan.FromSeconds(1));
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(Db.StringGet("k").IsNull);
    }

    [Fact]
    public void Incr_family()
    {
        Assert.Equal(1, Db.StringIncrement("n"));
        Assert.Equal(11, Db.StringIncrement("n", 10));
        Assert.Equal(10, Db.StringDecrement("n"));
        Assert.Equal(-5, Db.StringDecrement("n", 15));
        Assert.Equal("-5", Db.StringGet("n").ToString());
        Db.StringSet("t", "100");
        Assert.Equal(101, Db.StringIncrement("t"));
    }

    [Fact]
    public void Incr_keeps_the_ttl()
    {
        Db.StringSet("n", 1, TimeSpan.FromSeconds(5));
        Db.StringIncrement("n");
        Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True(Db.StringGet("n").IsNull);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData(" 1")]
    [InlineData("01")]
    [InlineData("+1")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    public void Incr_on_non_integer_fails_and_leaves_value(string value)
    {
        Db.StringSet("n", value);
        AssertError(RedisErrors.NotInteger, () => Db.StringIncrement("n"));
        Assert.Equal(value, Db.StringGet("n").ToString());
    }

    [Fact]
    public void Incr_overflow_fails_and_leaves_value()
    {
        Db.StringSet("n", long.MaxValue);
        AssertError(RedisErrors.Overflow, () => Db.StringIncrement("n"));
        Assert.Equal(long.MaxValue, (long)Db.StringGet("n"));
        Db.StringSet("m", long.MinValue);
        AssertError(RedisErrors.Overflow, () => Db.StringDecrement("m"));
    }

    [Fact]
    public void Incrbyfloat_adds_decimally()
    {
        Assert.Equal(0.1, Db.StringIncrement("f", 0.1));
        Assert.Equal(0.3, Db.StringIncrement("f", 0.2), 10);
        Assert.Equal("0.3", Db.StringGet("f").ToString());
        Db.StringSet("g", "10.50");
        Db.StringIncrement("g", 0.1);
        Assert.Equal("10.6", Db.StringGet("g").ToString());
        Db.StringSet("e", "5.0e3");
        Assert.Equal(5200, Db.StringIncrement("e", 200.0));
        Assert.Equal("5200", Db.StringGet("e").ToString());
    }

    [Fact]
    public void Incrbyfloat_errors()
    {
        Db.StringSet("s", "abc");
        AssertError(RedisErrors.NotFloat, () => Db.StringIncrement("s", 1.0));
        Db.StringSet("big", "1e308");
        AssertError(RedisErrors.NaNOrInfinity, () => Db.StringIncrement("big", 1e308));
        Assert.Equal("1e308", Db.StringGet("big").ToString());
    }

    [Fact]
    public void Append_and_strlen()
    {
        Assert.Equal(5, Db.StringAppend("k", "hello"));
        Assert.Equal(11, Db.StringAppend("k", " world"));
        Assert.Equal("hello world", Db.StringGet("k").ToString());
        Assert.Equal(11, Db.StringLength("k"));
        Assert.Equal(0, Db.StringLength("missing"));
        Db.StringSet("n", 123);
        Assert.Equal(3, Db.StringLength("n"));
        Assert.Equal(5, Db.StringAppend("n", "45"));
        Assert.Equal(12345, (long)Db.StringGet("n"));
    }

    [Fact]
    public void Many_appends_build_a_large_value()
    {
        for (int i = 0; i < 1000; i++)
        {
            Db.StringAppend("log", "0123456789");
        }
        Assert.Equal(10_000, Db.StringLength("log"));
        Assert.Equal("0123456789", Db.StringGetRange("log", -10, -1).ToString());
    }

    [Theory]
    [InlineData(0, 3, "This")]
    [InlineData(-3, -1, "ing")]
    [InlineData(0, -1, "This is a string")]
    [InlineData(10, 100, "string")]
    [InlineData(5, 3, "")]
    [InlineData(-100, 3, "This")]
    [InlineData(100, 200, "")]
    [InlineData(-1, -5, "")]
    public void Getrange_follows_redis_index_rules(long start, long end, string expected)
    {
        Db.StringSet("k", "This is a string");
        Assert.Equal(expected, Db.StringGetRange("k", start, end).ToString());
    }

    [Fact]
    public void Setrange_pads_with_zeros_and_creates()
    {
        Assert.Equal(11, Db.StringSetRange("k", 6, "Redis"));
        Assert.Equal("\0\0\0\0\0\0Redis", Db.StringGet("k").ToString());
        Db.StringSet("h", "Hello World");
        Assert.Equal(11, Db.StringSetRange("h", 6, "Redis"));
        Assert.Equal("Hello Redis", Db.StringGet("h").ToString());
        Assert.Equal(0, Db.StringSetRange("empty", 5, ""));
        Assert.True(Db.StringGet("empty").IsNull);
        AssertError(RedisErrors.OffsetOutOfRange, () => Db.StringSetRange("h", -1, "x"));
        AssertError(RedisErrors.StringTooLong, () => Db.StringSetRange("h", 512L * 1024 * 1024, "x"));
        Assert.Equal("Hello Redis", Db.StringGet("h").ToString());
    }

    [Fact]
    public void Binary_keys_are_distinct_from_text_keys()
    {
        Db.StringSet(new byte[] { 0xFF, 0x00 }, "binary");
        Db.StringSet("\u00FF", "text");
        Assert.Equal("binary", Db.StringGet(new byte[] { 0xFF, 0x00 }).ToString());
        Assert.Equal("text", Db.StringGet("\u00FF").ToString());
    }

    [Fact]
    public void Long_keys_work()
    {
        string key = new('k', 10_000);
        Db.StringSet(key, "v");
        Assert.Equal("v", Db.StringGet(key).ToString());
    }
}

public sealed class StringContractEmbedded() : StringContract(new EmbeddedTarget());
