using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>Exact reply bytes for the set commands, in RESP2 and (sets are <c>~</c>) RESP3.</summary>
public sealed class SetCommandTests : IAsyncLifetime
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private const string Syntax = "-ERR syntax error\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Sadd_srem_scard_and_membership()
    {
        using var client = _server.Connect();
        client.Expect(":3\r\n", "SADD", "s", "a", "b", "c");
        client.Expect(":1\r\n", "SADD", "s", "c", "d", "d");
        client.Expect(":4\r\n", "SCARD", "s");
        client.Expect(":0\r\n", "SCARD", "missing");
        client.Expect(":1\r\n", "SISMEMBER", "s", "a");
        client.Expect(":0\r\n", "SISMEMBER", "s", "z");
        client.Expect(":0\r\n", "SISMEMBER", "missing", "a");
        client.Expect("*3\r\n:1\r\n:0\r\n:1\r\n", "SMISMEMBER", "s", "a", "z", "d");
        client.Expect("*2\r\n:0\r\n:0\r\n", "SMISMEMBER", "missing", "a", "b");
        client.Expect(":2\r\n", "SREM", "s", "a", "b", "zz");
        client.Expect(":0\r\n", "SREM", "missing", "a");
        client.Expect("-ERR wrong number of arguments for 'sadd' command\r\n", "SADD", "s");
        client.Expect("+OK\r\n", "SET", "str", "v");
        client.Expect(WrongType, "SADD", "str", "a");
        client.Expect(WrongType, "SISMEMBER", "str", "a");
        client.Expect(WrongType, "SMISMEMBER", "str", "a");
    }

    [Fact]
    public void Smembers_is_a_set_in_resp3()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "SADD", "s", "only");
        client.Expect("*1\r\n$4\r\nonly\r\n", "SMEMBERS", "s");
        client.Expect("*0\r\n", "SMEMBERS", "missing");
        Assert.Equal(["a", "b", "c", "only"], Sorted(client, "SADD", "s", "a", "b", "c"));
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect(":3\r\n", "SREM", "s", "a", "b", "c", "x");
        client.Expect("~1\r\n$4\r\nonly\r\n", "SMEMBERS", "s");
        client.Expect("~0\r\n", "SMEMBERS", "missing");
    }

    [Fact]
    public void Spop_and_srandmember()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "SADD", "s", "x");
        client.Expect("$1\r\nx\r\n", "SRANDMEMBER", "s");
        client.Expect("*1\r\n$1\r\nx\r\n", "SRANDMEMBER", "s", "5");
        client.Expect("*3\r\n$1\r\nx\r\n$1\r\nx\r\n$1\r\nx\r\n", "SRANDMEMBER", "s", "-3");
        client.Expect("*0\r\n", "SRANDMEMBER", "s", "0");
        client.Expect("$-1\r\n", "SRANDMEMBER", "missing");
        client.Expect("*0\r\n", "SRANDMEMBER", "missing", "3");
        client.Expect(NotInteger, "SRANDMEMBER", "s", "x");
        client.Expect("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n",
            "SRANDMEMBER", "s", "-9223372036854775808");
        client.Expect(Syntax, "SRANDMEMBER", "s", "1", "2");
        client.Expect("*0\r\n", "SPOP", "s", "0");
        client.Expect("-ERR value is out of range, must be positive\r\n", "SPOP", "s", "-1");
        client.Expect(NotInteger, "SPOP", "s", "x");
        client.Expect(Syntax, "SPOP", "s", "1", "2");
        client.Expect("$1\r\nx\r\n", "SPOP", "s");
        client.Expect("$-1\r\n", "SPOP", "s");
        client.Expect("*0\r\n", "SPOP", "s", "2");
        client.Expect(":1\r\n", "SADD", "s", "y");
        client.Expect("*1\r\n$1\r\ny\r\n", "SPOP", "s", "3");
        client.Expect(":0\r\n", "SCARD", "s");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "SPOP", "s");
        client.Expect("~0\r\n", "SPOP", "s", "1");
        client.Expect("_\r\n", "SRANDMEMBER", "s");
        client.Expect("*0\r\n", "SRANDMEMBER", "s", "1");
        client.Expect(":1\r\n", "SADD", "s", "z");
        client.Expect("*2\r\n$1\r\nz\r\n$1\r\nz\r\n", "SRANDMEMBER", "s", "-2");
        client.Expect("~1\r\n$1\r\nz\r\n", "SPOP", "s", "1");
    }

    [Fact]
    public void Smove()
    {
        using var client = _server.Connect();
        client.Expect(":2\r\n", "SADD", "src", "a", "b");
        client.Expect(":1\r\n", "SMOVE", "src", "dst", "a");
        client.Expect(":0\r\n", "SMOVE", "src", "dst", "zz");
        client.Expect(":0\r\n", "SMOVE", "missing", "dst", "a");
        client.Expect("*1\r\n$1\r\na\r\n", "SMEMBERS", "dst");
        client.Expect("+OK\r\n", "SET", "str", "v");
        client.Expect(WrongType, "SMOVE", "src", "str", "b");
        client.Expect(":1\r\n", "SCARD", "src");
    }

    [Fact]
    public void Combinations_and_store_forms()
    {
        using var client = _server.Connect();
        client.Expect(":3\r\n", "SADD", "a", "1", "2", "3");
        client.Expect(":3\r\n", "SADD", "b", "2", "3", "4");
        client.Expect(":2\r\n", "SADD", "c", "3", "9");
        client.Expect("*1\r\n$1\r\n3\r\n", "SINTER", "a", "b", "c");
        client.Expect("*0\r\n", "SINTER", "a", "missing");
        client.Expect("*1\r\n$1\r\n1\r\n", "SDIFF", "a", "b");
        client.Expect("*0\r\n", "SDIFF", "missing", "a");
        Assert.Equal(["1", "2", "3", "4", "9"], Sorted(client, "SUNION", "a", "b", "c"));
        client.Expect(":2\r\n", "SINTERSTORE", "dst", "a", "b");
        client.Expect(":5\r\n", "SUNIONSTORE", "dst", "a", "b", "c");
        client.Expect(":1\r\n", "SDIFFSTORE", "dst", "a", "b");
        client.Expect("*1\r\n$1\r\n1\r\n", "SMEMBERS", "dst");
        client.Expect(":0\r\n", "SINTERSTORE", "dst", "a", "missing");
        client.Expect("$-1\r\n", "GET", "dst"); // an empty result deletes the destination
        client.Expect("-ERR wrong number of arguments for 'sinterstore' command\r\n", "SINTERSTORE", "dst");
        client.Expect("+OK\r\n", "SET", "str", "v");
        client.Expect(WrongType, "SUNION", "a", "str");
        client.Expect(WrongType, "SINTER", "missing", "str");
        client.Expect(WrongType, "SDIFFSTORE", "dst", "a", "str");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("~1\r\n$1\r\n3\r\n", "SINTER", "a", "b", "c");
        client.Expect("~0\r\n", "SINTER", "a", "missing");
        client.Expect("~1\r\n$1\r\n1\r\n", "SDIFF", "a", "b");
        Assert.Equal('~', client.Call("SUNION", "a", "b").Type);
    }

    [Fact]
    public void Sintercard_and_its_errors()
    {
        using var client = _server.Connect();
        client.Expect(":4\r\n", "SADD", "a", "1", "2", "3", "4");
        client.Expect(":4\r\n", "SADD", "b", "2", "3", "4", "5");
        client.Expect(":3\r\n", "SINTERCARD", "2", "a", "b");
        client.Expect(":2\r\n", "SINTERCARD", "2", "a", "b", "LIMIT", "2");
        client.Expect(":3\r\n", "SINTERCARD", "2", "a", "b", "limit", "0");
        client.Expect(":0\r\n", "SINTERCARD", "2", "a", "missing");
        client.Expect("-ERR numkeys should be greater than 0\r\n", "SINTERCARD", "0", "a");
        client.Expect("-ERR numkeys should be greater than 0\r\n", "SINTERCARD", "x", "a");
        client.Expect("-ERR Number of keys can't be greater than number of args\r\n", "SINTERCARD", "3", "a", "b");
        client.Expect("-ERR LIMIT can't be negative\r\n", "SINTERCARD", "1", "a", "LIMIT", "-1");
        client.Expect("-ERR LIMIT can't be negative\r\n", "SINTERCARD", "1", "a", "LIMIT", "x");
        client.Expect(Syntax, "SINTERCARD", "1", "a", "LIMIT");
        client.Expect(Syntax, "SINTERCARD", "1", "a", "b");
        client.Expect("+OK\r\n", "SET", "str", "v");
        client.Expect(WrongType, "SINTERCARD", "2", "missing", "str");
    }

    [Fact]
    public void Sscan_pages_and_option_rules()
    {
        using var client = _server.Connect();
        client.Expect(":2\r\n", "SADD", "s", "apple", "berry");
        client.Expect("*2\r\n$1\r\n0\r\n*1\r\n$5\r\napple\r\n", "SSCAN", "s", "0", "MATCH", "a*");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "SSCAN", "s", "0", "MATCH", "z*", "COUNT", "100");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "SSCAN", "missing", "0");
        client.Expect("-ERR invalid cursor\r\n", "SSCAN", "s", "x");
        client.Expect("-ERR invalid cursor\r\n", "SSCAN", "s", "-1");
        client.Expect("-ERR invalid cursor\r\n", "SSCAN", "missing", "x");
        client.Expect(Syntax, "SSCAN", "s", "0", "COUNT", "0");
        client.Expect(NotInteger, "SSCAN", "s", "0", "COUNT", "x");
        client.Expect(Syntax, "SSCAN", "s", "0", "MATCH");
        client.Expect(Syntax, "SSCAN", "s", "0", "TYPE", "set");
        client.Expect("-ERR NOVALUES option can only be used in HSCAN\r\n", "SSCAN", "s", "0", "NOVALUES");
        // A missing key answers an empty page before the options are looked at; the type is checked first too.
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "SSCAN", "missing", "0", "COUNT", "0");
        client.Expect("+OK\r\n", "SET", "str", "v");
        client.Expect(WrongType, "SSCAN", "str", "0", "COUNT", "0");
        Assert.Equal(["apple", "berry"], client.Call("SSCAN", "s", "18446744073709551615").Items![1].Items!.Select(i => i.Text!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Sscan_of_a_large_set_walks_with_the_cursor()
    {
        using var client = _server.Connect();
        client.Send(["SADD", "big", .. Enumerable.Range(0, 500).Select(i => $"m{i}")]);
        Assert.Equal(500, client.Read().Integer);
        var seen = new HashSet<string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            var page = client.Call("SSCAN", "big", cursor, "COUNT", "20");
            Assert.Equal('$', page.Items![0].Type);
            cursor = page.Items[0].Text!;
            seen.UnionWith(page.Items[1].Items!.Select(i => i.Text!));
            calls++;
        }
        while (cursor != "0");
        Assert.Equal(500, seen.Count);
        Assert.True(calls > 5);
    }

    private static string[] Sorted(RawClient client, params string[] command)
    {
        var reply = client.Call(command);
        if (reply.Type == ':')
        {
            reply = client.Call("SMEMBERS", command[1]);
        }
        return [.. reply.Items!.Select(i => i.Text!).Order(StringComparer.Ordinal)];
    }
}
