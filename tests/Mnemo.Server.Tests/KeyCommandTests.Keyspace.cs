using System.Globalization;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, and the cross-database ones inside MULTI/EXEC.</summary>
public sealed partial class KeyCommandTests
{
    /// <summary>The texts of an array reply, sorted (KEYS and SCAN promise no order).</summary>
    private static string[] Texts(RespReply array) => [.. array.Items!.Select(i => i.Text!).Order(StringComparer.Ordinal)];

    [Fact]
    public void Keys_lists_matching_keys_as_bulk_strings()
    {
        using var client = _server.Connect();
        client.Expect("*0\r\n", "KEYS", "*");
        client.Expect("+OK\r\n", "MSET", "user:1", "a", "user:2", "b", "item", "c");
        client.Expect("*1\r\n$4\r\nitem\r\n", "KEYS", "i*");
        client.Expect("*0\r\n", "KEYS", "nothing*");
        Assert.Equal(["user:1", "user:2"], Texts(client.Call("KEYS", "user:?")));
        Assert.Equal(["item", "user:1", "user:2"], Texts(client.Call("KEYS", "*")));
        client.Expect("-ERR wrong number of arguments for 'keys' command\r\n", "KEYS");
        client.Expect("-ERR wrong number of arguments for 'keys' command\r\n", "KEYS", "a", "b");
    }

