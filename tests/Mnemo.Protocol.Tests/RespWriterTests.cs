using System.Buffers;
using System.Text;

namespace Mnemo.Protocol.Tests;

/// <summary>The exact bytes of every writer method in RESP2 and RESP3.</summary>
public sealed class RespWriterTests
{
    private static string Written(RespVersion version, Action<RespWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(new RespWriter(output, version));
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    private static void Same(string expected, Action<RespWriter> write)
    {
        Assert.Equal(expected, Written(RespVersion.Resp2, write));
        Assert.Equal(expected, Written(RespVersion.Resp3, write));
    }

    private static void Differ(string resp2, string resp3, Action<RespWriter> write)
    {
        Assert.Equal(resp2, Written(RespVersion.Resp2, write));
        Assert.Equal(resp3, Written(RespVersion.Resp3, write));
    }

    [Fact]
    public void Fixed_simple_replies()
    {
        Same("+OK\r\n", w => w.WriteOk());
        Same("+PONG\r\n", w => w.WritePong());
        Same("+QUEUED\r\n", w => w.WriteQueued());
        Same("+OK\r\n+PONG\r\n", w => w.WriteRaw("+OK\r\n+PONG\r\n"u8));
    }

    [Fact]
    public void Simple_strings()
    {
        Same("+hello world\r\n", w => w.WriteSimpleString("hello world"u8));
        Same("+\r\n", w => w.WriteSimpleString(""u8));
        Same("+h\u00c3\u00a9\r\n", w => w.WriteSimpleString("h\u00e9"));
    }

    [Fact]
    public void Errors_carry_their_code_and_never_break_framing()
    {
        Same("-ERR syntax error\r\n", w => w.WriteError("ERR syntax error"u8));
        Same("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            w => w.WriteError("WRONGTYPE Operation against a key holding the wrong kind of value"));
        Same("-ERR a  b c\r\n", w => w.WriteError("ERR a\r\nb\nc"u8));
        Same("-ERR a  b\r\n", w => w.WriteError("ERR a\r\nb"));
    }

    [Theory]
    [InlineData(0L, ":0\r\n")]
    [InlineData(1L, ":1\r\n")]
    [InlineData(-1L, ":-1\r\n")]
    [InlineData(42L, ":42\r\n")]
    [InlineData(long.MaxValue, ":9223372036854775807\r\n")]
    [InlineData(long.MinValue, ":-9223372036854775808\r\n")]
    public void Integers(long value, string expected) => Same(expected, w => w.WriteInteger(value));

    [Fact]
    public void Bulk_strings()
    {
        Same("$3\r\nfoo\r\n", w => w.WriteBulkString("foo"u8));
        Same("$0\r\n\r\n", w => w.WriteBulkString(""u8));
        Same("$4\r\na\r\nb\r\n", w => w.WriteBulkString("a\r\nb"u8));
        Same("$2\r\n\u00c3\u00a9\r\n", w => w.WriteBulkString("\u00e9"));
        Same("$2\r\n-5\r\n", w => w.WriteBulkString(-5L));
        Same("$6\r\nabcdef\r\n", w => w.WriteBulkString(SplitSequence("abc"u8.ToArray(), "def"u8.ToArray())));
        Same("$3\r\nabc\r\n", w => w.WriteBulkString(new ReadOnlySequence<byte>("abc"u8.ToArray())));
    }

    [Fact]
    public void A_large_bulk_string_is_written_whole_through_a_small_buffer_writer()
    {
        byte[] value = new byte[100_000];
        new Random(3).NextBytes(value);
        var output = new ArrayBufferWriter<byte>(16);
        new RespWriter(output).WriteBulkString(value);
        byte[] expected = [.. "$100000\r\n"u8.ToArray(), .. value, .. "\r\n"u8.ToArray()];
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Nulls()
    {
        Differ("$-1\r\n", "_\r\n", w => w.WriteNull());
        Differ("*-1\r\n", "_\r\n", w => w.WriteNullArray());
    }

    [Fact]
    public void Aggregate_headers()
    {
        Same("*3\r\n", w => w.WriteArrayHeader(3));
        Same("*0\r\n", w => w.WriteArrayHeader(0));
        Differ("*4\r\n", "%2\r\n", w => w.WriteMapHeader(2));
        Differ("*0\r\n", "%0\r\n", w => w.WriteMapHeader(0));
        Differ("*5\r\n", "~5\r\n", w => w.WriteSetHeader(5));
        Differ("*3\r\n", ">3\r\n", w => w.WritePushHeader(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Written(RespVersion.Resp2, w => w.WriteArrayHeader(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Written(RespVersion.Resp3, w => w.WriteMapHeader(-1)));
    }

    [Fact]
    public void A_map_reply_in_both_versions()
    {
        void Write(RespWriter w)
        {
            w.WriteMapHeader(1);
            w.WriteBulkString("k"u8);
            w.WriteInteger(7);
        }
        Differ("*2\r\n$1\r\nk\r\n:7\r\n", "%1\r\n$1\r\nk\r\n:7\r\n", Write);
    }

    [Fact]
    public void Booleans()
    {
        Differ(":1\r\n", "#t\r\n", w => w.WriteBoolean(true));
        Differ(":0\r\n", "#f\r\n", w => w.WriteBoolean(false));
    }

    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(-3.0, "-3")]
    [InlineData(1.5, "1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(0.00001, "0.00001")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(1e-10, "1e-10")]
    [InlineData(1e20, "1e+20")]
    [InlineData(5e18, "5e+18")]
    [InlineData(4611686018427387904.0, "4611686018427387904")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(3.14159, "3.14159")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(-2.2250738585072014e-308, "-2.2250738585072014e-308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1e100, "1e+100")]
    [InlineData(1.25e105, "1.25e+105")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void Doubles_use_redis_formatting(double value, string text)
    {
        Differ($"${text.Length}\r\n{text}\r\n", $",{text}\r\n", w => w.WriteDouble(value));
    }

    [Fact]
    public void Doubles_round_trip()
    {
        var random = new Random(11);
        Span<byte> buffer = stackalloc byte[RespWriter.MaxDoubleChars];
        for (int i = 0; i < 20_000; i++)
        {
            double value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }
            int n = RespWriter.FormatDouble(value, buffer);
            string text = Encoding.ASCII.GetString(buffer[..n]);
            Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Verbatim_strings()
    {
        Differ("$5\r\nhello\r\n", "=9\r\ntxt:hello\r\n", w => w.WriteVerbatimString("txt"u8, "hello"u8));
        Differ("$0\r\n\r\n", "=4\r\nmkd:\r\n", w => w.WriteVerbatimString("mkd"u8, ""u8));
        Assert.Throws<ArgumentException>(() => Written(RespVersion.Resp3, w => w.WriteVerbatimString("text"u8, "x"u8)));
    }

    [Fact]
    public void Big_numbers()
    {
        Differ("$22\r\n3492890328409238509324\r\n", "(3492890328409238509324\r\n", w => w.WriteBigNumber("3492890328409238509324"u8));
        Differ("$3\r\n-12\r\n", "(-12\r\n", w => w.WriteBigNumber("-12"u8));
    }

    [Fact]
    public void The_version_can_change_between_replies()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RespWriter(output);
        Assert.False(writer.IsResp3);
        writer.WriteNull();
        writer.Version = RespVersion.Resp3;
        writer.WriteNull();
        Assert.Equal("$-1\r\n_\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
        var other = new ArrayBufferWriter<byte>();
        writer.Output = other;
        writer.WriteOk();
        Assert.Equal("+OK\r\n", Encoding.ASCII.GetString(other.WrittenSpan));
    }

    private static ReadOnlySequence<byte> SplitSequence(byte[] a, byte[] b) =>
        Infrastructure.Sequences.Build([a, b]);
}
