using System.Text;
using Mnemo.Tests.Infrastructure;
using static Mnemo.Tests.Export.ExportTestSupport;

namespace Mnemo.Tests.Export;

/// <summary>Every kind of bad input: an error naming the line and the problem, and nothing imported.</summary>
public sealed class ImportErrorTests
{
    private const string Header = "{\"format\":\"mnemo-export\",\"version\":1}";
    private const string Good = "{\"db\":0,\"key\":\"good\",\"type\":\"string\",\"value\":\"v\"}";

    public static TheoryData<string, string> BadLines => new()
    {
        { "{\"db\":0,\"key\":\"k\",\"type\":\"string\",\"value\":\"v\"", "invalid JSON" },
        { "not json at all", "invalid JSON" },
        { "[1,2]", "expected a JSON object, found an array" },
        { "{\"key\":\"k\",\"type\":\"stream\",\"value\":[]}", "unknown type \"stream\" (expected string, list, set, hash, zset or json)" },
        { "{\"key\":\"k\",\"type\":7,\"value\":\"v\"}", "\"type\" must be a string, found the number 7" },
        { "{\"type\":\"string\",\"value\":\"v\"}", "missing \"key\"" },
        { "{\"key\":\"k\",\"value\":\"v\"}", "missing \"type\"" },
        { "{\"key\":\"k\",\"type\":\"string\"}", "missing \"value\"" },
        { "{\"key\":\"k\",\"type\":\"string\",\"value\":\"v\",\"ttl\":5}", "unknown field \"ttl\"" },
        { "{\"key\":\"k\",\"key\":\"j\",\"type\":\"string\",\"value\":\"v\"}", "field \"key\" appears twice" },
        { "{\"db\":16,\"key\":\"k\",\"type\":\"string\",\"value\":\"v\"}", "db 16 is out of range (the store has databases 0 to 15)" },
        { "{\"db\":-1,\"key\":\"k\",\"type\":\"string\",\"value\":\"v\"}", "db -1 is out of range" },
        { "{\"db\":1.5,\"key\":\"k\",\"type\":\"string\",\"value\":\"v\"}", "\"db\" must be an integer, found the number 1.5" },
        { "{\"key\":5,\"type\":\"string\",\"value\":\"v\"}", "key must be a string or {\"base64\": \"...\"}, found the number 5" },
        { "{\"key\":{\"base64\":\"@@@\"},\"type\":\"string\",\"value\":\"v\"}", "key has invalid base64 \"@@@\"" },
        { "{\"key\":\"k\",\"type\":\"string\",\"value\":{\"base64\":\"AA==\",\"hex\":\"00\"}}", "value must be a string or {\"base64\": \"...\"}; this object has other fields" },
        { "{\"key\":\"k\",\"type\":\"string\",\"value\":{}}", "found an empty object" },
        { "{\"key\":\"k\",\"type\":\"string\",\"value\":\"\\ud800\"}", "value is not valid Unicode text" },
        { "{\"key\":\"k\",\"type\":\"list\",\"value\":\"v\"}", "a list value must be an array, found the string \"v\"" },
        { "{\"key\":\"k\",\"type\":\"list\",\"value\":[]}", "empty list" },
        { "{\"key\":\"k\",\"type\":\"list\",\"value\":[\"a\",null]}", "list element 1 must be a string" },
        { "{\"key\":\"k\",\"type\":\"set\",\"value\":[\"a\",\"b\",\"a\"]}", "set member 2 (\"a\") appears twice" },
        { "{\"key\":\"k\",\"type\":\"hash\",\"value\":[\"a\",\"b\"]}", "hash entry 0 must be a [field, value] pair" },
        { "{\"key\":\"k\",\"type\":\"hash\",\"value\":{}}", "empty hash" },
        { "{\"key\":\"k\",\"type\":\"hash\",\"value\":{\"f\":\"1\",\"f\":\"2\"}}", "hash field \"f\" appears twice" },
        { "{\"key\":\"k\",\"type\":\"hash\",\"value\":[[\"f\",\"1\"],[\"f\",\"2\"]]}", "hash field \"f\" appears twice" },
        { "{\"key\":\"k\",\"type\":\"hash\",\"value\":{\"f\":1}}", "the value of hash field \"f\" must be a string" },
        { "{\"key\":\"k\",\"type\":\"hash\",\"value\":\"x\"}", "a hash value must be an object or an array of [field, value] pairs" },
        { "{\"key\":\"k\",\"type\":\"zset\",\"value\":[[\"a\"]]}", "zset entry 0 must be a [member, score] pair" },
        { "{\"key\":\"k\",\"type\":\"zset\",\"value\":[[\"a\",\"1\"]]}", "the score of zset entry 0 must be a finite number, \"inf\" or \"-inf\", found the string \"1\"" },
        { "{\"key\":\"k\",\"type\":\"zset\",\"value\":[[\"a\",1e999]]}", "the score of zset entry 0 must be a finite number" },
        { "{\"key\":\"k\",\"type\":\"zset\",\"value\":[[\"a\",\"nan\"]]}", "the score of zset entry 0 must be a finite number" },
        { "{\"key\":\"k\",\"type\":\"zset\",\"value\":[[\"a\",1],[\"a\",2]]}", "zset member \"a\" appears twice" },
        { "{\"key\":\"k\",\"type\":\"zset\",\"value\":[]}", "empty zset" },
        { "{\"key\":\"k\",\"type\":\"string\",\"value\":\"v\",\"expires_at_ms\":\"soon\"}", "\"expires_at_ms\" must be a positive integer (Unix time in milliseconds), found the string \"soon\"" },
        { "{\"key\":\"k\",\"type\":\"string\",\"value\":\"v\",\"expires_at_ms\":0}", "\"expires_at_ms\" must be a positive integer" },
        { "{\"key\":\"k\",\"type\":\"string\",\"value\":\"v\",\"expires_at\":\"tomorrow\"}", "\"expires_at\" must be an ISO 8601 time" },
        { "{\"key\":\"k\",\"type\":\"string\",\"value\":\"v\",\"expires_at_ms\":1893456000000,\"expires_at\":\"2030-01-01T00:00:01Z\"}", "\"expires_at\" (2030-01-01T00:00:01Z) and \"expires_at_ms\" (1893456000000) disagree" },
        { "{\"key\":\"k\",\"type\":\"string\",\"value\":\"v\",\"ttl_ms\":-5}", "\"ttl_ms\" must be a positive integer (milliseconds), found the number -5" },
        { "{\"key\":\"k\",\"type\":\"hash\",\"value\":{\"\\udc00\":\"v\"}}", "a name or string is not valid Unicode text" },
        { "{\"key\":\"k\",\"type\":\"json\",\"value\":[{\"b\":{\"a\":1,\"a\":2}}]}", "the JSON document has the name \"a\" twice in one object" },
        { "{\"key\":\"k\",\"type\":\"json\",\"value\":" + new string('[', 200) + new string(']', 200) + "}", "the JSON document cannot be stored" }, // deeper than JSON.SET's 128
        { "{\"format\":\"mnemo-export\",\"version\":1}", "a header line (with \"format\") is allowed only as the first line" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void A_bad_line_is_reported_with_its_number_and_nothing_is_imported(string bad, string problem)
    {
        using var store = NewStore(new ManualClock());
        string text = $"{Header}\n{Good}\n\n{bad}\n{Good.Replace("good", "after", StringComparison.Ordinal)}\n";
        var error = Assert.Throws<MnemoImportException>(() => ImportText(store, text));
        Assert.Equal(4, error.LineNumber);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith("line 4: ", error.Message, StringComparison.Ordinal);
        Assert.Empty(StoreDump.Of(store));
    }

    [Theory]
    [InlineData("{\"format\":\"redis-dump\",\"version\":1}", "\"format\" must be \"mnemo-export\", found the string \"redis-dump\"")]
    [InlineData("{\"format\":\"mnemo-export\",\"version\":2}", "format version 2 is not supported (this Mnemo reads version 1)")]
    [InlineData("{\"format\":\"mnemo-export\"}", "the header needs an integer \"version\"")]
    [InlineData("{\"format\":\"mnemo-export\",\"version\":1,\"comment\":\"x\"}", "unknown field \"comment\"")]
    public void A_bad_header_is_reported_on_line_one(string header, string problem)
    {
        using var store = NewStore(new ManualClock());
        var error = Assert.Throws<MnemoImportException>(() => ImportText(store, header + "\n" + Good + "\n"));
        Assert.Equal(1, error.LineNumber);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Empty(StoreDump.Of(store));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_outside_strings_are_invalid_json()
    {
        using var store = NewStore(new ManualClock());
        var bytes = Encoding.UTF8.GetBytes(Good + "\n{\"key\":\"").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\",\"type\":\"string\",\"value\":\"v\"}\n")).ToArray();
        var error = Assert.Throws<MnemoImportException>(() => store.Import(new MemoryStream(bytes)));
        Assert.Equal(2, error.LineNumber);
        Assert.StartsWith("invalid UTF-8 at byte 9 of the line", error.Problem, StringComparison.Ordinal);
        Assert.Empty(StoreDump.Of(store));
    }

    [Fact]
    public void A_key_given_twice_names_both_lines()
    {
        using var store = NewStore(new ManualClock());
        string other = "{\"db\":1,\"key\":\"good\",\"type\":\"list\",\"value\":[\"x\"]}"; // another database: not a duplicate
        string again = "{\"db\":0,\"key\":\"good\",\"type\":\"set\",\"value\":[\"x\"]}";
        var error = Assert.Throws<MnemoImportException>(() => ImportText(store, $"{Good}\n{other}\n{again}\n"));
        Assert.Equal(3, error.LineNumber);
        Assert.Equal("key \"good\" of database 0 already appears on line 1", error.Problem);
        Assert.Empty(StoreDump.Of(store));
    }

    [Fact]
    public void A_database_beyond_a_smaller_store_is_out_of_range()
    {
        using var store = NewStore(new ManualClock(), databases: 2);
        var error = Assert.Throws<MnemoImportException>(() => ImportText(store, "{\"db\":2,\"key\":\"k\",\"type\":\"string\",\"value\":\"v\"}"));
        Assert.Equal((1L, "db 2 is out of range (the store has databases 0 to 1)"), (error.LineNumber, error.Problem));
    }

    [Fact]
    public void A_huge_line_is_read_whole()
    {
        var clock = new ManualClock();
        using var store = NewStore(clock);
        var members = Enumerable.Range(0, 50_000).Select(i => (MnemoValue)("member-" + i)).ToArray();
        store.GetDatabase().SetAdd("big", members);
        store.GetDatabase().StringSet("after", new string('x', 300_000));
        using var copy = NewStore(clock);
        ImportText(copy, ExportText(store));
        Assert.Equal(StoreDump.Of(store), StoreDump.Of(copy));
    }
}