    [Fact]
    public void Scan_replies_with_a_bulk_cursor_and_an_array_of_keys()
    {
        using var client = _server.Connect();
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "SCAN", "0");
        client.Expect("+OK\r\n", "SET", "only", "v");
        client.Expect("*2\r\n$1\r\n0\r\n*1\r\n$4\r\nonly\r\n", "SCAN", "0", "COUNT", "1000");
        client.Expect("*2\r\n$1\r\n0\r\n*1\r\n$4\r\nonly\r\n", "SCAN", "0", "MATCH", "o*", "COUNT", "1000", "TYPE", "STRING");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "SCAN", "0", "MATCH", "x*", "COUNT", "1000");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "SCAN", "0", "TYPE", "list", "COUNT", "1000");
        // An unknown type name matches nothing (Redis 7; Redis 8 makes it an error).
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "SCAN", "0", "TYPE", "stream", "COUNT", "1000");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "SCAN", "0", "TYPE", "nosuchtype", "COUNT", "1000");
        // A cursor past the last shard ends the scan (a negative cursor wraps, as C's strtoul makes it).
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "SCAN", "18446744073709551615");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "SCAN", "-1");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("*2\r\n$1\r\n0\r\n*1\r\n$4\r\nonly\r\n", "SCAN", "0", "COUNT", "1000");
    }

    [Fact]
    public void Scan_errors()
    {
        using var client = _server.Connect();
        client.Expect("-ERR invalid cursor\r\n", "SCAN", "abc");
        client.Expect("-ERR invalid cursor\r\n", "SCAN", "1x");
        client.Expect("-ERR invalid cursor\r\n", "SCAN", " 1");
        client.Expect("-ERR invalid cursor\r\n", "SCAN", "-");
        client.Expect("-ERR invalid cursor\r\n", "SCAN", "18446744073709551616");
        // The cursor is checked before the options.
        client.Expect("-ERR invalid cursor\r\n", "SCAN", "x", "COUNT", "0");
        client.Expect("-ERR syntax error\r\n", "SCAN", "0", "COUNT", "0");
        client.Expect("-ERR syntax error\r\n", "SCAN", "0", "COUNT", "-3");
        client.Expect("-ERR value is not an integer or out of range\r\n", "SCAN", "0", "COUNT", "ten");
        client.Expect("-ERR syntax error\r\n", "SCAN", "0", "MATCH");
        client.Expect("-ERR syntax error\r\n", "SCAN", "0", "COUNT");
        client.Expect("-ERR syntax error\r\n", "SCAN", "0", "TYPE");
        client.Expect("-ERR syntax error\r\n", "SCAN", "0", "LIMIT", "5");
        client.Expect("-ERR wrong number of arguments for 'scan' command\r\n", "SCAN");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("7")]
    [InlineData("50")]
    public void Scan_pages_through_hundreds_of_keys_and_returns_each(string? count)
    {
        using var client = _server.Connect();
        var expected = new HashSet<string>();
        for (int i = 0; i < 300; i++)
        {
            string key = "key:" + i.ToString(CultureInfo.InvariantCulture);
            expected.Add(key);
            client.Expect("+OK\r\n", "SET", key, "v");
        }
        var seen = new List<string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            var reply = count is null ? client.Call("SCAN", cursor) : client.Call("SCAN", cursor, "COUNT", count);
            Assert.Equal('*', reply.Type);
            Assert.Equal('$', reply.Items![0].Type);
            cursor = reply.Items[0].Text!;
            seen.AddRange(reply.Items[1].Items!.Select(k => k.Text!));
            calls++;
        }
        while (cursor != "0");
        Assert.True(calls > 1);
        Assert.Equal(expected.Count, seen.Count); // nothing changed meanwhile: each key exactly once
        Assert.True(expected.SetEquals(seen));
    }

    [Fact]
    public void Scan_with_match_collects_only_matching_keys_across_pages()
    {
        using var client = _server.Connect();
        for (int i = 0; i < 200; i++)
        {
            client.Expect("+OK\r\n", "SET", (i % 2 == 0 ? "even:" : "odd:") + i.ToString(CultureInfo.InvariantCulture), "v");
        }
        var seen = new HashSet<string>();
        string cursor = "0";
        do
        {
            var reply = client.Call("SCAN", cursor, "MATCH", "even:*", "COUNT", "9");
            cursor = reply.Items![0].Text!;
            seen.UnionWith(reply.Items[1].Items!.Select(k => k.Text!));
        }
        while (cursor != "0");
        Assert.Equal(100, seen.Count);
        Assert.All(seen, k => Assert.StartsWith("even:", k, StringComparison.Ordinal));
    }

    [Fact]
    public void Randomkey_and_dbsize()
    {
        using var client = _server.Connect();
        client.Expect("$-1\r\n", "RANDOMKEY");
        client.Expect(":0\r\n", "DBSIZE");
        client.Expect("+OK\r\n", "SET", "only", "v");
        client.Expect("$4\r\nonly\r\n", "RANDOMKEY");
        client.Expect(":1\r\n", "DBSIZE");
        client.Expect("+OK\r\n", "SET", "gone", "v", "PX", "10");
        client.Expect(":2\r\n", "DBSIZE");
        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        client.Expect(":2\r\n", "DBSIZE"); // not reclaimed yet, as in Redis
        for (int i = 0; i < 10; i++)
        {
            client.Expect("$4\r\nonly\r\n", "RANDOMKEY");
        }
        client.Expect(":1\r\n", "DEL", "only");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "RANDOMKEY");
        client.Expect("-ERR wrong number of arguments for 'randomkey' command\r\n", "RANDOMKEY", "x");
        client.Expect("-ERR wrong number of arguments for 'dbsize' command\r\n", "DBSIZE", "x");
    }

    [Fact]
    public void Flushdb_and_flushall_with_their_modes()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "a", "1");
        Engine(1).StringSet("b", "2");
        client.Expect("+OK\r\n", "FLUSHDB");
        client.Expect(":0\r\n", "DBSIZE");
        Assert.True(Engine(1).KeyExists("b"));
        client.Expect("+OK\r\n", "FLUSHDB", "ASYNC");
        client.Expect("+OK\r\n", "FLUSHDB", "sync");
        client.Expect("-ERR syntax error\r\n", "FLUSHDB", "NOW");
        client.Expect("-ERR syntax error\r\n", "FLUSHDB", "SYNC", "ASYNC");
        client.Expect("-ERR syntax error\r\n", "FLUSHALL", "LATER");
        client.Expect("-ERR syntax error\r\n", "FLUSHALL", "ASYNC", "ASYNC");
        Assert.True(Engine(1).KeyExists("b"));
        client.Expect("+OK\r\n", "FLUSHALL", "async");
        Assert.False(Engine(1).KeyExists("b"));
        client.Expect("+OK\r\n", "FLUSHALL", "SYNC");
        client.Expect("+OK\r\n", "FLUSHALL");
    }

    [Fact]
    public void Swapdb_exchanges_databases_for_every_client()
    {
        using var client = _server.Connect();
        using var other = _server.Connect();
        client.Expect("+OK\r\n", "SET", "a", "in0", "EX", "50");
        other.Expect("+OK\r\n", "SELECT", "1");
        other.Expect("+OK\r\n", "SET", "b", "in1");
        client.Expect("+OK\r\n", "SWAPDB", "0", "1");
        client.Expect("$3\r\nin1\r\n", "GET", "b");
        other.Expect("$3\r\nin0\r\n", "GET", "a");
        other.Expect(":50\r\n", "TTL", "a");
        client.Expect("+OK\r\n", "SWAPDB", "1", "1");
        client.Expect("+OK\r\n", "SWAPDB", "15", "0");
        client.Expect(":0\r\n", "DBSIZE");
    }

    [Fact]
    public void Swapdb_errors()
    {
        using var client = _server.Connect();
        client.Expect("-ERR invalid first DB index\r\n", "SWAPDB", "a", "1");
        client.Expect("-ERR invalid first DB index\r\n", "SWAPDB", "a", "b");
        client.Expect("-ERR invalid second DB index\r\n", "SWAPDB", "0", "b");
        client.Expect("-ERR invalid second DB index\r\n", "SWAPDB", "0", "2147483648");
        client.Expect("-ERR DB index is out of range\r\n", "SWAPDB", "0", "16");
        client.Expect("-ERR DB index is out of range\r\n", "SWAPDB", "-1", "0");
        client.Expect("-ERR wrong number of arguments for 'swapdb' command\r\n", "SWAPDB", "0");
    }

    [Fact]
    public void Flushall_inside_multi_runs_between_the_other_commands()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "old", "x");
        Engine(1).StringSet("elsewhere", "y");
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "SET", "a", "1");
        client.Expect("+QUEUED\r\n", "FLUSHALL");
        client.Expect("+QUEUED\r\n", "SET", "b", "2");
        client.Expect("*3\r\n+OK\r\n+OK\r\n+OK\r\n", "EXEC");
        client.Expect("$-1\r\n", "GET", "a");
        client.Expect("$-1\r\n", "GET", "old");
        client.Expect("$1\r\n2\r\n", "GET", "b");
        client.Expect(":1\r\n", "DBSIZE");
        Assert.Equal(0, Engine(1).DatabaseSize());
    }

    [Fact]
    public void Flushdb_inside_multi()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MSET", "a", "1", "b", "2");
        Engine(1).StringSet("elsewhere", "y");
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "DBSIZE");
        client.Expect("+QUEUED\r\n", "FLUSHDB", "ASYNC");
        client.Expect("+QUEUED\r\n", "DBSIZE");
        client.Expect("+QUEUED\r\n", "SET", "c", "3");
        client.Expect("*4\r\n:2\r\n+OK\r\n:0\r\n+OK\r\n", "EXEC");
        client.Expect("*1\r\n$1\r\nc\r\n", "KEYS", "*");
        Assert.True(Engine(1).KeyExists("elsewhere"));
    }

    [Fact]
    public void Swapdb_inside_multi()
    {
        using var client = _server.Connect();
        using var other = _server.Connect();
        client.Expect("+OK\r\n", "SET", "a", "in0");
        other.Expect("+OK\r\n", "SELECT", "1");
        other.Expect("+OK\r\n", "SET", "b", "in1");
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "GET", "a");
        client.Expect("+QUEUED\r\n", "SWAPDB", "0", "1");
        client.Expect("+QUEUED\r\n", "GET", "a");
        client.Expect("+QUEUED\r\n", "GET", "b");
        client.Expect("+QUEUED\r\n", "SET", "c", "new");
        client.Expect("+QUEUED\r\n", "SWAPDB", "0", "99");
        client.Expect("*6\r\n$3\r\nin0\r\n+OK\r\n$-1\r\n$3\r\nin1\r\n+OK\r\n-ERR DB index is out of range\r\n", "EXEC");
        Assert.Equal(["b", "c"], Texts(client.Call("KEYS", "*")));
        other.Expect("*1\r\n$1\r\na\r\n", "KEYS", "*");
    }

    [Fact]
    public void Copy_to_another_database_inside_multi()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v");
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "COPY", "k", "k", "DB", "2");
        client.Expect("+QUEUED\r\n", "DEL", "k");
        client.Expect("*2\r\n:1\r\n:1\r\n", "EXEC");
        Assert.Equal("v", Engine(2).StringGet("k").ToString());
    }

    [Fact]
    public void Flushall_and_swapdb_dirty_watched_keys()
    {
        using var client = _server.Connect();
        using var other = _server.Connect();
        foreach (string[] change in new string[][] { ["FLUSHALL"], ["FLUSHDB"], ["SWAPDB", "0", "1"], ["SWAPDB", "1", "0"] })
        {
            client.Expect("+OK\r\n", "SET", "w", "v");
            client.Expect("+OK\r\n", "WATCH", "w");
            Assert.Equal("OK", other.Call(change).Text);
            client.Expect("+OK\r\n", "MULTI");
            client.Expect("+QUEUED\r\n", "SET", "w", "mine");
            client.Expect("*-1\r\n", "EXEC");
            client.Expect("+OK\r\n", "FLUSHALL");
        }
        // Swapping two databases that do not hold the watched key leaves the watch clean.
        client.Expect("+OK\r\n", "WATCH", "w");
        other.Expect("+OK\r\n", "SWAPDB", "2", "3");
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "SET", "w", "mine");
        client.Expect("*1\r\n+OK\r\n", "EXEC");
    }
}
