using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>Exact reply bytes of the RedisJSON commands (RESP2, and RESP3 where the types differ).</summary>
public sealed partial class JsonCommandTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string Ok = "+OK\r\n";
    private const string Nil = "$-1\r\n";

    private static string Bulk(string text) => $"${System.Text.Encoding.UTF8.GetByteCount(text)}\r\n{text}\r\n";

    private static string Array(params string[] items) => $"*{items.Length}\r\n" + string.Concat(items);

    private static string Int(long value) => $":{value}\r\n";

    private static string Err(string text) => $"-{text}\r\n";

    [Fact]
    public void Set_and_get_the_root_and_members()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":1,"b":[1,2,{"c":"x"}],"d":{"e":true,"f":null}}""");
        c.Expect(Bulk("""{"a":1,"b":[1,2,{"c":"x"}],"d":{"e":true,"f":null}}"""), "JSON.GET", "doc");
        c.Expect(Bulk("""[{"a":1,"b":[1,2,{"c":"x"}],"d":{"e":true,"f":null}}]"""), "JSON.GET", "doc", "$");
        c.Expect(Bulk("1"), "JSON.GET", "doc", ".a");
        c.Expect(Bulk("1"), "JSON.GET", "doc", "a");
        c.Expect(Bulk("[1]"), "JSON.GET", "doc", "$.a");
        c.Expect(Bulk("[\"x\"]"), "JSON.GET", "doc", "$.b[2].c");
        c.Expect(Bulk("[\"x\"]"), "JSON.GET", "doc", "$['b'][-1][\"c\"]");
        c.Expect(Bulk("\"x\""), "JSON.GET", "doc", "b[2].c");
        c.Expect(Bulk("[1,2,{\"c\":\"x\"}]"), "JSON.GET", "doc", "$.b[*]");
        c.Expect(Bulk("[true,null]"), "JSON.GET", "doc", "$.d.*");
        c.Expect(Bulk("[]"), "JSON.GET", "doc", "$.nope");
        c.Expect(Err("ERR Path '$.nope' does not exist"), "JSON.GET", "doc", ".nope");
        c.Expect(Nil, "JSON.GET", "missing");
        c.Expect(Nil, "JSON.GET", "missing", "$");
        c.Expect("+ReJSON-RL\r\n", "TYPE", "doc");
    }

    [Fact]
    public void Set_creates_members_and_honours_nx_and_xx()
    {
        using var c = _server.Connect();
        c.Expect(Err("ERR new objects must be created at the root"), "JSON.SET", "doc", "$.a", "1");
        c.Expect(Nil, "JSON.SET", "doc", "$", "{}", "XX");
        c.Expect(Ok, "JSON.SET", "doc", "$", "{}", "NX");
        c.Expect(Nil, "JSON.SET", "doc", "$", "{\"x\":1}", "NX");
        c.Expect(Ok, "JSON.SET", "doc", "$.a", "1");
        c.Expect(Ok, "JSON.SET", "doc", ".b", "[1,2]");
        c.Expect(Nil, "JSON.SET", "doc", "$.a", "2", "NX");
        c.Expect(Ok, "JSON.SET", "doc", "$.a", "2", "XX");
        c.Expect(Nil, "JSON.SET", "doc", "$.c", "2", "XX");
        c.Expect(Ok, "JSON.SET", "doc", "$.b[0]", "\"first\"");
        c.Expect(Err("ERR array index out of range"), "JSON.SET", "doc", "$.b[5]", "0");
        c.Expect(Nil, "JSON.SET", "doc", "$.x.y", "0");
        c.Expect(Err("ERR wrong static path"), "JSON.SET", "doc", "$..nothere", "0");
        c.Expect(Bulk("""{"a":2,"b":["first",2]}"""), "JSON.GET", "doc");
        c.Expect(Err("ERR syntax error"), "JSON.SET", "doc", "$", "1", "NX", "XX");
        c.Expect(Err("ERR syntax error"), "JSON.SET", "doc", "$", "1", "BOGUS");
        c.Expect(Err("ERR wrong number of arguments for 'json.set' command"), "JSON.SET", "doc", "$");
        c.Expect(Ok, "SET", "str", "v");
        c.Expect(Err("WRONGTYPE Operation against a key holding the wrong kind of value"), "JSON.SET", "str", "$", "1");
    }

    [Fact]
    public void Set_replaces_every_match_of_a_wildcard_or_recursive_path()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":{"x":1},"b":{"x":2,"c":{"x":3}}}""");
        c.Expect(Bulk("[1,2,3]"), "JSON.GET", "doc", "$..x");
        c.Expect(Ok, "JSON.SET", "doc", "$..x", "0");
        c.Expect(Bulk("""{"a":{"x":0},"b":{"x":0,"c":{"x":0}}}"""), "JSON.GET", "doc");
        c.Expect(Err("ERR wrong static path"), "JSON.SET", "doc", "$.*.y", "\"new\"");
        c.Expect(Ok, "JSON.SET", "doc", "$.b.c.y", "\"new\"");
        c.Expect(Bulk("""{"a":{"x":0},"b":{"x":0,"c":{"x":0,"y":"new"}}}"""), "JSON.GET", "doc");
    }

    [Fact]
    public void Invalid_json_and_invalid_paths_are_errors_that_change_nothing()
    {
        using var c = _server.Connect();
        c.Expect(Err("ERR expected value at line 1 column 1"), "JSON.SET", "doc", "$", "x");
        c.Expect(Err("ERR expected value at line 1 column 6"), "JSON.SET", "doc", "$", "{\"a\":}");
        c.Expect(Err("ERR EOF while parsing a value at line 1 column 1"), "JSON.SET", "doc", "$", "");
        c.Expect(Nil, "JSON.GET", "doc");
        c.Expect(Ok, "JSON.SET", "doc", "$", "{\"a\":[1]}");
        c.Expect(Err("ERR invalid JSON path '$.a[': expected an index, a quoted name, '*' or a slice after '[' but the path ends at offset 4"),
            "JSON.GET", "doc", "$.a[");
        c.Expect(Err("ERR invalid JSON path '$.': expected a member name after '.' but the path ends at offset 2"), "JSON.GET", "doc", "$.");
        c.Expect(Err("ERR invalid JSON path 'a]': unexpected ']', expected '.' or '[' at offset 1"), "JSON.GET", "doc", "a]");
        c.Expect(Err("ERR invalid JSON path '$.a[?(@>1)]': filter expressions ([?(...)]) are not supported at offset 4"), "JSON.GET", "doc", "$.a[?(@>1)]");
        c.Expect(Err("ERR invalid JSON path '$.a[1': expected ']' but the path ends at offset 5"), "JSON.SET", "doc", "$.a[1", "2");
        c.Expect(Bulk("{\"a\":[1]}"), "JSON.GET", "doc");
    }

    [Fact]
    public void Numbers_keep_integers_apart_from_floats()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "n", "$", """{"i":1,"f":1.5,"e":1e2,"z":1.50,"big":12345678901234567890,"neg":-0.0,"small":0.00001,"tiny":1e-7,"huge":1e20}""");
        c.Expect(Bulk("""{"i":1,"f":1.5,"e":100.0,"z":1.5,"big":12345678901234567890,"neg":-0.0,"small":0.00001,"tiny":1e-7,"huge":1e20}"""), "JSON.GET", "n");
        c.Expect(Array(Bulk("integer")), "JSON.TYPE", "n", "$.i");
        c.Expect(Bulk("number"), "JSON.TYPE", "n", ".e");
        c.Expect(Bulk("[3]"), "JSON.NUMINCRBY", "n", "$.i", "2");
        c.Expect(Bulk("[4.5]"), "JSON.NUMINCRBY", "n", "$.i", "1.5");
        c.Expect(Bulk("[2.0]"), "JSON.NUMINCRBY", "n", "$.f", "0.5");
        c.Expect(Bulk("6.0"), "JSON.NUMMULTBY", "n", ".f", "3");
        c.Expect(Bulk("[]"), "JSON.NUMINCRBY", "n", "$.nothing", "1");
        c.Expect(Ok, "JSON.SET", "n", "$.s", "\"str\"");
        c.Expect(Bulk("[null]"), "JSON.NUMINCRBY", "n", "$.s", "1");
        c.Expect(Err("ERR Path '$.s' does not exist or does not contains a number"), "JSON.NUMINCRBY", "n", "s", "1");
        c.Expect(Err("ERR Path '$.nothing' does not exist or does not contains a number"), "JSON.NUMINCRBY", "n", ".nothing", "1");
        c.Expect(Err("ERR expected value at line 1 column 1"), "JSON.NUMINCRBY", "n", "$.i", "x");
        c.Expect(Err("ERR bad input number"), "JSON.NUMINCRBY", "n", "$.i", "\"1\"");
        c.Expect(Err("ERR could not perform this operation on a key that doesn't exist"), "JSON.NUMINCRBY", "none", "$", "1");
        c.Expect(Ok, "JSON.SET", "max", "$", "9223372036854775807");
        c.Expect(Bulk("9.223372036854776e18"), "JSON.NUMINCRBY", "max", ".", "1");
        c.Expect(Ok, "JSON.SET", "inf", "$", "1e308");
        c.Expect(Err("ERR result is not a number"), "JSON.NUMMULTBY", "inf", "$", "10");
        c.Expect(Bulk("1e308"), "JSON.GET", "inf");
    }

    [Fact]
    public void Numincrby_per_match_and_in_resp3()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":"b","b":[{"a":2},{"a":5},{"a":"c"},{"a":1.5}]}""");
        c.Expect(Bulk("[null,4,7,null,3.5]"), "JSON.NUMINCRBY", "doc", "$..a", "2");
        Assert.Equal('%', c.Call("HELLO", "3").Type);
        c.Expect("*5\r\n_\r\n:6\r\n:9\r\n_\r\n,5.5\r\n", "JSON.NUMINCRBY", "doc", "$..a", "2");
        c.Expect("*1\r\n:12\r\n", "JSON.NUMMULTBY", "doc", ".b[0].a", "2");
        c.Expect("*0\r\n", "JSON.NUMINCRBY", "doc", ".nothing", "2");
    }
}
