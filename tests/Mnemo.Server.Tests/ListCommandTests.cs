using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>Exact reply bytes for the non-blocking list commands, in RESP2 and (where the type differs) RESP3.</summary>
public sealed class ListCommandTests : IAsyncLifetime
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private const string Syntax = "-ERR syntax error\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Pushes_return_the_length_and_keep_order()
    {
        using var client = _server.Connect();
        client.Expect(":3\r\n", "LPUSH", "l", "a", "b", "c");
        client.Expect(":4\r\n", "RPUSH", "l", "d");
        client.Expect("*4\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nd\r\n", "LRANGE", "l", "0", "-1");
        client.Expect(":0\r\n", "LPUSHX", "missing", "x");
        client.Expect(":0\r\n", "RPUSHX", "missing", "x", "y");
        client.Expect(":5\r\n", "RPUSHX", "l", "e");
        client.Expect(":6\r\n", "LPUSHX", "l", "z");
        client.Expect("*0\r\n", "LRANGE", "missing", "0", "-1");
        client.Expect("-ERR wrong number of arguments for 'lpush' command\r\n", "LPUSH", "l");
        client.Expect("+OK\r\n", "SET", "s", "v");
        client.Expect(WrongType, "LPUSH", "s", "a");
        client.Expect(WrongType, "RPUSHX", "s", "a");
    }

    [Fact]
    public void Lrange_writes_the_reply_from_the_list_for_every_kind_of_range()
    {
        // LRANGE writes its reply under the shard lock without copying the elements
        using var client = _server.Connect();
        client.Expect(":4\r\n", "RPUSH", "l", "a", "bb", "", "d");
        client.Expect("*2\r\n$2\r\nbb\r\n$0\r\n\r\n", "LRANGE", "l", "1", "2");
        client.Expect("*2\r\n$0\r\n\r\n$1\r\nd\r\n", "LRANGE", "l", "-2", "100");
        client.Expect("*1\r\n$1\r\na\r\n", "LRANGE", "l", "-100", "0");
        client.Expect("*0\r\n", "LRANGE", "l", "3", "1");
        client.Expect("*0\r\n", "LRANGE", "l", "4", "10");
        client.Expect("+OK\r\n", "SET", "s", "v");
        client.Expect(WrongType, "LRANGE", "s", "0", "-1");
        client.Expect("-ERR value is not an integer or out of range\r\n", "LRANGE", "l", "x", "1");
        // a reply bigger than the buffer the connection keeps (16 KiB), then small ones again
        var big = Enumerable.Range(0, 1500).Select(n => n.ToString("D4") + new string('v', 96)).ToArray();
        client.Expect(":1500\r\n", ["RPUSH", "big", .. big]);
        var all = client.Call("LRANGE", "big", "0", "-1").Items!;
        Assert.Equal(big, all.Select(item => item.Text).ToArray());
        client.Expect("*1\r\n$100\r\n1499" + new string('v', 96) + "\r\n", "LRANGE", "big", "-1", "-1");
        client.Expect("*1\r\n$1\r\na\r\n", "LRANGE", "l", "0", "0");
        // one-member SADD / HSET / ZADD (their own paths) check the type like the general ones
        client.Expect(WrongType, "SADD", "s", "m");
        client.Expect(WrongType, "HSET", "s", "f", "v");
        client.Expect(WrongType, "ZADD", "s", "1", "m");
        client.Expect("-ERR value is not a valid float\r\n", "ZADD", "z", "nan", "m");
        client.Expect("-ERR syntax error\r\n", "ZADD", "z", "NX", "m");
        client.Expect(":1\r\n", "ZADD", "z", "inf", "m");
        client.Expect(":0\r\n", "ZADD", "z", "+inf", "m");
        client.Expect("$3\r\ninf\r\n", "ZSCORE", "z", "m");
    }

    [Fact]
    public void Pops_with_and_without_count()
    {
        using var client = _server.Connect();
        client.Expect(":5\r\n", "RPUSH", "l", "a", "b", "c", "d", "e");
        client.Expect("$1\r\na\r\n", "LPOP", "l");
        client.Expect("$1\r\ne\r\n", "RPOP", "l");
        client.Expect("*2\r\n$1\r\nb\r\n$1\r\nc\r\n", "LPOP", "l", "2");
        client.Expect("*0\r\n", "LPOP", "l", "0");
        client.Expect("*1\r\n$1\r\nd\r\n", "RPOP", "l", "10");
        client.Expect("$-1\r\n", "GET", "l"); // the emptied list is gone
        client.Expect("$-1\r\n", "LPOP", "l");
        client.Expect("*-1\r\n", "LPOP", "l", "2");
        client.Expect("*-1\r\n", "RPOP", "l", "0");
        client.Expect("-ERR value is out of range, must be positive\r\n", "LPOP", "l", "-1");
        client.Expect(NotInteger, "RPOP", "l", "x");
        client.Expect("-ERR wrong number of arguments for 'lpop' command\r\n", "LPOP", "l", "1", "2");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "LPOP", "l");
        client.Expect("_\r\n", "RPOP", "l", "3");
    }

    [Fact]
    public void Llen_lindex_lset()
    {
        using var client = _server.Connect();
        client.Expect(":0\r\n", "LLEN", "l");
        client.Expect(":3\r\n", "RPUSH", "l", "a", "b", "c");
        client.Expect(":3\r\n", "LLEN", "l");
        client.Expect("$1\r\na\r\n", "LINDEX", "l", "0");
        client.Expect("$1\r\nc\r\n", "LINDEX", "l", "-1");
        client.Expect("$-1\r\n", "LINDEX", "l", "3");
        client.Expect(NotInteger, "LINDEX", "l", "one");
        client.Expect("+OK\r\n", "LSET", "l", "1", "B");
        client.Expect("$1\r\nB\r\n", "LINDEX", "l", "1");
        client.Expect("-ERR index out of range\r\n", "LSET", "l", "3", "x");
        client.Expect("-ERR no such key\r\n", "LSET", "missing", "0", "x");
        client.Expect(NotInteger, "LSET", "l", "x", "x");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "LINDEX", "l", "9");
    }

    [Fact]
    public void Linsert_lrem_ltrim()
    {
        using var client = _server.Connect();
        client.Expect(":3\r\n", "RPUSH", "l", "a", "b", "a");
        client.Expect(":4\r\n", "LINSERT", "l", "BEFORE", "b", "x");
        client.Expect(":5\r\n", "LINSERT", "l", "after", "b", "y");
        client.Expect(":-1\r\n", "LINSERT", "l", "AFTER", "nope", "z");
        client.Expect(":0\r\n", "LINSERT", "missing", "AFTER", "a", "z");
        client.Expect(Syntax, "LINSERT", "l", "MIDDLE", "a", "z");
        client.Expect(":2\r\n", "LREM", "l", "0", "a");
        client.Expect(":0\r\n", "LREM", "l", "-1", "zz");
        client.Expect(NotInteger, "LREM", "l", "x", "a");
        client.Expect("*3\r\n$1\r\nx\r\n$1\r\nb\r\n$1\r\ny\r\n", "LRANGE", "l", "0", "-1");
        client.Expect("+OK\r\n", "LTRIM", "l", "1", "-1");
        client.Expect("*2\r\n$1\r\nb\r\n$1\r\ny\r\n", "LRANGE", "l", "0", "-1");
        client.Expect("+OK\r\n", "LTRIM", "l", "5", "10");
        client.Expect("$-1\r\n", "GET", "l"); // the emptied list is gone
        client.Expect(NotInteger, "LTRIM", "l", "0", "x");
    }

    [Fact]
    public void Lpos_options_and_their_errors()
    {
        using var client = _server.Connect();
        client.Expect(":8\r\n", "RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c");
        client.Expect(":2\r\n", "LPOS", "l", "c");
        client.Expect(":6\r\n", "LPOS", "l", "c", "RANK", "2");
        client.Expect(":7\r\n", "LPOS", "l", "c", "rank", "-1");
        client.Expect("$-1\r\n", "LPOS", "l", "x");
        client.Expect("$-1\r\n", "LPOS", "missing", "x");
        client.Expect("*2\r\n:2\r\n:6\r\n", "LPOS", "l", "c", "COUNT", "2");
        client.Expect("*3\r\n:2\r\n:6\r\n:7\r\n", "LPOS", "l", "c", "COUNT", "0");
        client.Expect("*1\r\n:2\r\n", "LPOS", "l", "c", "COUNT", "0", "MAXLEN", "6");
        client.Expect("*0\r\n", "LPOS", "l", "x", "COUNT", "1");
        client.Expect("*0\r\n", "LPOS", "missing", "x", "COUNT", "1");
        client.Expect("-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n",
            "LPOS", "l", "c", "RANK", "0");
        client.Expect("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n",
            "LPOS", "l", "c", "RANK", "-9223372036854775808");
        client.Expect(NotInteger, "LPOS", "l", "c", "RANK", "x");
        client.Expect("-ERR COUNT can't be negative\r\n", "LPOS", "l", "c", "COUNT", "-1");
        client.Expect("-ERR COUNT can't be negative\r\n", "LPOS", "l", "c", "COUNT", "x");
        client.Expect("-ERR MAXLEN can't be negative\r\n", "LPOS", "l", "c", "MAXLEN", "-1");
        client.Expect(Syntax, "LPOS", "l", "c", "RANK");
        client.Expect(Syntax, "LPOS", "l", "c", "FIRST", "1");
        // Options are checked in order, before the key.
        client.Expect("-ERR COUNT can't be negative\r\n", "LPOS", "l", "c", "COUNT", "-1", "RANK", "0");
        client.Expect("+OK\r\n", "SET", "s", "v");
        client.Expect(WrongType, "LPOS", "s", "c");
        client.Expect("-ERR MAXLEN can't be negative\r\n", "LPOS", "s", "c", "MAXLEN", "-1");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "LPOS", "l", "x");
    }

    [Fact]
    public void Lmove_and_rpoplpush()
    {
        using var client = _server.Connect();
        client.Expect(":3\r\n", "RPUSH", "src", "a", "b", "c");
        client.Expect("$1\r\nc\r\n", "RPOPLPUSH", "src", "dst");
        client.Expect("$1\r\na\r\n", "LMOVE", "src", "dst", "LEFT", "RIGHT");
        client.Expect("$1\r\nb\r\n", "LMOVE", "src", "dst", "right", "left");
        client.Expect("*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n", "LRANGE", "dst", "0", "-1");
        client.Expect("$-1\r\n", "LMOVE", "src", "dst", "LEFT", "LEFT");
        client.Expect("$-1\r\n", "RPOPLPUSH", "src", "dst");
        client.Expect(Syntax, "LMOVE", "dst", "src", "UP", "LEFT");
        client.Expect(Syntax, "LMOVE", "dst", "src", "LEFT", "DOWN");
        client.Expect("+OK\r\n", "SET", "s", "v");
        client.Expect(WrongType, "LMOVE", "dst", "s", "LEFT", "LEFT");
        client.Expect(WrongType, "RPOPLPUSH", "s", "dst");
        client.Expect(":3\r\n", "LLEN", "dst");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "LMOVE", "src", "dst", "LEFT", "LEFT");
    }

    [Fact]
    public void Lmpop_replies_and_argument_errors()
    {
        using var client = _server.Connect();
        client.Expect(":3\r\n", "RPUSH", "l", "a", "b", "c");
        client.Expect("*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n", "LMPOP", "2", "missing", "l", "LEFT");
        client.Expect("*2\r\n$1\r\nl\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n", "LMPOP", "1", "l", "RIGHT", "COUNT", "5");
        client.Expect("*-1\r\n", "LMPOP", "2", "l", "missing", "LEFT");
        client.Expect("-ERR numkeys should be greater than 0\r\n", "LMPOP", "0", "l", "LEFT");
        client.Expect("-ERR numkeys should be greater than 0\r\n", "LMPOP", "x", "l", "LEFT");
        client.Expect(Syntax, "LMPOP", "3", "l", "LEFT");
        client.Expect(Syntax, "LMPOP", "1", "l", "UP");
        client.Expect("-ERR count should be greater than 0\r\n", "LMPOP", "1", "l", "LEFT", "COUNT", "0");
        client.Expect("-ERR count should be greater than 0\r\n", "LMPOP", "1", "l", "LEFT", "COUNT", "x");
        client.Expect(Syntax, "LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "2");
        client.Expect(Syntax, "LMPOP", "1", "l", "LEFT", "COUNT");
        client.Expect("-ERR wrong number of arguments for 'lmpop' command\r\n", "LMPOP", "1", "l");
        client.Expect("+OK\r\n", "SET", "s", "v");
        client.Expect(WrongType, "LMPOP", "2", "missing", "s", "LEFT");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "LMPOP", "1", "missing", "LEFT");
    }
}
