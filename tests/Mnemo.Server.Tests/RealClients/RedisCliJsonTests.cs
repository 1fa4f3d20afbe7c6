using System.Globalization;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests.RealClients;

/// <summary>The real redis-cli running a JSON.* session against an in-process server.</summary>
public sealed class RedisCliJsonTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(o => o.Store = new MnemoStoreOptions()); // real clock

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task SessionAsync(string commands, string expected, params string[] options)
    {
        string cli = ExternalTool.Require("redis-cli", "apt-get install redis-tools");
        var result = await ExternalTool.RunAsync(cli, ["-p", _server.Port.ToString(CultureInfo.InvariantCulture), .. options], commands.ReplaceLineEndings("\n"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public Task Json_session() => SessionAsync("""
        JSON.SET user:1 $ '{"name":"Ada","langs":["en"],"age":36,"admin":false}'
        JSON.GET user:1 $.name
        JSON.GET user:1 .age
        JSON.NUMINCRBY user:1 $.age 1
        JSON.ARRAPPEND user:1 $.langs '"fr"' '"de"'
        JSON.ARRPOP user:1 .langs 0
        JSON.STRAPPEND user:1 .name '" L."'
        JSON.TOGGLE user:1 $.admin
        JSON.TYPE user:1 $.*
        JSON.OBJKEYS user:1
        JSON.SET user:1 $.email '"ada@example.org"' NX
        JSON.SET user:1 $.email '"x"' NX
        JSON.MGET user:1 user:2 $.email
        JSON.DEL user:1 $.langs[0]
        JSON.GET user:1 INDENT "  " NEWLINE "\n" SPACE " " .
        JSON.SET user:2 $.a 1
        JSON.GET user:1 .missing
        TYPE user:1
        JSON.DEL user:1
        EXISTS user:1

        """, """
        OK
        "[\"Ada\"]"
        "36"
        "[37]"
        1) (integer) 3
        "\"en\""
        (integer) 6
        1) (integer) 1
        1) "string"
        2) "array"
        3) "integer"
        4) "boolean"
        1) "name"
        2) "langs"
        3) "age"
        4) "admin"
        OK
        (nil)
        1) "[\"ada@example.org\"]"
        2) (nil)
        (integer) 1
        "{\n  \"name\": \"Ada L.\",\n  \"langs\": [\n    \"de\"\n  ],\n  \"age\": 37,\n  \"admin\": true,\n  \"email\": \"ada@example.org\"\n}"
        (error) ERR new objects must be created at the root
        (error) ERR Path '$.missing' does not exist
        ReJSON-RL
        (integer) 1
        (integer) 0

        """, "--no-raw");

    [Fact]
    public Task Json_raw_output() => SessionAsync(
        "JSON.SET d $ '{\"a\":[1,2.5]}'\nJSON.GET d $..a\nJSON.ARRLEN d $.a\n",
        "OK\n[[1,2.5]]\n2\n", "--raw");
}
