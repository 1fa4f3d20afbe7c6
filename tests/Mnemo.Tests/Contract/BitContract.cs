using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Contract;

/// <summary>Bit commands on strings: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP.</summary>
public abstract class BitContract(IContractTarget target) : ContractTestBase(target)
{
    private byte[] Bytes(string key) => (byte[])Db.StringGet(key)!;

    [Fact]
    public void Setbit_creates_grows_and_returns_the_previous_bit()
    {
        Assert.False(Db.StringSetBit("k", 7, true));
        Assert.Equal(new byte[] { 0x01 }, Bytes("k"));
        Assert.True(Db.StringSetBit("k", 7, false));
        Assert.Equal(new byte[] { 0x00 }, Bytes("k"));
        Assert.False(Db.StringSetBit("k", 0, true));
        Assert.Equal(new byte[] { 0x80 }, Bytes("k"));
        Assert.False(Db.StringSetBit("k", 23, true));
        Assert.Equal(new byte[] { 0x80, 0x00, 0x01 }, Bytes("k"));
        Assert.False(Db.StringSetBit("k", 10, false));
        Assert.Equal(3, Db.StringLength("k"));
    }

    [Fact]
    public void Setbit_changes_one_bit_of_text()
    {
        Db.StringSet("k", "a"); // 0x61 = 0110 0001
        Assert.False(Db.StringSetBit("k", 6, true));
        Assert.Equal("c", Db.StringGet("k").ToString());
        Assert.True(Db.StringSetBit("k", 2, true));
        Assert.Equal("c", Db.StringGet("k").ToString());
    }

    [Fact]
    public void Setbit_on_an_integer_value_edits_its_digits()
    {
        Db.StringSet("n", 1); // "1" = 0x31
        Assert.True(Db.StringSetBit("n", 7, false));
        Assert.Equal("0", Db.StringGet("n").ToString());
        Assert.Equal(5, Db.StringIncrement("n", 5));
        Assert.Equal(5, (long)Db.StringGet("n"));
    }

    [Fact]
    public void Setbit_offset_limits()
    {
        Db.StringSet("k", "v");
        AssertError(RedisErrors.BitOffset, () => Db.StringSetBit("k", -1, true));
        AssertError(RedisErrors.BitOffset, () => Db.StringSetBit("k", 1L << 32, true));
        AssertError(RedisErrors.BitOffset, () => Db.StringSetBit("missing", long.MaxValue, true));
        Assert.Equal("v", Db.StringGet("k").ToString());
        Assert.False(Db.KeyExists("missing"));
    }

    [Fact]
    public void Setbit_keeps_the_ttl()
    {
        Db.StringSet("k", "v", TimeSpan.FromSeconds(30));
        Db.StringSetBit("k", 0, true);
        Assert.Equal(30_000, Db.KeyTimeToLiveMilliseconds("k"));
    }

