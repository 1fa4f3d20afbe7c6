using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>Exact reply bytes for the hash commands, in RESP2 and (maps, nulls, HRANDFIELD pairs) RESP3.</summary>
public sealed class HashCommandTests : IAsyncLifetime
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private const string Syntax = "-ERR syntax error\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Hset_hsetnx_hmset_and_reads()
    {
        using var client = _server.Connect();
        client.Expect(":2\r\n", "HSET", "h", "a", "1", "b", "2");
        client.Expect(":1\r\n", "HSET", "h", "b", "20", "c", "3");
        client.Expect("+OK\r\n", "HMSET", "h", "d", "4");
        client.Expect(":0\r\n", "HSETNX", "h", "a", "x");
        client.Expect(":1\r\n", "HSETNX", "h", "e", "");
        client.Expect("$2\r\n20\r\n", "HGET", "h", "b");
        client.Expect("$0\r\n\r\n", "HGET", "h", "e");
        client.Expect("$-1\r\n", "HGET", "h", "zz");
        client.Expect("$-1\r\n", "HGET", "missing", "a");
        client.Expect("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n3\r\n", "HMGET", "h", "a", "zz", "c");
        client.Expect("*2\r\n$-1\r\n$-1\r\n", "HMGET", "missing", "a", "b");
        client.Expect(":5\r\n", "HLEN", "h");
        client.Expect(":0\r\n", "HLEN", "missing");
        client.Expect(":1\r\n", "HEXISTS", "h", "a");
        client.Expect(":0\r\n", "HEXISTS", "h", "zz");
        client.Expect(":2\r\n", "HSTRLEN", "h", "b");
        client.Expect(":0\r\n", "HSTRLEN", "h", "zz");
        client.Expect("-ERR wrong number of arguments for 'hset' command\r\n", "HSET", "h", "a", "1", "b");
        client.Expect("-ERR wrong number of arguments for 'hmset' command\r\n", "HMSET", "h", "a", "1", "b");
        client.Expect("-ERR wrong number of arguments for 'hset' command\r\n", "HSET", "h", "a");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "HGET", "h", "zz");
        client.Expect("*2\r\n$1\r\n1\r\n_\r\n", "HMGET", "h", "a", "zz");
    }

    [Fact]
    public void Hgetall_hkeys_hvals_and_hdel()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "HSET", "h", "f", "v");
        client.Expect("*2\r\n$1\r\nf\r\n$1\r\nv\r\n", "HGETALL", "h");
        client.Expect("*1\r\n$1\r\nf\r\n", "HKEYS", "h");
        client.Expect("*1\r\n$1\r\nv\r\n", "HVALS", "h");
        client.Expect("*0\r\n", "HGETALL", "missing");
        client.Expect("*0\r\n", "HKEYS", "missing");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("%1\r\n$1\r\nf\r\n$1\r\nv\r\n", "HGETALL", "h");
        client.Expect("%0\r\n", "HGETALL", "missing");
        client.Expect("*1\r\n$1\r\nv\r\n", "HVALS", "h");
        client.Expect(":1\r\n", "HDEL", "h", "f", "zz", "f");
        client.Expect(":0\r\n", "HDEL", "h", "f");
        client.Expect("_\r\n", "GET", "h"); // the emptied hash is gone
        client.Expect("-ERR wrong number of arguments for 'hdel' command\r\n", "HDEL", "h");
    }

    [Fact]
    public void Hincrby_and_hincrbyfloat()
    {
        using var client = _server.Connect();
        client.Expect(":5\r\n", "HINCRBY", "h", "n", "5");
        client.Expect(":2\r\n", "HINCRBY", "h", "n", "-3");
        client.Expect(NotInteger, "HINCRBY", "h", "n", "x");
        client.Expect(":1\r\n", "HSET", "h", "s", "abc");
        client.Expect("-ERR hash value is not an integer\r\n", "HINCRBY", "h", "s", "1");
        client.Expect(":1\r\n", "HSET", "h", "max", "9223372036854775807");
        client.Expect("-ERR increment or decrement would overflow\r\n", "HINCRBY", "h", "max", "1");
        client.Expect("$3\r\n1.5\r\n", "HINCRBYFLOAT", "h", "x", "1.5");
        client.Expect("$3\r\n3.5\r\n", "HINCRBYFLOAT", "h", "n", "1.5");
        client.Expect("$4\r\n5200\r\n", "HINCRBYFLOAT", "h", "x", "5.1985e3");
        client.Expect("-ERR value is not a valid float\r\n", "HINCRBYFLOAT", "h", "x", "abc");
        client.Expect("-ERR value is NaN or Infinity\r\n", "HINCRBYFLOAT", "h", "x", "inf");
        client.Expect("-ERR hash value is not a float\r\n", "HINCRBYFLOAT", "h", "s", "1");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("$3\r\n6.5\r\n", "HINCRBYFLOAT", "h", "n", "3"); // a bulk string in RESP3 too
    }

    [Fact]
    public void Hrandfield_counts_and_resp3_pairs()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "HSET", "h", "f", "v");
        client.Expect("$1\r\nf\r\n", "HRANDFIELD", "h");
        client.Expect("$-1\r\n", "HRANDFIELD", "missing");
        client.Expect("*0\r\n", "HRANDFIELD", "missing", "3");
        client.Expect("*0\r\n", "HRANDFIELD", "h", "0");
        client.Expect("*1\r\n$1\r\nf\r\n", "HRANDFIELD", "h", "5");
        client.Expect("*2\r\n$1\r\nf\r\n$1\r\nf\r\n", "HRANDFIELD", "h", "-2");
        client.Expect("*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\nf\r\n$1\r\nv\r\n", "HRANDFIELD", "h", "-2", "WITHVALUES");
        client.Expect("*2\r\n$1\r\nf\r\n$1\r\nv\r\n", "HRANDFIELD", "h", "1", "withvalues");
        client.Expect(NotInteger, "HRANDFIELD", "h", "x");
        client.Expect(Syntax, "HRANDFIELD", "h", "1", "FOO");
        client.Expect(Syntax, "HRANDFIELD", "h", "1", "WITHVALUES", "x");
        client.Expect("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n",
            "HRANDFIELD", "h", "-9223372036854775808", "FOO");
        client.Expect("-ERR value is out of range\r\n", "HRANDFIELD", "h", "4611686018427387904", "WITHVALUES");
        client.Expect("-ERR value is out of range\r\n", "HRANDFIELD", "missing", "-4611686018427387904", "WITHVALUES");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "HRANDFIELD", "missing");
        client.Expect("*2\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n", "HRANDFIELD", "h", "-2", "WITHVALUES");
        client.Expect("*1\r\n$1\r\nf\r\n", "HRANDFIELD", "h", "1");
    }

    [Fact]
    public void Hscan_pages_novalues_and_option_rules()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "HSET", "h", "f", "v");
        client.Expect("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n", "HSCAN", "h", "0");
        client.Expect("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nf\r\n", "HSCAN", "h", "0", "NOVALUES");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "HSCAN", "h", "0", "MATCH", "x*", "COUNT", "5");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "HSCAN", "missing", "0", "COUNT", "0");
        client.Expect("-ERR invalid cursor\r\n", "HSCAN", "h", "1.5");
        client.Expect(Syntax, "HSCAN", "h", "0", "COUNT", "0");
        client.Expect(Syntax, "HSCAN", "h", "0", "COUNT");
        client.Expect(NotInteger, "HSCAN", "h", "0", "COUNT", "many");
        client.Expect("+OK\r\n", "SET", "str", "v");
        client.Expect(WrongType, "HSCAN", "str", "0");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n", "HSCAN", "h", "0"); // an array, not a map
    }

    [Fact]
    public void Every_hash_command_rejects_a_string()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "str", "v");
        foreach (var command in new[]
        {
            new[] { "HSET", "str", "f", "v" }, ["HSETNX", "str", "f", "v"], ["HMSET", "str", "f", "v"], ["HGET", "str", "f"],
            ["HMGET", "str", "f"], ["HGETALL", "str"], ["HDEL", "str", "f"], ["HEXISTS", "str", "f"], ["HLEN", "str"],
            ["HKEYS", "str"], ["HVALS", "str"], ["HINCRBY", "str", "f", "1"], ["HINCRBYFLOAT", "str", "f", "1"],
            ["HSTRLEN", "str", "f"], ["HRANDFIELD", "str"], ["HRANDFIELD", "str", "2", "WITHVALUES"],
        })
        {
            client.Expect(WrongType, command);
        }
        client.Expect("$1\r\nv\r\n", "GET", "str");
    }
}
