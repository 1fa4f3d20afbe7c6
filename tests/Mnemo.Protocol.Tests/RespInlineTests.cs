using System.Buffers;
using static Mnemo.Protocol.Tests.Infrastructure.Sequences;

namespace Mnemo.Protocol.Tests;

/// <summary>Inline requests (what telnet sends), split by Redis's sdssplitargs rules.</summary>
public sealed class RespInlineTests
{
    private static string[] Words(string line)
    {
        var result = ParseAll(new ReadOnlySequence<byte>(Bytes(line)));
        Assert.Null(result.Error);
        return [.. result.Commands];
    }

    [Theory]
    [InlineData("PING\r\n")]
    [InlineData("PING\n")]
    [InlineData(" PING\t\r\n")]
    [InlineData("\tPING  \n")]
    public void A_bare_word_is_a_command(string line) => Assert.Equal([Describe("PING")], Words(line));

    [Fact]
    public void Words_are_separated_by_runs_of_blanks()
    {
        Assert.Equal([Describe("SET", "a", "b")], Words("SET  a \t b\r\n"));
        Assert.Equal([Describe("SET", "a\vb")], Words("SET a\vb\r\n")); // \v only separates before a word, as in sdssplitargs
    }

    [Fact]
    public void Blank_lines_are_skipped()
    {
        Assert.Equal([Describe("PING"), Describe("ECHO", "x")], Words("\r\n\n  \t\r\nPING\r\n\r\nECHO x\n\n"));
        Assert.Empty(Words("\r\n\r\n"));
    }

    [Fact]
    public void An_inline_command_is_flagged_as_inline()
    {
        var reader = new RespRequestReader();
        using var command = new RespCommand();
        var buffer = new ReadOnlySequence<byte>(Bytes("get k\r\n"));
        Assert.True(reader.TryRead(ref buffer, command));
        Assert.True(command.IsInline);
        Assert.True(command.EqualsIgnoreCase(0, "GET"u8));
    }

    [Fact]
    public void Double_quotes_group_words_and_unescape()
    {
        Assert.Equal([Describe("SET", "a b", "")], Words("SET \"a b\" \"\"\r\n"));
        Assert.Equal([Describe("ECHO", "x\ny\tz\r\b\a\"\\q")], Words("ECHO \"x\\ny\\tz\\r\\b\\a\\\"\\\\\\q\"\n"));
        Assert.Equal([Describe("ECHO", "AZ\u00ff\u0000")], Words("ECHO \"\\x41\\x5a\\xFf\\x00\"\n"));
        Assert.Equal([Describe("ECHO", "xZZ", "x4")], Words("ECHO \"\\xZZ\" \"\\x4\"\n"));
    }

    [Fact]
    public void Single_quotes_escape_only_the_single_quote()
    {
        Assert.Equal([Describe("SET", "it's", "a\\nb", "\"x\"")], Words("SET 'it\\'s' 'a\\nb' '\"x\"'\r\n"));
    }

    [Fact]
    public void A_quote_inside_a_word_opens_a_quoted_part()
    {
        Assert.Equal([Describe("abcd", "xy z")], Words("ab\"cd\" x'y z'\n"));
    }

    [Fact]
    public void Quotes_and_escapes_are_plain_bytes_outside_quotes()
    {
        Assert.Equal([Describe("a\\nb", "\\x41")], Words("a\\nb \\x41\n"));
    }

    [Fact]
    public void A_nul_byte_is_an_ordinary_byte()
    {
        Assert.Equal([Describe("a\0b", "\0")], Words("a\0b \"\0\"\n"));
    }

    [Theory]
    [InlineData("ECHO \"a\n")]
    [InlineData("ECHO 'a\r\n")]
    [InlineData("ECHO \"a\"x\n")]
    [InlineData("ECHO 'a'x\n")]
    [InlineData("ECHO \"a\\\"\n")]
    [InlineData("ECHO 'a\\'\n")]
    [InlineData("\"\n")]
    public void Unbalanced_quotes_are_a_protocol_error(string line)
    {
        var result = ParseAll(new ReadOnlySequence<byte>(Bytes(line)));
        Assert.Equal("Protocol error: unbalanced quotes in request", result.Error);
    }

    [Fact]
    public void A_closing_quote_may_end_the_line_or_precede_a_carriage_return()
    {
        Assert.Equal([Describe("ECHO", "a")], Words("ECHO \"a\"\r\n"));
        Assert.Equal([Describe("ECHO", "a", "b")], Words("ECHO 'a'\tb\n"));
    }

    [Fact]
    public void Inline_and_multibulk_requests_can_be_mixed_in_one_buffer()
    {
        byte[] data = [.. Bytes("PING\r\n"), .. Encode("GET", "k"), .. Bytes("SET k \"v v\"\n")];
        Assert.Equal([Describe("PING"), Describe("GET", "k"), Describe("SET", "k", "v v")], ParseAll(new ReadOnlySequence<byte>(data)).Commands);
    }

    [Fact]
    public void A_line_that_starts_with_a_dollar_is_inline_as_in_redis()
    {
        Assert.Equal([Describe("$3"), Describe("foo")], Words("$3\r\nfoo\r\n"));
    }

    [Fact]
    public void An_inline_line_longer_than_the_limit_is_accepted_once_its_newline_is_there()
    {
        string word = new('a', 70_000);
        Assert.Equal([Describe("ECHO", word)], Words($"ECHO {word}\n"));
    }
}