    [Fact]
    public void Getbit_reads_bits_and_zero_beyond_the_end()
    {
        Db.StringSet("k", "a"); // 0110 0001
        bool[] expected = [false, true, true, false, false, false, false, true];
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(expected[i], Db.StringGetBit("k", i));
        }
        Assert.False(Db.StringGetBit("k", 8));
        Assert.False(Db.StringGetBit("k", 100_000));
        Assert.False(Db.StringGetBit("k", (1L << 32) - 1));
        Assert.False(Db.StringGetBit("missing", 3));
        Assert.False(Db.KeyExists("missing"));
        Assert.Equal(1, Db.StringLength("k"));
    }

    [Fact]
    public void Getbit_on_integer_value_reads_its_digits()
    {
        Db.StringSet("n", 1); // 0x31 = 0011 0001
        Assert.True(Db.StringGetBit("n", 2));
        Assert.False(Db.StringGetBit("n", 4));
        Assert.True(Db.StringGetBit("n", 7));
    }

    [Fact]
    public void Getbit_offset_limits()
    {
        AssertError(RedisErrors.BitOffset, () => Db.StringGetBit("k", -1));
        AssertError(RedisErrors.BitOffset, () => Db.StringGetBit("k", 1L << 32));
    }

    [Theory]
    [InlineData(0, -1, BitUnit.Byte, 26)]
    [InlineData(0, 0, BitUnit.Byte, 4)]
    [InlineData(1, 1, BitUnit.Byte, 6)]
    [InlineData(-2, -1, BitUnit.Byte, 7)]
    [InlineData(-100, 100, BitUnit.Byte, 26)]
    [InlineData(3, 1, BitUnit.Byte, 0)]
    [InlineData(-1, -2, BitUnit.Byte, 0)]
    [InlineData(6, 10, BitUnit.Byte, 0)]
    [InlineData(5, 30, BitUnit.Bit, 17)]
    [InlineData(0, -1, BitUnit.Bit, 26)]
    [InlineData(1, 1, BitUnit.Bit, 1)]
    [InlineData(0, 0, BitUnit.Bit, 0)]
    [InlineData(-3, -1, BitUnit.Bit, 1)]
    [InlineData(9, 14, BitUnit.Bit, 5)]
    public void Bitcount_follows_redis_range_rules(long start, long end, BitUnit unit, long expected)
    {
        Db.StringSet("k", "foobar");
        Assert.Equal(expected, Db.StringBitCount("k", start, end, unit));
    }

    [Fact]
    public void Bitcount_of_missing_empty_and_integer_values()
    {
        Assert.Equal(0, Db.StringBitCount("missing"));
        Assert.Equal(0, Db.StringBitCount("missing", 5, 10, BitUnit.Bit));
        Db.StringSet("empty", "");
        Assert.Equal(0, Db.StringBitCount("empty"));
        Assert.Equal(0, Db.StringBitCount("empty", 0, 0));
        Db.StringSet("n", 12); // "12" = 0x31 0x32: 3 + 3
        Assert.Equal(6, Db.StringBitCount("n"));
    }

    [Fact]
    public void Bitcount_counts_long_values()
    {
        var bytes = new byte[1000];
        new Random(3).NextBytes(bytes);
        Db.StringSet("k", bytes);
        long expected = bytes.Sum(b => System.Numerics.BitOperations.PopCount(b));
        Assert.Equal(expected, Db.StringBitCount("k"));
        long middle = bytes[10..991].Sum(b => System.Numerics.BitOperations.PopCount(b));
        Assert.Equal(middle, Db.StringBitCount("k", 10, 990));
    }

    [Fact]
    public void Bitpos_examples_from_the_redis_documentation()
    {
        Db.StringSet("k", new byte[] { 0xff, 0xf0, 0x00 });
        Assert.Equal(12, Db.StringBitPosition("k", false));
        Db.StringSet("k", new byte[] { 0x00, 0xff, 0xf0 });
        Assert.Equal(8, Db.StringBitPosition("k", true, 0));
        Assert.Equal(16, Db.StringBitPosition("k", true, 2));
        Assert.Equal(16, Db.StringBitPosition("k", true, 2, -1, BitUnit.Byte));
        Assert.Equal(8, Db.StringBitPosition("k", true, 7, 15, BitUnit.Bit));
        Db.StringSet("k", new byte[] { 0x00, 0x00, 0x00 });
        Assert.Equal(-1, Db.StringBitPosition("k", true));
        Assert.Equal(-1, Db.StringBitPosition("k", true, 7, -3, BitUnit.Bit));
    }

    [Fact]
    public void Bitpos_for_clear_bit_pads_with_zeros_only_without_an_explicit_end()
    {
        Db.StringSet("k", new byte[] { 0xff, 0xff, 0xff });
        Assert.Equal(24, Db.StringBitPosition("k", false));
        Assert.Equal(24, Db.StringBitPosition("k", false, 1));
        Assert.Equal(-1, Db.StringBitPosition("k", false, 0, -1));
        Assert.Equal(-1, Db.StringBitPosition("k", false, 0, 2));
        Assert.Equal(-1, Db.StringBitPosition("k", false, 0, unit: BitUnit.Bit));
        Assert.Equal(-1, Db.StringBitPosition("k", false, 3, 1));
    }

    [Fact]
    public void Bitpos_of_missing_and_empty_values()
    {
        Assert.Equal(-1, Db.StringBitPosition("missing", true));
        Assert.Equal(0, Db.StringBitPosition("missing", false));
        Assert.Equal(0, Db.StringBitPosition("missing", false, 5, 10));
        Db.StringSet("empty", "");
        Assert.Equal(-1, Db.StringBitPosition("empty", false));
        Assert.Equal(-1, Db.StringBitPosition("empty", true));
    }

    [Theory]
    [InlineData(true, 0, null, BitUnit.Byte, 9)]
    [InlineData(true, 2, null, BitUnit.Byte, 18)]
    [InlineData(true, 10, 21L, BitUnit.Bit, 10)]
    [InlineData(true, 12, 17L, BitUnit.Bit, -1)]
    [InlineData(true, 12, 22L, BitUnit.Bit, 18)]
    [InlineData(true, 19, null, BitUnit.Bit, -1)]
    [InlineData(false, 0, null, BitUnit.Byte, 0)]
    [InlineData(false, 9, 11L, BitUnit.Bit, -1)]
    [InlineData(false, 9, 12L, BitUnit.Bit, 12)]
    [InlineData(true, -1, null, BitUnit.Byte, -1)]
    [InlineData(false, -1, null, BitUnit.Byte, 24)]
    [InlineData(true, -14, -1L, BitUnit.Bit, 18)]
    [InlineData(true, 1, 1L, BitUnit.Byte, 9)]
    [InlineData(true, 3, 3L, BitUnit.Byte, -1)]
    public void Bitpos_ranges_within_and_across_bytes(bool bit, long start, long? end, BitUnit unit, long expected)
    {
        // 0000 0000 | 0111 0000 | 0010 0000 | 0000 0000
        Db.StringSet("k", new byte[] { 0x00, 0x70, 0x20, 0x00 });
        Assert.Equal(expected, Db.StringBitPosition("k", bit, start, end, unit));
    }

    [Fact]
    public void Bitpos_finds_bits_deep_in_long_values()
    {
        var bytes = new byte[5000];
        bytes[4321] = 0x04;
        Db.StringSet("k", bytes);
        Assert.Equal((4321 * 8) + 5, Db.StringBitPosition("k", true));
        Array.Fill(bytes, (byte)0xff);
        bytes[4000] = 0xfe;
        Db.StringSet("k", bytes);
        Assert.Equal((4000 * 8) + 7, Db.StringBitPosition("k", false));
        Assert.Equal(5000 * 8, Db.StringBitPosition("k", false, 4001));
    }

    [Fact]
    public void Bitop_and_or_xor_not()
    {
        Db.StringSet("a", "foobar");
        Db.StringSet("b", "abcdef");
        Assert.Equal(6, Db.StringBitOperation(BitOp.And, "and", "a", "b"));
        Assert.Equal("`bc`ab", Db.StringGet("and").ToString());
        Assert.Equal(6, Db.StringBitOperation(BitOp.Or, "or", "a", "b"));
        Assert.Equal("goofev", Db.StringGet("or").ToString());
        Assert.Equal(6, Db.StringBitOperation(BitOp.Xor, "xor", "a", "b"));
        Assert.Equal(new byte[] { 7, 13, 12, 6, 4, 20 }, Bytes("xor"));
        Db.StringSet("c", new byte[] { 0x00, 0xff, 0x0f });
        Assert.Equal(3, Db.StringBitOperation(BitOp.Not, "not", "c"));
        Assert.Equal(new byte[] { 0xff, 0x00, 0xf0 }, Bytes("not"));
    }

    [Fact]
    public void Bitop_pads_shorter_and_missing_sources_with_zeros()
    {
        Db.StringSet("long", new byte[] { 0xff, 0xff, 0xff });
        Db.StringSet("short", new byte[] { 0x0f });
        Assert.Equal(3, Db.StringBitOperation(BitOp.And, "d", "long", "short"));
        Assert.Equal(new byte[] { 0x0f, 0x00, 0x00 }, Bytes("d"));
        Assert.Equal(3, Db.StringBitOperation(BitOp.Or, "d", "short", "long", "missing"));
        Assert.Equal(new byte[] { 0xff, 0xff, 0xff }, Bytes("d"));
        Assert.Equal(3, Db.StringBitOperation(BitOp.Xor, "d", "short", "missing", "long"));
        Assert.Equal(new byte[] { 0xf0, 0xff, 0xff }, Bytes("d"));
        Assert.Equal(3, Db.StringBitOperation(BitOp.And, "d", "long", "missing"));
        Assert.Equal(new byte[] { 0, 0, 0 }, Bytes("d"));
    }

    [Fact]
    public void Bitop_with_one_source_copies_it_and_may_use_the_destination_as_source()
    {
        Db.StringSet("a", new byte[] { 0x12, 0x34 });
        Assert.Equal(2, Db.StringBitOperation(BitOp.Or, "copy", "a"));
        Assert.Equal(new byte[] { 0x12, 0x34 }, Bytes("copy"));
        Assert.Equal(2, Db.StringBitOperation(BitOp.Not, "a", "a"));
        Assert.Equal(new byte[] { 0xed, 0xcb }, Bytes("a"));
    }

    [Fact]
    public void Bitop_replaces_the_destination_and_its_ttl()
    {
        Db.StringSet("src", "ab");
        Db.StringSet("dst", "something long", TimeSpan.FromSeconds(10));
        Db.StringBitOperation(BitOp.Or, "dst", "src");
        Assert.Equal("ab", Db.StringGet("dst").ToString());
        Assert.Equal(-1, Db.KeyTimeToLiveMilliseconds("dst"));
    }

    [Fact]
    public void Bitop_result_that_is_an_integer_reads_back_as_one()
    {
        Db.StringSet("a", "12");
        Db.StringBitOperation(BitOp.And, "d", "a", "a");
        Assert.Equal(13, Db.StringIncrement("d"));
    }

    [Fact]
    public void Bitop_with_empty_result_deletes_the_destination()
    {
        Db.StringSet("dst", "old");
        Assert.Equal(0, Db.StringBitOperation(BitOp.And, "dst", "missing1", "missing2"));
        Assert.False(Db.KeyExists("dst"));
        Db.StringSet("dst", "old");
        Db.StringSet("empty", "");
        Assert.Equal(0, Db.StringBitOperation(BitOp.Not, "dst", "empty"));
        Assert.False(Db.KeyExists("dst"));
        Assert.Equal(0, Db.StringBitOperation(BitOp.Or, "never", "missing"));
        Assert.False(Db.KeyExists("never"));
    }

    [Fact]
    public void Bitop_not_takes_exactly_one_source()
    {
        Db.StringSet("a", "x");
        Db.StringSet("b", "y");
        Db.StringSet("dst", "keep");
        AssertError(RedisErrors.BitOpNotSingle, () => Db.StringBitOperation(BitOp.Not, "dst", "a", "b"));
        Assert.Equal("keep", Db.StringGet("dst").ToString());
        Assert.Throws<ArgumentException>(() => Db.StringBitOperation(BitOp.And, "dst"));
        Assert.Equal("keep", Db.StringGet("dst").ToString());
    }
}

public sealed class BitContractEmbedded() : BitContract(new EmbeddedTarget());
