using System.Buffers;
using static Mnemo.Protocol.Tests.Infrastructure.Sequences;

namespace Mnemo.Protocol.Tests;

/// <summary>Every protocol error, with Redis's exact text (networking.c).</summary>
public sealed class RespProtocolErrorTests
{
    private static string? ErrorOf(string input) => ParseAll(new ReadOnlySequence<byte>(Bytes(input))).Error;

    [Theory]
    [InlineData("*abc\r\n")]
    [InlineData("*\r\n")]
    [InlineData("* 1\r\n")]
    [InlineData("*+1\r\n")]
    [InlineData("*01\r\n")]
    [InlineData("*-0\r\n")]
    [InlineData("*1 \r\n")]
    [InlineData("*1048577\r\n")]
    [InlineData("*99999999999999999999\r\n")]
    [InlineData("*123456789012345678901\r\n")]
    public void Invalid_multibulk_length(string input) =>
        Assert.Equal("Protocol error: invalid multibulk length", ErrorOf(input));

    [Fact]
    public void The_largest_multibulk_count_is_accepted() => Assert.Null(ErrorOf("*1048576\r\n"));

    [Theory]
    [InlineData("*1\r\n$abc\r\n")]
    [InlineData("*1\r\n$\r\n")]
    [InlineData("*1\r\n$-1\r\n")]
    [InlineData("*1\r\n$-5\r\n")]
    [InlineData("*1\r\n$03\r\nfoo\r\n")]
    [InlineData("*1\r\n$536870913\r\n")]
    [InlineData("*1\r\n$9223372036854775808\r\n")]
    public void Invalid_bulk_length(string input) =>
        Assert.Equal("Protocol error: invalid bulk length", ErrorOf(input));

    [Theory]
    [InlineData("*1\r\nfoo\r\n", "Protocol error: expected '$', got 'f'")]
    [InlineData("*2\r\n$3\r\nGET\r\n:1\r\n", "Protocol error: expected '$', got ':'")]
    [InlineData("*1\r\n\r\n", "Protocol error: expected '$', got ' '")]
    [InlineData("*1\r\n\n\r\n", "Protocol error: expected '$', got ' '")]
    [InlineData("*1\r\n*1\r\n", "Protocol error: expected '$', got '*'")]
    public void Expected_dollar(string input, string message) => Assert.Equal(message, ErrorOf(input));

    [Fact]
    public void An_argument_line_without_its_carriage_return_yet_needs_more_data_rather_than_failing()
    {
        var result = ParseAll(new ReadOnlySequence<byte>(Bytes("*1\r\nfoo")));
        Assert.Null(result.Error);
        Assert.Equal(7, result.BytesLeft);
    }

    [Fact]
    public void Too_big_inline_request()
    {
        Assert.Equal("Protocol error: too big inline request", ErrorOf(new string('a', 64 * 1024 + 1)));
        Assert.Null(ErrorOf(new string('a', 64 * 1024)));
    }

    [Fact]
    public void Too_big_mbulk_count_string()
    {
        Assert.Equal("Protocol error: too big mbulk count string", ErrorOf("*" + new string('1', 64 * 1024)));
        Assert.Null(ErrorOf("*" + new string('1', 64 * 1024 - 1)));
        // With the CR present the line is complete and merely invalid.
        Assert.Equal("Protocol error: invalid multibulk length", ErrorOf("*" + new string('1', 64 * 1024) + "\r\n"));
    }

    [Fact]
    public void Too_big_bulk_count_string()
    {
        Assert.Equal("Protocol error: too big bulk count string", ErrorOf("*1\r\n$" + new string('1', 64 * 1024)));
        Assert.Null(ErrorOf("*1\r\n$" + new string('1', 64 * 1024 - 1)));
        Assert.Equal("Protocol error: invalid bulk length", ErrorOf("*1\r\n$" + new string('1', 64 * 1024) + "\r\n"));
    }

    [Fact]
    public void Unbalanced_quotes_in_request() =>
        Assert.Equal("Protocol error: unbalanced quotes in request", ErrorOf("SET \"a b\r\n"));

    [Fact]
    public void Errors_are_found_in_split_input_too()
    {
        byte[] data = Bytes("*1\r\n$3\r\nGET\r\n*2\r\n$3\r\nGET\r\nfoo\r\n");
        for (int cut = 0; cut <= data.Length; cut++)
        {
            var result = ParseAll(Split(data, cut));
            Assert.Equal("Protocol error: expected '$', got 'f'", result.Error);
            Assert.Equal([Describe("GET")], result.Commands);
        }
    }

    [Fact]
    public void Commands_before_an_error_are_still_returned()
    {
        var result = ParseAll(new ReadOnlySequence<byte>([.. Encode("PING"), .. Bytes("*x\r\n")]));
        Assert.Equal([Describe("PING")], result.Commands);
        Assert.Equal("Protocol error: invalid multibulk length", result.Error);
    }
}
