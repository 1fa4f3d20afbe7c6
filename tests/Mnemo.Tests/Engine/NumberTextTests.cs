using System.Text;
using Mnemo.Internal.Text;

namespace Mnemo.Tests.Engine;

public sealed class NumberTextTests
{
    [Theory]
    [InlineData("0", true, 0L)]
    [InlineData("-1", true, -1L)]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("-9223372036854775808", true, long.MinValue)]
    [InlineData("9223372036854775808", false, 0L)]
    [InlineData("-0", false, 0L)]
    [InlineData("01", false, 0L)]
    [InlineData("+1", false, 0L)]
    [InlineData(" 1", false, 0L)]
    [InlineData("1 ", false, 0L)]
    [InlineData("", false, 0L)]
    [InlineData("1.0", false, 0L)]
    public void Integers_parse_with_redis_strictness(string text, bool ok, long expected)
    {
        Assert.Equal(ok, NumberText.TryParseInt64(Encoding.ASCII.GetBytes(text), out long value));
        if (ok)
        {
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [InlineData("1.5", true, 1.5)]
    [InlineData("-2", true, -2.0)]
    [InlineData("1e3", true, 1000.0)]
    [InlineData("inf", true, double.PositiveInfinity)]
    [InlineData("-inf", true, double.NegativeInfinity)]
    [InlineData("+inf", true, double.PositiveInfinity)]
    [InlineData(".5", true, 0.5)]
    [InlineData("nan", false, 0.0)]
    [InlineData("abc", false, 0.0)]
    [InlineData(" 1", false, 0.0)]
    [InlineData("1x", false, 0.0)]
    [InlineData("1e400", false, 0.0)]
    [InlineData("1e-400", false, 0.0)]
    [InlineData("0e5", true, 0.0)]
    [InlineData("", false, 0.0)]
    public void Doubles_parse_as_redis_accepts_them(string text, bool ok, double expected)
    {
        Assert.Equal(ok, NumberText.TryParseDouble(Encoding.ASCII.GetBytes(text), out double value));
        if (ok)
        {
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(3.0, "3")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(1e20, "1e+20")]
    [InlineData(0.1, "0.1")]
    public void Doubles_format_shortest_round_trip(double value, string expected)
    {
        Assert.Equal(expected, NumberText.FormatDouble(value));
    }
}
