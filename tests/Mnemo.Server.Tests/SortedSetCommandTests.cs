using Mnemo.Server.Commands;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// Exact reply bytes of the sorted-set commands in RESP2 and RESP3 (scores as doubles, WITHSCORES
/// pairs nested in RESP3). Ranges and algebra are in <c>SortedSetCommandTests.Ranges.cs</c>, pops in
/// <c>SortedSetCommandTests.Pop.cs</c>, blocking pops in <c>SortedSetBlockingTests.cs</c>.
/// </summary>
public sealed partial class SortedSetCommandTests : IAsyncLifetime
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private const string Syntax = "-ERR syntax error\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";
    private const string NotFloat = "-ERR value is not a valid float\r\n";

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static void Resp3(RawClient client) => Assert.Equal('%', client.Call("HELLO", "3").Type);

    /// <summary>z: a=1, b=2, c=3 (the reply bytes of ZADD checked).</summary>
    private static void SeedAbc(RawClient client, string key = "z") => client.Expect(":3\r\n", "ZADD", key, "1", "a", "2", "b", "3", "c");

    [Fact]
    public void Zadd_counts_added_or_changed_members()
    {
        using var client = _server.Connect();
        client.Expect(":2\r\n", "ZADD", "z", "1", "a", "2", "b");
        client.Expect(":1\r\n", "ZADD", "z", "5", "a", "2", "b", "3", "c");
        client.Expect(":2\r\n", "ZADD", "z", "CH", "6", "a", "2", "b", "4", "d");
        client.Expect(":1\r\n", "ZADD", "z", "nx", "10", "a", "4", "e");
        client.Expect(":0\r\n", "ZADD", "z", "XX", "10", "f");
        client.Expect(":0\r\n", "ZADD", "z", "XX", "CH", "6", "a");
        client.Expect(":1\r\n", "ZADD", "z", "XX", "CH", "7", "a");
        client.Expect(":0\r\n", "ZADD", "z", "GT", "CH", "1", "a");
        client.Expect(":1\r\n", "ZADD", "z", "GT", "CH", "8", "a");
        client.Expect(":1\r\n", "ZADD", "z", "LT", "CH", "-1.5", "a");
        client.Expect(":1\r\n", "ZADD", "z", "LT", "1", "new");
        client.Expect("$4\r\n-1.5\r\n", "ZSCORE", "z", "a");
        client.Expect(":0\r\n", "ZADD", "missing", "XX", "1", "a");
        client.Expect("$-1\r\n", "GET", "missing"); // gone (GET of a sorted set would be WRONGTYPE)
    }

    [Fact]
    public void Zadd_incr_replies_the_score_or_nil()
    {
        using var client = _server.Connect();
        client.Expect("$3\r\n1.5\r\n", "ZADD", "z", "INCR", "1.5", "a");
        client.Expect("$1\r\n4\r\n", "ZADD", "z", "incr", "2.5", "a");
        client.Expect("$-1\r\n", "ZADD", "z", "NX", "INCR", "1", "a");
        client.Expect("$-1\r\n", "ZADD", "z", "XX", "INCR", "1", "b");
        client.Expect("$-1\r\n", "ZADD", "z", "GT", "INCR", "-1", "a");
        client.Expect("$3\r\ninf\r\n", "ZADD", "z", "INCR", "+inf", "a");
        client.Expect("-ERR resulting score is not a number (NaN)\r\n", "ZADD", "z", "INCR", "-inf", "a");
        Resp3(client);
        client.Expect(",-inf\r\n", "ZADD", "z", "INCR", "-inf", "b");
        client.Expect(",0.1\r\n", "ZADD", "z", "INCR", "0.1", "c");
        client.Expect("_\r\n", "ZADD", "z", "NX", "INCR", "1", "c");
    }

    [Fact]
    public void Zadd_option_errors_in_redis_order()
    {
        using var client = _server.Connect();
        client.Expect("-ERR wrong number of arguments for 'zadd' command\r\n", "ZADD", "z", "1");
        client.Expect(Syntax, "ZADD", "z", "1", "a", "2");
        client.Expect(Syntax, "ZADD", "z", "NX", "XX", "1");
        client.Expect(Syntax, "ZADD", "z", "CH", "CH");
        client.Expect("-ERR XX and NX options at the same time are not compatible\r\n", "ZADD", "z", "NX", "XX", "1", "a");
        client.Expect("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n", "ZADD", "z", "GT", "LT", "1", "a");
        client.Expect("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n", "ZADD", "z", "NX", "GT", "1", "a");
        client.Expect("-ERR INCR option supports a single increment-element pair\r\n", "ZADD", "z", "INCR", "1", "a", "2", "b");
        client.Expect(NotFloat, "ZADD", "z", "1", "a", "x", "b");
        client.Expect(NotFloat, "ZADD", "z", "nan", "a");
        client.Expect(NotFloat, "ZADD", "z", "1e400", "a");
        client.Expect("$-1\r\n", "GET", "z"); // gone (GET of a sorted set would be WRONGTYPE)
        client.Expect("+OK\r\n", "SET", "s", "v");
        client.Expect(WrongType, "ZADD", "s", "1", "a");
        client.Expect(NotFloat, "ZADD", "s", "x", "a");
    }

    [Fact]
    public void Zincrby_and_its_errors()
    {
        using var client = _server.Connect();
        client.Expect("$3\r\n2.5\r\n", "ZINCRBY", "z", "2.5", "m");
        client.Expect("$2\r\n-1\r\n", "ZINCRBY", "z", "-3.5", "m");
        client.Expect(NotFloat, "ZINCRBY", "z", "x", "m");
        client.Expect(Syntax, "ZINCRBY", "z", "nx", "m");
        client.Expect("$3\r\ninf\r\n", "ZINCRBY", "z", "inf", "i");
        client.Expect("-ERR resulting score is not a number (NaN)\r\n", "ZINCRBY", "z", "-inf", "i");
        client.Expect("-ERR wrong number of arguments for 'zincrby' command\r\n", "ZINCRBY", "z", "1");
        Resp3(client);
        client.Expect(",1e+20\r\n", "ZINCRBY", "z", "1e20", "big");
        client.Expect(",1.5e-7\r\n", "ZINCRBY", "z", "0.00000015", "small");
    }

    [Fact]
    public void Zscore_zmscore_zcard_and_zrem()
    {
        using var client = _server.Connect();
        client.Expect(":3\r\n", "ZADD", "z", "1", "a", "2.5", "b", "-inf", "c");
        client.Expect("$1\r\n1\r\n", "ZSCORE", "z", "a");
        client.Expect("$4\r\n-inf\r\n", "ZSCORE", "z", "c");
        client.Expect("$-1\r\n", "ZSCORE", "z", "x");
        client.Expect("$-1\r\n", "ZSCORE", "missing", "x");
        client.Expect("*3\r\n$1\r\n1\r\n$-1\r\n$3\r\n2.5\r\n", "ZMSCORE", "z", "a", "x", "b");
        client.Expect("*2\r\n$-1\r\n$-1\r\n", "ZMSCORE", "missing", "a", "b");
        client.Expect(":3\r\n", "ZCARD", "z");
        client.Expect(":0\r\n", "ZCARD", "missing");
        Resp3(client);
        client.Expect(",2.5\r\n", "ZSCORE", "z", "b");
        client.Expect(",-inf\r\n", "ZSCORE", "z", "c");
        client.Expect("_\r\n", "ZSCORE", "z", "x");
        client.Expect("*3\r\n,1\r\n_\r\n,2.5\r\n", "ZMSCORE", "z", "a", "x", "b");
        client.Expect(":2\r\n", "ZREM", "z", "a", "x", "b", "a");
        client.Expect(":0\r\n", "ZREM", "missing", "a");
        client.Expect(":1\r\n", "ZREM", "z", "c");
        client.Expect("_\r\n", "GET", "z"); // gone (GET of a sorted set would be WRONGTYPE)
        client.Expect("-ERR wrong number of arguments for 'zrem' command\r\n", "ZREM", "z");
        client.Expect("-ERR wrong number of arguments for 'zmscore' command\r\n", "ZMSCORE", "z");
    }

    [Fact]
    public void Every_command_on_a_string_is_wrongtype()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "s", "v");
        string[][] commands =
        [
            ["ZINCRBY", "s", "1", "a"], ["ZREM", "s", "a"], ["ZSCORE", "s", "a"], ["ZMSCORE", "s", "a"], ["ZCARD", "s"],
            ["ZCOUNT", "s", "0", "1"], ["ZLEXCOUNT", "s", "-", "+"], ["ZRANGE", "s", "0", "-1"], ["ZRANGEBYSCORE", "s", "0", "1"],
            ["ZREVRANGE", "s", "0", "1"], ["ZRANGEBYLEX", "s", "-", "+"], ["ZRANGESTORE", "d", "s", "0", "-1"], ["ZRANK", "s", "a"],
            ["ZREVRANK", "s", "a", "WITHSCORE"], ["ZREMRANGEBYRANK", "s", "0", "1"], ["ZREMRANGEBYSCORE", "s", "0", "1"],
            ["ZREMRANGEBYLEX", "s", "-", "+"], ["ZPOPMIN", "s"], ["ZPOPMAX", "s", "0"], ["ZMPOP", "1", "s", "MIN"],
            ["ZRANDMEMBER", "s"], ["ZRANDMEMBER", "s", "2"], ["ZUNION", "1", "s"], ["ZINTERSTORE", "d", "1", "s"],
            ["ZDIFF", "2", "missing", "s"], ["ZINTERCARD", "1", "s"], ["ZSCAN", "s", "0"], ["BZPOPMIN", "s", "1"],
        ];
        foreach (var command in commands)
        {
            client.Expect(WrongType, command);
        }
        client.Expect("$1\r\nv\r\n", "GET", "s");
        client.Expect("$-1\r\n", "GET", "d"); // gone (GET of a sorted set would be WRONGTYPE)
    }

    [Fact]
    public void Zcount_and_zlexcount_parse_ranges_before_the_key()
    {
        using var client = _server.Connect();
        SeedAbc(client);
        client.Expect(":2\r\n", "ZCOUNT", "z", "(1", "3");
        client.Expect(":3\r\n", "ZCOUNT", "z", "-inf", "+inf");
        client.Expect(":0\r\n", "ZCOUNT", "z", "3", "1");
        client.Expect(":0\r\n", "ZCOUNT", "missing", "0", "1");
        client.Expect("-ERR min or max is not a float\r\n", "ZCOUNT", "missing", "a", "1");
        client.Expect("-ERR min or max is not a float\r\n", "ZCOUNT", "z", "1", "((2");
        client.Expect(":4\r\n", "ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d");
        client.Expect(":2\r\n", "ZLEXCOUNT", "l", "[b", "(d");
        client.Expect(":4\r\n", "ZLEXCOUNT", "l", "-", "+");
        client.Expect(":0\r\n", "ZLEXCOUNT", "missing", "-", "+");
        client.Expect("-ERR min or max not valid string range item\r\n", "ZLEXCOUNT", "l", "b", "[d");
        client.Expect("-ERR min or max not valid string range item\r\n", "ZLEXCOUNT", "missing", "[a", "d");
    }

    [Fact]
    public void Zrank_and_zrevrank_with_score()
    {
        using var client = _server.Connect();
        SeedAbc(client);
        client.Expect(":2\r\n", "ZRANK", "z", "c");
        client.Expect(":0\r\n", "ZREVRANK", "z", "c");
        client.Expect("*2\r\n:1\r\n$1\r\n2\r\n", "ZRANK", "z", "b", "WITHSCORE");
        client.Expect("*2\r\n:2\r\n$1\r\n1\r\n", "ZREVRANK", "z", "a", "withscore");
        client.Expect("$-1\r\n", "ZRANK", "z", "x");
        client.Expect("*-1\r\n", "ZRANK", "z", "x", "WITHSCORE");
        client.Expect("*-1\r\n", "ZREVRANK", "missing", "x", "WITHSCORE");
        client.Expect(Syntax, "ZRANK", "z", "a", "WITHSCORES");
        client.Expect("-ERR wrong number of arguments for 'zrank' command\r\n", "ZRANK", "z", "a", "WITHSCORE", "x");
        client.Expect("-ERR wrong number of arguments for 'zrevrank' command\r\n", "ZREVRANK", "z");
        Resp3(client);
        client.Expect("*2\r\n:1\r\n,2\r\n", "ZRANK", "z", "b", "WITHSCORE");
        client.Expect("_\r\n", "ZRANK", "z", "x", "WITHSCORE");
        client.Expect("_\r\n", "ZREVRANK", "z", "x");
    }

    [Fact]
    public void Zrandmember_with_and_without_count()
    {
        using var client = _server.Connect();
        client.Expect("$-1\r\n", "ZRANDMEMBER", "missing");
        client.Expect("*0\r\n", "ZRANDMEMBER", "missing", "3");
        client.Expect("*0\r\n", "ZRANDMEMBER", "missing", "-3", "WITHSCORES");
        client.Expect(":1\r\n", "ZADD", "one", "1.5", "a");
        client.Expect("$1\r\na\r\n", "ZRANDMEMBER", "one");
        client.Expect("*0\r\n", "ZRANDMEMBER", "one", "0");
        client.Expect("*1\r\n$1\r\na\r\n", "ZRANDMEMBER", "one", "5");
        client.Expect("*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n", "ZRANDMEMBER", "one", "-3");
        client.Expect("*2\r\n$1\r\na\r\n$3\r\n1.5\r\n", "ZRANDMEMBER", "one", "1", "WITHSCORES");
        client.Expect("*4\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\na\r\n$3\r\n1.5\r\n", "ZRANDMEMBER", "one", "-2", "WITHSCORES");
        client.Expect(NotInteger, "ZRANDMEMBER", "one", "x");
        client.Expect(Syntax, "ZRANDMEMBER", "one", "1", "SCORES");
        client.Expect(Syntax, "ZRANDMEMBER", "one", "1", "WITHSCORES", "x");
        client.Expect("-ERR value is out of range, must be between -9223372036854775807 and 9223372036854775807\r\n", "ZRANDMEMBER", "one", "-9223372036854775808", "x");
        client.Expect("-ERR value is out of range\r\n", "ZRANDMEMBER", "one", "9223372036854775807", "WITHSCORES");
        Resp3(client);
        client.Expect("*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n", "ZRANDMEMBER", "one", "1", "WITHSCORES");
        client.Expect("*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\na\r\n,1.5\r\n", "ZRANDMEMBER", "one", "-2", "WITHSCORES");
        client.Expect("_\r\n", "ZRANDMEMBER", "missing");
    }

    [Fact]
    public void Zscan_replies_members_and_scores_as_bulk_strings()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "ZADD", "z", "1.5", "apple");
        client.Expect("*2\r\n$1\r\n0\r\n*2\r\n$5\r\napple\r\n$3\r\n1.5\r\n", "ZSCAN", "z", "0");
        client.Expect("*2\r\n$1\r\n0\r\n*2\r\n$5\r\napple\r\n$3\r\n1.5\r\n", "ZSCAN", "z", "0", "MATCH", "a*", "COUNT", "5");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "ZSCAN", "z", "0", "match", "b*");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "ZSCAN", "missing", "0");
        Resp3(client);
        client.Expect("*2\r\n$1\r\n0\r\n*2\r\n$5\r\napple\r\n$3\r\n1.5\r\n", "ZSCAN", "z", "0");
    }

    [Fact]
    public void Zscan_checks_the_cursor_then_the_key_then_the_options()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "ZADD", "z", "1", "a");
        client.Expect("+OK\r\n", "SET", "s", "v");
        client.Expect("-ERR invalid cursor\r\n", "ZSCAN", "z", "x");
        client.Expect("-ERR invalid cursor\r\n", "ZSCAN", "missing", " 1");
        client.Expect("-ERR invalid cursor\r\n", "ZSCAN", "z", "18446744073709551616");
        client.Expect(Syntax, "ZSCAN", "z", "0", "COUNT", "0");
        client.Expect(NotInteger, "ZSCAN", "z", "0", "COUNT", "x");
        client.Expect(Syntax, "ZSCAN", "z", "0", "MATCH");
        client.Expect(Syntax, "ZSCAN", "z", "0", "TYPE", "zset");
        client.Expect("*2\r\n$1\r\n0\r\n*0\r\n", "ZSCAN", "missing", "0", "COUNT", "0");
        client.Expect(WrongType, "ZSCAN", "s", "0", "COUNT", "0");
        // strtoul's cursor: "-1" and "+0" are accepted, as Redis accepts them.
        Assert.Equal(2, client.Call("ZSCAN", "z", "-1").Items!.Count);
        client.Expect("*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", "ZSCAN", "z", "+0");
    }

    [Fact]
    public void Command_table_entries_follow_command_info()
    {
        var table = _server.Server.Commands;
        void Check(string name, int arity, CommandFlags flags, int first, int last, int step)
        {
            var spec = table.Find(name)!;
            Assert.Equal((arity, flags, first, last, step), (spec.Arity, spec.Flags, spec.FirstKey, spec.LastKey, spec.Step));
        }
        Check("ZADD", -4, CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.Fast, 1, 1, 1);
        Check("ZRANGE", -4, CommandFlags.ReadOnly, 1, 1, 1);
        Check("ZRANGESTORE", -5, CommandFlags.Write | CommandFlags.DenyOom, 1, 2, 1);
        Check("ZUNION", -3, CommandFlags.ReadOnly, 0, 0, 0);
        Check("ZINTERSTORE", -4, CommandFlags.Write | CommandFlags.DenyOom, 1, 1, 1);
        Check("ZSCORE", 3, CommandFlags.ReadOnly | CommandFlags.Fast, 1, 1, 1);
        Check("ZPOPMIN", -2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1);
        Check("ZMPOP", -4, CommandFlags.Write, 0, 0, 0);
        Check("BZPOPMAX", -3, CommandFlags.Write | CommandFlags.NoScript | CommandFlags.Fast | CommandFlags.Blocking, 1, -2, 1);
        Check("BZMPOP", -5, CommandFlags.Write | CommandFlags.Blocking, 0, 0, 0);
        Assert.NotNull(table.Find("BZPOPMIN")!.AsyncHandler);
        Assert.Equal(35, table.All.Count(s => s.Name.StartsWith('Z') || s.Name.StartsWith("BZ", StringComparison.Ordinal)));
    }
}
