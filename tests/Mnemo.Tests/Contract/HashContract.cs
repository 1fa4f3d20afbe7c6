using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Contract;

/// <summary>Hash commands, with Redis 7's results and error texts.</summary>
public abstract class HashContract(IContractTarget target) : ContractTestBase(target)
{
    private string[] All(MnemoKey key) =>
        [.. Db.HashGetAll(key).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal)];

    private bool Missing(MnemoKey key) => Db.StringGet(key).IsNull;

    [Fact]
    public void Hset_counts_new_fields_and_overwrites()
    {
        Assert.Equal(2, Db.HashSet("h", new HashEntry("a", "1"), new HashEntry("b", "2")));
        Assert.Equal(1, Db.HashSet("h", new HashEntry("b", "20"), new HashEntry("c", "3")));
        Assert.True(Db.HashSet("h", "d", "4"));
        Assert.False(Db.HashSet("h", "d", "40"));
        Assert.Equal(["a=1", "b=20", "c=3", "d=40"], All("h"));
        Assert.Equal(4, Db.HashLength("h"));
    }

    [Fact]
    public void Hset_with_a_repeated_field_keeps_the_last_value()
    {
        Assert.Equal(1, Db.HashSet("h", new HashEntry("a", "1"), new HashEntry("a", "2")));
        Assert.Equal("2", Db.HashGet("h", "a").ToString());
    }

    [Fact]
    public void Hsetnx_writes_only_new_fields()
    {
        Assert.True(Db.HashSetIfNotExists("h", "a", "1"));
        Assert.False(Db.HashSetIfNotExists("h", "a", "2"));
        Assert.False(Db.HashSet("h", "a", "3", When.NotExists));
        Assert.True(Db.HashSet("h", "b", "3", When.NotExists));
        Assert.Equal(["a=1", "b=3"], All("h"));
        Assert.Throws<ArgumentException>(() => Db.HashSet("h", "a", "x", When.Exists));
    }

    [Fact]
    public void Hget_hmget_hexists_hstrlen()
    {
        Db.HashSet("h", new HashEntry("a", "hello"), new HashEntry("b", ""));
        Assert.Equal("hello", Db.HashGet("h", "a").ToString());
        Assert.True(Db.HashGet("h", "zz").IsNull);
        Assert.False(Db.HashGet("h", "b").IsNull);
        Assert.Equal(["hello", null, ""], Db.HashGet("h", "a", "zz", "b").Select(v => (string?)v));
        Assert.True(Db.HashExists("h", "a"));
        Assert.False(Db.HashExists("h", "zz"));
        Assert.Equal(5, Db.HashStringLength("h", "a"));
        Assert.Equal(0, Db.HashStringLength("h", "b"));
        Assert.Equal(0, Db.HashStringLength("h", "zz"));
    }

    [Fact]
    public void Missing_key_reads_as_empty_hash()
    {
        Assert.True(Db.HashGet("none", "f").IsNull);
        Assert.Equal([true, true], Db.HashGet("none", "a", "b").Select(v => v.IsNull));
        Assert.Empty(Db.HashGetAll("none"));
        Assert.Empty(Db.HashKeys("none"));
        Assert.Empty(Db.HashValues("none"));
        Assert.Equal(0, Db.HashLength("none"));
        Assert.False(Db.HashExists("none", "f"));
        Assert.Equal(0, Db.HashStringLength("none", "f"));
        Assert.Equal(0, Db.HashDelete("none", "f", "g"));
        Assert.True(Db.HashRandomField("none").IsNull);
        Assert.Empty(Db.HashRandomFields("none", 2));
        Assert.Empty(Db.HashRandomFieldsWithValues("none", -2));
        Assert.Empty(Db.HashScan("none"));
        Assert.True(Missing("none"));
    }

    [Fact]
    public void Hkeys_and_hvals_line_up()
    {
        Db.HashSet("h", new HashEntry("a", "1"), new HashEntry("b", "2"), new HashEntry("c", "3"));
        var keys = Db.HashKeys("h").Select(v => v.ToString()).ToArray();
        var values = Db.HashValues("h").Select(v => v.ToString()).ToArray();
        Assert.Equal(["a", "b", "c"], keys.Order(StringComparer.Ordinal));
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.Equal(Db.HashGet("h", keys[i]).ToString(), values[i]);
        }
    }

    [Fact]
    public void Values_are_binary_safe_and_copies()
    {
        var value = new byte[] { 0, 1, 255 };
        Db.HashSet("h", new byte[] { 9, 0 }, value);
        value[0] = 7;
        var read = (byte[])Db.HashGet("h", new byte[] { 9, 0 })!;
        Assert.Equal(new byte[] { 0, 1, 255 }, read);
        read[0] = 5;
        Assert.Equal(new byte[] { 0, 1, 255 }, (byte[]?)Db.HashGet("h", new byte[] { 9, 0 }));
    }

    [Fact]
    public void Hdel_counts_and_deletes_the_key_when_empty()
    {
        Db.HashSet("h", new HashEntry("a", "1"), new HashEntry("b", "2"));
        Assert.Equal(1, Db.HashDelete("h", "a", "zz", "a"));
        Assert.False(Db.HashDelete("h", "a"));
        Assert.True(Db.HashDelete("h", "b"));
        Assert.True(Missing("h"));
    }

    [Fact]
    public void Hincrby_adds_and_creates()
    {
        Assert.Equal(5, Db.HashIncrement("h", "n", 5));
        Assert.Equal(3, Db.HashIncrement("h", "n", -2));
        Assert.Equal(4, Db.HashIncrement("h", "n"));
        Assert.Equal(1, Db.HashDecrement("h", "n", 3));
        Assert.Equal("1", Db.HashGet("h", "n").ToString());
        Db.HashSet("h", "m", "-10");
        Assert.Equal(-9, Db.HashIncrement("h", "m"));
    }

    [Fact]
    public void Hincrby_errors_leave_the_value()
    {
        Db.HashSet("h", new HashEntry("s", "abc"), new HashEntry("f", "1.5"), new HashEntry("sp", " 1"), new HashEntry("big", long.MaxValue), new HashEntry("small", long.MinValue));
        AssertError(RedisErrors.HashNotInteger, () => Db.HashIncrement("h", "s", 1));
        AssertError(RedisErrors.HashNotInteger, () => Db.HashIncrement("h", "f", 1));
        AssertError(RedisErrors.HashNotInteger, () => Db.HashIncrement("h", "sp", 1));
        AssertError(RedisErrors.Overflow, () => Db.HashIncrement("h", "big", 1));
        AssertError(RedisErrors.Overflow, () => Db.HashIncrement("h", "small", -1));
        AssertError(RedisErrors.Overflow, () => Db.HashDecrement("h", "small", long.MinValue));
        Assert.Equal(-1, Db.HashIncrement("h", "big", long.MinValue));
        Assert.Equal(["big=-1", "f=1.5", "s=abc", "small=-9223372036854775808", "sp= 1"], All("h"));
    }

    [Fact]
    public void Hincrbyfloat_adds_in_decimal_and_creates()
    {
        Assert.Equal(10.5, Db.HashIncrement("h", "x", 10.5));
        Assert.Equal(10.6, Db.HashIncrement("h", "x", 0.1), 10);
        Assert.Equal("10.6", Db.HashGet("h", "x").ToString());
        Db.HashSet("h", "y", "5.0e3");
        Assert.Equal(5200, Db.HashIncrement("h", "y", 200.0));
        Assert.Equal("5200", Db.HashGet("h", "y").ToString());
        Db.HashSet("h", "i", 3);
        Assert.Equal(1.5, Db.HashDecrement("h", "i", 1.5));
    }

    [Fact]
    public void Hincrbyfloat_errors_leave_the_value()
    {
        Db.HashSet("h", new HashEntry("s", "abc"), new HashEntry("max", "1.7e308"));
        AssertError(RedisErrors.HashNotFloat, () => Db.HashIncrement("h", "s", 1.0));
        AssertError(RedisErrors.IncrementNaNOrInfinity, () => Db.HashIncrement("h", "s", double.PositiveInfinity));
        AssertError(RedisErrors.IncrementNaNOrInfinity, () => Db.HashIncrement("h", "new", double.NegativeInfinity));
        AssertError(RedisErrors.NotFloat, () => Db.HashIncrement("h", "new", double.NaN));
        AssertError(RedisErrors.NaNOrInfinity, () => Db.HashIncrement("h", "max", 1.7e308));
        Assert.Equal(["max=1.7e308", "s=abc"], All("h"));
        Assert.False(Db.HashExists("h", "new"));
        AssertError(RedisErrors.IncrementNaNOrInfinity, () => Db.HashIncrement("nokey", "f", double.PositiveInfinity));
        Assert.True(Missing("nokey"));
    }

    [Fact]
    public void Every_hash_command_rejects_a_string_key_and_leaves_it_untouched()
    {
        Db.StringSet("str", "value");
        var e = RedisErrors.WrongType;
        AssertError(e, () => Db.HashSet("str", "f", "v"));
        AssertError(e, () => Db.HashSet("str", new HashEntry("f", "v")));
        AssertError(e, () => Db.HashSetIfNotExists("str", "f", "v"));
        AssertError(e, () => Db.HashGet("str", "f"));
        AssertError(e, () => Db.HashGet("str", "f", "g"));
        AssertError(e, () => Db.HashGetAll("str"));
        AssertError(e, () => Db.HashDelete("str", "f"));
        AssertError(e, () => Db.HashExists("str", "f"));
        AssertError(e, () => Db.HashLength("str"));
        AssertError(e, () => Db.HashKeys("str"));
        AssertError(e, () => Db.HashValues("str"));
        AssertError(e, () => Db.HashIncrement("str", "f", 1));
        AssertError(e, () => Db.HashIncrement("str", "f", 1.5));
        AssertError(e, () => Db.HashStringLength("str", "f"));
        AssertError(e, () => Db.HashRandomField("str"));
        AssertError(e, () => Db.HashRandomFields("str", 2));
        AssertError(e, () => Db.HashRandomFieldsWithValues("str", 0));
        AssertError(e, () => Db.HashScanPage("str", 0));
        AssertError(e, () => Db.HashScan("str").ToList());
        Assert.Equal("value", Db.StringGet("str").ToString());
        Db.SetAdd("set", "a");
        AssertError(e, () => Db.HashSet("set", "f", "v"));
        Assert.Equal(1, Db.SetLength("set"));
    }

    [Fact]
    public void Hrandfield_counts()
    {
        Db.HashSet("h", new HashEntry("a", "1"), new HashEntry("b", "2"), new HashEntry("c", "3"));
        Assert.Contains(Db.HashRandomField("h").ToString(), new[] { "a", "b", "c" });
        var two = Db.HashRandomFields("h", 2).Select(v => v.ToString()).ToArray();
        Assert.Equal(2, two.Distinct().Count());
        Assert.Equal(["a", "b", "c"], Db.HashRandomFields("h", 10).Select(v => v.ToString()).Order(StringComparer.Ordinal));
        Assert.Empty(Db.HashRandomFields("h", 0));
        var repeated = Db.HashRandomFields("h", -20);
        Assert.Equal(20, repeated.Length);
        Assert.All(repeated, v => Assert.Contains(v.ToString(), new[] { "a", "b", "c" }));
        var withValues = Db.HashRandomFieldsWithValues("h", -7);
        Assert.Equal(7, withValues.Length);
        Assert.All(withValues, e => Assert.Equal(Db.HashGet("h", e.Name), e.Value));
        Assert.Equal(["a=1", "b=2", "c=3"], Db.HashRandomFieldsWithValues("h", 3).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(3, Db.HashLength("h"));
    }

    [Fact]
    public void Hrandfield_count_limits()
    {
        Db.HashSet("h", "a", "1");
        AssertError(RedisErrors.RankOutOfRange, () => Db.HashRandomFields("h", long.MinValue));
        AssertError(RedisErrors.ValueOutOfRange, () => Db.HashRandomFieldsWithValues("h", (long.MaxValue / 2) + 1));
        AssertError(RedisErrors.ValueOutOfRange, () => Db.HashRandomFieldsWithValues("h", -(long.MaxValue / 2) - 1));
        AssertError(RedisErrors.ValueOutOfRange, () => Db.HashRandomFieldsWithValues("none", long.MaxValue));
        Assert.Single(Db.HashRandomFieldsWithValues("h", long.MaxValue / 2));
    }

    [Fact]
    public void Hscan_small_and_large()
    {
        Db.HashSet("small", new HashEntry("a", "1"), new HashEntry("b", "2"));
        var page = Db.HashScanPage("small", 0, count: 1);
        Assert.Equal(0, page.Cursor);
        Assert.Equal(2, page.Entries.Length);
        Assert.Equal(["a=1"], Db.HashScanPage("small", 0, "a").Entries.Select(e => $"{e.Name}={e.Value}"));

        Db.HashSet("big", [.. Enumerable.Range(0, 600).Select(i => new HashEntry($"f{i}", $"v{i}"))]);
        var seen = new Dictionary<string, string>();
        long cursor = 0;
        int calls = 0;
        do
        {
            var p = Db.HashScanPage("big", cursor, count: 25);
            foreach (var e in p.Entries)
            {
                seen[e.Name.ToString()] = e.Value.ToString();
            }
            cursor = p.Cursor;
            calls++;
        }
        while (cursor != 0);
        Assert.Equal(600, seen.Count);
        Assert.All(seen, kv => Assert.Equal("v" + kv.Key[1..], kv.Value));
        Assert.True(calls > 5);
        Assert.Equal(["f5", "f50", "f51", "f52", "f53", "f54", "f55", "f56", "f57", "f58", "f59"],
            Db.HashScan("big", "f5*", pageSize: 3).Where(e => e.Name.ToString().Length <= 3).Select(e => e.Name.ToString()).Distinct().Order(StringComparer.Ordinal));
        AssertError(RedisErrors.Syntax, () => Db.HashScanPage("big", 0, count: 0));
    }
}

public sealed class HashContractEmbedded() : HashContract(new EmbeddedTarget());
