using System.Globalization;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests.RealClients;

/// <summary>
/// The real redis-cli against an in-process server: sessions on stdin (standard, --raw and RESP3
/// output) and commands as arguments. Expected outputs are what redis-cli prints for redis-server 7.
/// </summary>
public sealed class RedisCliTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(o => o.Store = new MnemoStoreOptions()); // real clock

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Cli => ExternalTool.Require("redis-cli", "apt-get install redis-tools");

    private async Task<ToolResult> RunAsync(string? stdin, params string[] args)
    {
        var result = await ExternalTool.RunAsync(Cli, ["-p", _server.Port.ToString(CultureInfo.InvariantCulture), .. args], stdin);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>Runs the commands (one a line, redis-cli quoting) and compares the whole output.</summary>
    private async Task SessionAsync(string commands, string expected, params string[] options)
    {
        var result = await RunAsync(commands.ReplaceLineEndings("\n"), options);
        Assert.Equal(expected.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public Task Strings() => SessionAsync("""
        SET greeting hello
        GET greeting
        GET missing
        APPEND greeting " world"
        STRLEN greeting
        GETRANGE greeting 0 4
        INCR visits
        INCRBY visits 41
        INCRBYFLOAT price 2.5
        MSET a 1 b 2
        MGET a b missing
        SET a x NX
        SET a x XX GET
        GETDEL a
        SET "two words" "with \"quotes\""
        GET "two words"

        """, """
        OK
        "hello"
        (nil)
        (integer) 11
        (integer) 11
        "hello"
        (integer) 1
        (integer) 42
        "2.5"
        OK
        1) "1"
        2) "2"
        3) (nil)
        (nil)
        "1"
        "x"
        OK
        "with \"quotes\""

        """, "--no-raw");

    [Fact]
    public Task Errors() => SessionAsync("""
        SET s text
        INCR s
        NOSUCH cmd
        GET
        SELECT 99
        SET a b EX 0
        SET a b XX NX

        """, """
        OK
        (error) ERR value is not an integer or out of range
        (error) ERR unknown command 'NOSUCH', with args beginning with: 'cmd' 
        (error) ERR wrong number of arguments for 'get' command
        (error) ERR DB index is out of range
        (error) ERR invalid expire time in 'set' command
        (error) ERR syntax error

        """, "--no-raw");

    [Fact]
    public Task Keys_and_expiry() => SessionAsync("""
        SET k1 v
        EXPIRE k1 100
        TTL k1
        PERSIST k1
        TTL k1
        TTL missing
        EXISTS k1 missing
        TYPE k1
        RENAME k1 k2
        KEYS k*
        DEL k2
        EXISTS k2

        """, """
        OK
        (integer) 1
        (integer) 100
        (integer) 1
        (integer) -1
        (integer) -2
        (integer) 1
        string
        OK
        1) "k2"
        (integer) 1
        (integer) 0

        """, "--no-raw");

    [Fact]
    public Task Lists() => SessionAsync("""
        RPUSH queue a b c
        LPUSH queue z
        LRANGE queue 0 -1
        LLEN queue
        LPOP queue
        RPOP queue 2
        LINDEX queue 0
        LRANGE missing 0 -1
        LPOP missing
        SET text v
        LPUSH text x

        """, """
        (integer) 3
        (integer) 4
        1) "z"
        2) "a"
        3) "b"
        4) "c"
        (integer) 4
        "z"
        1) "c"
        2) "b"
        "a"
        (empty array)
        (nil)
        OK
        (error) WRONGTYPE Operation against a key holding the wrong kind of value

        """, "--no-raw");

    [Fact]
    public Task Hashes() => SessionAsync("""
        HSET user:1 name alice age 42
        HGET user:1 name
        HGETALL user:1
        HINCRBY user:1 age 1
        HMGET user:1 name nope
        HDEL user:1 age
        HLEN user:1
        HGETALL nobody

        """, """
        (integer) 2
        "alice"
        1) "name"
        2) "alice"
        3) "age"
        4) "42"
        (integer) 43
        1) "alice"
        2) (nil)
        (integer) 1
        (integer) 1
        (empty array)

        """, "--no-raw");

    [Fact]
    public Task Sets() => SessionAsync("""
        SADD tags redis
        SADD tags redis dotnet
        SCARD tags
        SISMEMBER tags redis
        SREM tags dotnet
        SMEMBERS tags
        SMEMBERS nothing

        """, """
        (integer) 1
        (integer) 1
        (integer) 2
        (integer) 1
        (integer) 1
        1) "redis"
        (empty array)

        """, "--no-raw");

    [Fact]
    public Task Sorted_sets() => SessionAsync("""
        ZADD board 310 alice 275 bob
        ZINCRBY board 50 bob
        ZRANGE board 0 -1 WITHSCORES
        ZSCORE board bob
        ZRANK board alice
        ZREVRANGE board 0 0
        ZCARD board
        ZSCORE board nobody
        ZADD board 1.5 carol
        ZRANGEBYSCORE board -inf 2 WITHSCORES

        """, """
        (integer) 2
        "325"
        1) "alice"
        2) "310"
        3) "bob"
        4) "325"
        "325"
        (integer) 0
        1) "bob"
        (integer) 2
        (nil)
        (integer) 1
        1) "carol"
        2) "1.5"

        """, "--no-raw");

    [Fact]
    public Task Raw_output() => SessionAsync("""
        SET s hello
        GET s
        GET missing
        INCR s
        MSET a 1 b 2
        MGET a b
        INCR n

        """, "OK\nhello\n\nERR value is not an integer or out of range\n\nOK\n1\n2\n1\n", "--raw");

    [Fact]
    public Task Raw_list_output() => SessionAsync("RPUSH rl a b\nLRANGE rl 0 -1\n", "2\na\nb\n", "--raw");

    [Fact]
    public Task Resp3_output() => SessionAsync("""
        HSET h f v
        HGETALL h
        ZADD z 2.5 m
        ZRANGE z 0 -1 WITHSCORES
        ZSCORE z m
        SADD st x
        SMEMBERS st
        GET missing
        INCR n

        """, """
        (integer) 1
        1# "f" => "v"
        (integer) 1
        1) 1) "m"
           2) (double) 2.5
        (double) 2.5
        (integer) 1
        1~ "x"
        (nil)
        (integer) 1

        """, "-3", "--no-raw");

    [Fact]
    public async Task Resp3_hello_and_strings()
    {
        await SessionAsync("SET s v\nGET s\nGET missing\nINCRBYFLOAT f 1.5\n", "OK\n\"v\"\n(nil)\n\"1.5\"\n", "-3", "--no-raw");
        var hello = await RunAsync(null, "-3", "--no-raw", "HELLO", "3");
        Assert.Contains("3# \"proto\" => (integer) 3\n", hello.Stdout, StringComparison.Ordinal);
        Assert.Contains("1# \"server\" => \"redis\"\n", hello.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_as_arguments()
    {
        Assert.Equal("OK\n", (await RunAsync(null, "SET", "greeting", "hello world")).Stdout);
        Assert.Equal("hello world\n", (await RunAsync(null, "GET", "greeting")).Stdout);
        Assert.Equal("\"hello world\"\n", (await RunAsync(null, "--no-raw", "GET", "greeting")).Stdout);
        Assert.Equal("\n", (await RunAsync(null, "GET", "missing")).Stdout);
        Assert.Equal("PONG\n", (await RunAsync(null, "PING")).Stdout);
        Assert.Equal("hello world", _server.Server.Store.GetDatabase().StringGet("greeting").ToString());
    }

    [Fact]
    public async Task Last_argument_from_stdin_with_x()
    {
        Assert.Equal("OK\n", (await RunAsync("line one\nline two\n", "-x", "SET", "doc")).Stdout);
        Assert.Equal("line one\nline two\n", _server.Server.Store.GetDatabase().StringGet("doc").ToString());
    }

    [Fact]
    public async Task Database_selection_with_n()
    {
        Assert.Equal("OK\n", (await RunAsync(null, "-n", "2", "SET", "k", "in two")).Stdout);
        Assert.Equal("\n", (await RunAsync(null, "GET", "k")).Stdout);
        Assert.Equal("in two\n", (await RunAsync(null, "-n", "2", "GET", "k")).Stdout);
        Assert.Equal("in two", _server.Server.Store.GetDatabase(2).StringGet("k").ToString());
    }
}
