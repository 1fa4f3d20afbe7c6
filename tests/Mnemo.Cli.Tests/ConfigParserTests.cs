namespace Mnemo.Cli.Tests;

public class ConfigParserTests
{
    [Theory]
    [InlineData("port 6380", new[] { "port", "6380" })]
    [InlineData("  bind   127.0.0.1\t::1  ", new[] { "bind", "127.0.0.1", "::1" })]
    [InlineData("requirepass \"a b\\\"c\\\\\"", new[] { "requirepass", "a b\"c\\" })]
    [InlineData("x \"\\n\\r\\t\\x41\\x4a\"", new[] { "x", "\n\r\tAJ" })]
    [InlineData("x 'it\\'s \"here\"'", new[] { "x", "it's \"here\"" })]
    [InlineData("save \"\"", new[] { "save", "" })]
    [InlineData("save ''", new[] { "save", "" })]
    [InlineData("a\"b c\"", new[] { "ab c" })]
    public void Splits_arguments_as_sdssplitargs(string line, string[] expected)
    {
        Assert.True(ConfigParser.TrySplitArgs(line, out var args));
        Assert.Equal(expected, args);
    }

    [Theory]
    [InlineData("requirepass \"abc")]
    [InlineData("requirepass 'abc")]
    [InlineData("requirepass \"abc\"def")]
    [InlineData("requirepass 'abc'def")]
    public void Unbalanced_or_glued_quotes_fail(string line) => Assert.False(ConfigParser.TrySplitArgs(line, out _));

    [Fact]
    public void A_file_skips_comments_and_blank_lines_and_lowercases_names()
    {
        var directives = ConfigParser.ParseFile("# a comment\n\n  PORT 6380\r\n   # indented comment\nbind 127.0.0.1 ::1\n", "redis.conf");
        Assert.Collection(directives,
            d => Assert.Equal(("port", "port 6380", "redis.conf, line 3"), (d.Name, d.Text, d.Source)),
            d => Assert.Equal(("bind", "bind 127.0.0.1 ::1", "redis.conf, line 5"), (d.Name, d.Text, d.Source)));
    }

    [Fact]
    public void A_file_line_with_unbalanced_quotes_is_an_error_naming_the_line()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigParser.ParseFile("port 1\nrequirepass \"oops\n", "my.conf"));
        Assert.Equal("my.conf, line 2: 'requirepass \"oops': Unbalanced quotes in configuration line", e.Message);
    }

    [Fact]
    public void Command_line_takes_a_config_file_first_then_options_with_values()
    {
        var parsed = ConfigParser.ParseCommandLine(["redis.conf", "--port", "6380", "--bind", "127.0.0.1", "::1", "--SAVE", ""]);
        Assert.Equal("redis.conf", parsed.ConfigFile);
        Assert.False(parsed.ConfigFromStdin);
        Assert.Equal(["--port 6380", "--bind 127.0.0.1 ::1", "--save \"\""], parsed.Options.Select(o => o.Text));
        Assert.All(parsed.Options, o => Assert.Equal(ConfigParser.CommandLine, o.Source));
    }

    [Fact]
    public void An_option_and_its_value_may_be_one_argument()
    {
        var parsed = ConfigParser.ParseCommandLine(["--port 6380", "--requirepass \"a b\""]);
        Assert.Null(parsed.ConfigFile);
        Assert.Equal(["port", "requirepass"], parsed.Options.Select(o => o.Name));
        Assert.Equal(["6380"], parsed.Options[0].Args);
        Assert.Equal(["a b"], parsed.Options[1].Args);
    }

    [Fact]
    public void The_argument_after_an_option_name_is_its_value_even_if_it_starts_with_dashes()
    {
        var parsed = ConfigParser.ParseCommandLine(["--requirepass", "--secret", "--port", "1"]);
        Assert.Equal(["--requirepass --secret", "--port 1"], parsed.Options.Select(o => o.Text));
    }

    [Fact]
    public void Save_without_a_value_means_no_rules()
    {
        Assert.Equal(["--save \"\"", "--port 1"], ConfigParser.ParseCommandLine(["--save", "--port", "1"]).Options.Select(o => o.Text));
        Assert.Equal(["--port 1", "--save \"\""], ConfigParser.ParseCommandLine(["--port", "1", "--save"]).Options.Select(o => o.Text));
    }

    [Fact]
    public void A_dash_first_or_last_reads_the_config_from_stdin()
    {
        Assert.True(ConfigParser.ParseCommandLine(["-", "--port", "1"]).ConfigFromStdin);
        Assert.True(ConfigParser.ParseCommandLine(["--port", "1", "-"]).ConfigFromStdin);
    }

    [Fact]
    public void A_value_before_any_option_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigParser.ParseCommandLine(["--", "x"]));
        Assert.Contains("'--'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ConfigException>(() => ConfigParser.ParseCommandLine(["redis.conf", "6380"]));
        Assert.Equal("command line: unexpected argument '6380' (options are written --name value)", e.Message);
    }
}
