namespace Mnemo.Server.Tests;

/// <summary>The ZRANGE family, ZRANGESTORE, ZREMRANGEBY*, ZUNION / ZINTER / ZDIFF and ZINTERCARD.</summary>
public sealed partial class SortedSetCommandTests
{
    private const string LimitNeedsBy = "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n";
    private const string WithScoresByLex = "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n";
    private const string MinMaxNotFloat = "-ERR min or max is not a float\r\n";
    private const string MinMaxNotLex = "-ERR min or max not valid string range item\r\n";

    [Fact]
    public void Zrange_by_rank_score_and_member_in_resp2()
    {
        using var client = _server.Connect();
        SeedAbc(client);
        client.Expect("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", "ZRANGE", "z", "0", "-1");
        client.Expect("*2\r\n$1\r\nc\r\n$1\r\nb\r\n", "ZRANGE", "z", "0", "1", "REV");
        client.Expect("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", "ZRANGE", "z", "0", "1", "WITHSCORES");
        client.Expect("*2\r\n$1\r\nb\r\n$1\r\nc\r\n", "ZRANGE", "z", "(1", "+inf", "BYSCORE");
        client.Expect("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", "ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "1", "1", "WITHSCORES");
        client.Expect("*0\r\n", "ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "5");
        client.Expect("*2\r\n$1\r\nb\r\n$1\r\nc\r\n", "ZRANGE", "z", "[b", "+", "BYLEX");
        client.Expect("*1\r\n$1\r\nb\r\n", "ZRANGE", "z", "+", "-", "BYLEX", "REV", "LIMIT", "1", "1");
        client.Expect("*0\r\n", "ZRANGE", "missing", "0", "-1");
        client.Expect("*0\r\n", "ZRANGE", "z", "5", "10");
    }

    [Fact]
    public void Withscores_pairs_are_nested_arrays_in_resp3()
    {
        using var client = _server.Connect();
        SeedAbc(client);
        Resp3(client);
        client.Expect("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n", "ZRANGE", "z", "0", "1", "WITHSCORES");
        client.Expect("*1\r\n*2\r\n$1\r\nc\r\n,3\r\n", "ZREVRANGE", "z", "0", "0", "WITHSCORES");
        client.Expect("*1\r\n*2\r\n$1\r\nc\r\n,3\r\n", "ZRANGEBYSCORE", "z", "3", "3", "WITHSCORES");
        client.Expect("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "ZRANGE", "z", "0", "1");
        client.Expect("*0\r\n", "ZRANGE", "missing", "0", "1", "WITHSCORES");
    }

    [Fact]
    public void Legacy_range_commands_fix_the_kind_and_direction()
    {
        using var client = _server.Connect();
        SeedAbc(client);
        client.Expect("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", "ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES", "LIMIT", "1", "1");
        client.Expect("*2\r\n$1\r\nc\r\n$1\r\nb\r\n", "ZREVRANGEBYSCORE", "z", "+inf", "(1");
        client.Expect("*2\r\n$1\r\nc\r\n$1\r\n3\r\n", "ZREVRANGE", "z", "0", "0", "WITHSCORES");
        client.Expect("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "ZRANGEBYLEX", "z", "-", "(c");
        client.Expect("*2\r\n$1\r\nc\r\n$1\r\nb\r\n", "ZREVRANGEBYLEX", "z", "+", "-", "LIMIT", "0", "2");
        client.Expect(Syntax, "ZRANGEBYSCORE", "z", "0", "1", "BYLEX");
        client.Expect(Syntax, "ZRANGEBYSCORE", "z", "0", "1", "REV");
        client.Expect(Syntax, "ZREVRANGE", "z", "0", "1", "REV");
        client.Expect(LimitNeedsBy, "ZREVRANGE", "z", "0", "1", "LIMIT", "0", "1");
        client.Expect(WithScoresByLex, "ZRANGEBYLEX", "z", "-", "+", "WITHSCORES");
        client.Expect(MinMaxNotLex, "ZREVRANGEBYLEX", "z", "c", "a");
        client.Expect(MinMaxNotFloat, "ZRANGEBYSCORE", "z", "a", "1");
    }

    [Fact]
    public void Zrange_option_errors()
    {
        using var client = _server.Connect();
        SeedAbc(client);
        client.Expect(LimitNeedsBy, "ZRANGE", "z", "0", "1", "LIMIT", "0", "1");
        client.Expect("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", "ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1");
        client.Expect(WithScoresByLex, "ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES");
        client.Expect(Syntax, "ZRANGE", "z", "0", "1", "LIMIT", "0");
        client.Expect(Syntax, "ZRANGE", "z", "0", "1", "BYSCORE", "FOO");
        client.Expect(NotInteger, "ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "x", "1");
        client.Expect(NotInteger, "ZRANGE", "z", "a", "1");
        client.Expect(NotInteger, "ZRANGE", "missing", "0", "1.5");
        client.Expect(MinMaxNotFloat, "ZRANGE", "z", "(a", "1", "BYSCORE");
        client.Expect(MinMaxNotLex, "ZRANGE", "z", "a", "+", "BYLEX");
        client.Expect("-ERR wrong number of arguments for 'zrange' command\r\n", "ZRANGE", "z", "0");
    }

    [Fact]
    public void Zrangestore_replaces_or_deletes_the_destination()
    {
        using var client = _server.Connect();
        SeedAbc(client);
        client.Expect("+OK\r\n", "SET", "dst", "v");
        client.Expect(":2\r\n", "ZRANGESTORE", "dst", "z", "0", "1");
        client.Expect("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", "ZRANGE", "dst", "0", "-1", "WITHSCORES");
        client.Expect(":1\r\n", "ZRANGESTORE", "dst", "z", "+inf", "(2", "BYSCORE", "REV");
        client.Expect("*1\r\n$1\r\nc\r\n", "ZRANGE", "dst", "0", "-1");
        client.Expect(":1\r\n", "ZRANGESTORE", "dst", "z", "[b", "+", "BYLEX", "LIMIT", "1", "5");
        client.Expect(Syntax, "ZRANGESTORE", "dst", "z", "0", "1", "WITHSCORES");
        client.Expect(LimitNeedsBy, "ZRANGESTORE", "dst", "z", "0", "1", "LIMIT", "0", "1");
        client.Expect(":0\r\n", "ZRANGESTORE", "dst", "missing", "0", "-1");
        client.Expect("$-1\r\n", "GET", "dst");
        client.Expect("-ERR wrong number of arguments for 'zrangestore' command\r\n", "ZRANGESTORE", "dst", "z", "0");
    }

    [Fact]
    public void Zremrangeby_rank_score_and_lex()
    {
        using var client = _server.Connect();
        client.Expect(":5\r\n", "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        client.Expect(":1\r\n", "ZREMRANGEBYRANK", "z", "-1", "-1");
        client.Expect(":0\r\n", "ZREMRANGEBYRANK", "z", "10", "20");
        client.Expect(":2\r\n", "ZREMRANGEBYSCORE", "z", "(1", "3");
        client.Expect(":1\r\n", "ZREMRANGEBYLEX", "z", "[a", "(b");
        client.Expect("*1\r\n$1\r\nd\r\n", "ZRANGE", "z", "0", "-1");
        client.Expect(NotInteger, "ZREMRANGEBYRANK", "z", "a", "1");
        client.Expect(MinMaxNotFloat, "ZREMRANGEBYSCORE", "missing", "x", "1");
        client.Expect(MinMaxNotLex, "ZREMRANGEBYLEX", "z", "a", "c");
        client.Expect(":0\r\n", "ZREMRANGEBYSCORE", "missing", "0", "1");
        client.Expect(":1\r\n", "ZREMRANGEBYLEX", "z", "-", "+");
        client.Expect("$-1\r\n", "GET", "z");
        client.Expect("-ERR wrong number of arguments for 'zremrangebyrank' command\r\n", "ZREMRANGEBYRANK", "z", "0");
    }

    [Fact]
    public void Zunion_zinter_zdiff_with_weights_aggregates_and_scores()
    {
        using var client = _server.Connect();
        client.Expect(":2\r\n", "ZADD", "a", "1", "x", "2", "y");
        client.Expect(":2\r\n", "ZADD", "b", "10", "y", "3", "z");
        client.Expect("*3\r\n$1\r\nx\r\n$1\r\nz\r\n$1\r\ny\r\n", "ZUNION", "2", "a", "b");
        client.Expect("*6\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n9\r\n$1\r\ny\r\n$2\r\n34\r\n", "ZUNION", "2", "a", "b", "WEIGHTS", "2", "3", "WITHSCORES");
        client.Expect("*2\r\n$1\r\ny\r\n$2\r\n10\r\n", "ZINTER", "2", "a", "b", "AGGREGATE", "MAX", "WITHSCORES");
        client.Expect("*1\r\n$1\r\nx\r\n", "ZDIFF", "2", "a", "b");
        client.Expect("*0\r\n", "ZINTER", "2", "a", "missing");
        Resp3(client);
        client.Expect("*2\r\n*2\r\n$1\r\nx\r\n,1\r\n*2\r\n$1\r\ny\r\n,2\r\n", "ZDIFF", "2", "a", "missing", "WITHSCORES");
        client.Expect("*1\r\n*2\r\n$1\r\ny\r\n,2\r\n", "ZINTER", "2", "a", "b", "AGGREGATE", "min", "WITHSCORES");
    }

    [Fact]
    public void Store_forms_and_zintercard()
    {
        using var client = _server.Connect();
        client.Expect(":3\r\n", "ZADD", "a", "1", "x", "2", "y", "3", "w");
        client.Expect(":2\r\n", "ZADD", "b", "10", "y", "1", "w");
        client.Expect("+OK\r\n", "SET", "d", "v");
        client.Expect(":3\r\n", "ZUNIONSTORE", "d", "2", "a", "b");
        client.Expect("*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\nw\r\n$1\r\n4\r\n$1\r\ny\r\n$2\r\n12\r\n", "ZRANGE", "d", "0", "-1", "WITHSCORES");
        client.Expect(":2\r\n", "ZINTERSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "-1");
        client.Expect("*4\r\n$1\r\ny\r\n$2\r\n-8\r\n$1\r\nw\r\n$1\r\n2\r\n", "ZRANGE", "d", "0", "-1", "WITHSCORES");
        client.Expect(":1\r\n", "ZDIFFSTORE", "d", "2", "a", "b");
        client.Expect(":0\r\n", "ZINTERSTORE", "d", "2", "a", "missing");
        client.Expect("$-1\r\n", "GET", "d");
        client.Expect(":2\r\n", "ZINTERCARD", "2", "a", "b");
        client.Expect(":1\r\n", "ZINTERCARD", "2", "a", "b", "LIMIT", "1");
        client.Expect(":2\r\n", "ZINTERCARD", "2", "a", "b", "limit", "0");
        client.Expect(":0\r\n", "ZINTERCARD", "2", "a", "missing");
    }

    [Fact]
    public void Plain_sets_are_inputs_with_score_one()
    {
        using var client = _server.Connect();
        _server.Server.Store.GetDatabase(0).SetAdd("s", ["x", "y"]);
        client.Expect(":2\r\n", "ZADD", "z", "5", "y", "7", "q");
        client.Expect("*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n6\r\n$1\r\nq\r\n$1\r\n7\r\n", "ZUNION", "2", "s", "z", "WITHSCORES");
        client.Expect("*2\r\n$1\r\ny\r\n$1\r\n5\r\n", "ZINTER", "2", "z", "s", "AGGREGATE", "MAX", "WITHSCORES");
        client.Expect("*1\r\n$1\r\nx\r\n", "ZDIFF", "2", "s", "z");
        client.Expect(":1\r\n", "ZINTERCARD", "2", "s", "z");
        client.Expect(":2\r\n", "ZUNIONSTORE", "d", "1", "s", "WEIGHTS", "3");
        client.Expect("*4\r\n$1\r\nx\r\n$1\r\n3\r\n$1\r\ny\r\n$1\r\n3\r\n", "ZRANGE", "d", "0", "-1", "WITHSCORES");
    }

    [Fact]
    public void Algebra_argument_errors_in_redis_order()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "ZADD", "a", "1", "x");
        client.Expect("+OK\r\n", "SET", "s", "v");
        client.Expect("-ERR at least 1 input key is needed for 'zunion' command\r\n", "ZUNION", "0", "a");
        client.Expect("-ERR at least 1 input key is needed for 'zinterstore' command\r\n", "ZINTERSTORE", "d", "0", "a");
        client.Expect("-ERR at least 1 input key is needed for 'zdiff' command\r\n", "ZDIFF", "-1", "a");
        client.Expect(NotInteger, "ZUNION", "x", "a");
        client.Expect(Syntax, "ZUNION", "3", "a", "b");
        client.Expect("-ERR weight value is not a float\r\n", "ZUNION", "1", "a", "WEIGHTS", "x");
        client.Expect(Syntax, "ZUNION", "2", "a", "b", "WEIGHTS", "1");
        client.Expect(Syntax, "ZINTER", "1", "a", "AGGREGATE", "AVG");
        client.Expect(Syntax, "ZDIFF", "1", "a", "WEIGHTS", "1");
        client.Expect(Syntax, "ZDIFF", "1", "a", "AGGREGATE", "MAX");
        client.Expect(Syntax, "ZUNIONSTORE", "d", "1", "a", "WITHSCORES");
        // The input keys' types are checked before the options are read.
        client.Expect(WrongType, "ZUNION", "2", "a", "s", "WEIGHTS", "x");
        client.Expect(WrongType, "ZINTERSTORE", "d", "1", "s", "BOGUS");
        client.Expect("-ERR numkeys should be greater than 0\r\n", "ZINTERCARD", "0", "a");
        client.Expect("-ERR numkeys should be greater than 0\r\n", "ZINTERCARD", "x", "a");
        client.Expect("-ERR Number of keys can't be greater than number of args\r\n", "ZINTERCARD", "3", "a", "b");
        client.Expect("-ERR LIMIT can't be negative\r\n", "ZINTERCARD", "1", "a", "LIMIT", "-1");
        client.Expect("-ERR LIMIT can't be negative\r\n", "ZINTERCARD", "1", "a", "LIMIT", "x");
        client.Expect(Syntax, "ZINTERCARD", "1", "a", "LIMIT");
        client.Expect(Syntax, "ZINTERCARD", "1", "a", "FOO", "1");
        client.Expect("$-1\r\n", "GET", "d");
    }
}
