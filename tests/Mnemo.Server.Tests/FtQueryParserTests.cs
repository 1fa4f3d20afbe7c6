using Mnemo.Server.Search;

namespace Mnemo.Server.Tests;

/// <summary>The FT.SEARCH query language parser (RediSearch dialect 2 basics) and its syntax errors.</summary>
public sealed class FtQueryParserTests
{
    private static FtQuery P(string query) => FtQueryParser.Parse(query);

    [Fact]
    public void Terms_prefixes_phrases_and_match_all()
    {
        Assert.Equal(FtMatchAll.Instance, P("*"));
        Assert.Equal(new FtTerm("hello"), P("  hello "));
        Assert.Equal(new FtTerm("hel", Prefix: true), P("hel*"));
        Assert.Equal(new FtTerm("a-b"), P("a\\-b"));
        Assert.Equal(new FtPhrase(["hello", "world"]), P("\"hello world\""));
        Assert.Equal(new FtTerm("héllo"), P("héllo"));
    }

    [Fact]
    public void And_or_not_and_parentheses()
    {
        Assert.Equal(new FtAnd([new FtTerm("a"), new FtTerm("b")]), P("a b"));
        Assert.Equal(new FtOr([new FtTerm("a"), new FtTerm("b"), new FtTerm("c")]), P("a|b | c"));
        // OR binds looser than AND (dialect 2).
        Assert.Equal(new FtOr([new FtAnd([new FtTerm("a"), new FtTerm("b")]), new FtTerm("c")]), P("a b | c"));
        Assert.Equal(new FtAnd([new FtTerm("a"), new FtOr([new FtTerm("b"), new FtTerm("c")])]), P("a (b|c)"));
        Assert.Equal(new FtAnd([new FtNot(new FtTerm("a")), new FtTerm("b")]), P("-a b"));
        Assert.Equal(new FtNot(new FtOr([new FtTerm("a"), new FtTerm("b")])), P("-(a|b)"));
        Assert.Equal(new FtNot(new FtNot(new FtTerm("a"))), P("--a"));
    }

    [Fact]
    public void Field_queries()
    {
        Assert.Equal(new FtTagQuery("color", [new("red"), new("light blue")]), P("@color:{ red | light blue }"));
        Assert.Equal(new FtTagQuery("t", [new("pre", Prefix: true), new("a|b")]), P("@t:{pre*|a\\|b}"));
        Assert.Equal(new FtNumericRange("age", 18, false, 30, true), P("@age:[18 (30]"));
        Assert.Equal(new FtNumericRange("age", double.NegativeInfinity, false, double.PositiveInfinity, false), P("@age:[-inf +inf]"));
        Assert.Equal(new FtNumericRange("p", 1.5, true, 2e3, false), P("@p:[(1.5, 2e3]"));
        Assert.Equal(new FtNumericRange("p", -5, false, double.PositiveInfinity, true), P("@p:[-5 (inf]"));
        Assert.Equal(new FtTerm("hello", Field: "title"), P("@title:hello"));
        Assert.Equal(new FtTerm("hel", true, "title"), P("@title: hel*"));
        Assert.Equal(new FtPhrase(["a", "b"], "title"), P("@title:\"a b\""));
        Assert.Equal(new FtFieldScope("title", new FtOr([new FtTerm("a"), new FtTerm("b")])), P("@title:(a|b)"));
        Assert.Equal(
            new FtAnd([new FtTagQuery("tag", [new("x")]), new FtNot(new FtNumericRange("n", 0, false, 1, false)), new FtTerm("word")]),
            P("@tag:{x} -@n:[0 1] word"));
    }

    [Theory]
    [InlineData("", "ERR Syntax error at offset 0 near the end of the query: empty query")]
    [InlineData("a (b", "ERR Syntax error at offset 4 near the end of the query: expected ')'")]
    [InlineData("a b)", "ERR Syntax error at offset 3 near ): unbalanced ')'")]
    [InlineData("a |", "ERR Syntax error at offset 3 near the end of the query: expected a term, a field query or '('")]
    [InlineData("| a", "ERR Syntax error at offset 0 near | a: expected a term, a field query or '('")]
    [InlineData("a -", "ERR Syntax error at offset 3 near the end of the query: expected what '-' negates")]
    [InlineData("@:x", "ERR Syntax error at offset 1 near :x: expected a field name after '@'")]
    [InlineData("@f x", "ERR Syntax error at offset 3 near x: expected ':' after @f")]
    [InlineData("@f:{a|b", "ERR Syntax error at offset 7 near the end of the query: unterminated tag list (missing '}')")]
    [InlineData("@f:{a||b}", "ERR Syntax error at offset 6 near |b}: empty tag")]
    [InlineData("@f:[1 x]", "ERR Syntax error at offset 6 near x]: expected a number, -inf or +inf as the upper bound")]
    [InlineData("@f:[nope 2]", "ERR Syntax error at offset 4 near nope 2]: expected a number, -inf or +inf as the lower bound")]
    [InlineData("@f:[1 2", "ERR Syntax error at offset 7 near the end of the query: expected ']' after the upper bound")]
    [InlineData("\"a b", "ERR Syntax error at offset 4 near the end of the query: unterminated phrase (missing '\"')")]
    [InlineData("a ~ b", "ERR Syntax error at offset 2 near ~ b: expected a term")]
    public void Syntax_errors_say_where(string query, string message) =>
        Assert.Equal(message, Assert.Throws<MnemoException>(() => FtQueryParser.Parse(query)).Message);
}
