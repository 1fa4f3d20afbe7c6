namespace Mnemo.Server.Tests;

/// <summary>ZPOPMIN, ZPOPMAX and ZMPOP (the blocking forms are in <c>SortedSetBlockingTests.cs</c>).</summary>
public sealed partial class SortedSetCommandTests
{
    [Fact]
    public void Zpopmin_and_zpopmax_in_resp2_are_flat()
    {
        using var client = _server.Connect();
        client.Expect(":4\r\n", "ZADD", "z", "1", "a", "2", "b", "3", "c", "4.5", "d");
        client.Expect("*2\r\n$1\r\na\r\n$1\r\n1\r\n", "ZPOPMIN", "z");
        client.Expect("*4\r\n$1\r\nd\r\n$3\r\n4.5\r\n$1\r\nc\r\n$1\r\n3\r\n", "ZPOPMAX", "z", "2");
        client.Expect("*0\r\n", "ZPOPMIN", "z", "0");
        client.Expect("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", "ZPOPMIN", "z", "10");
        client.Expect("*0\r\n", "ZPOPMIN", "z");
        client.Expect("*0\r\n", "ZPOPMAX", "z", "3");
        client.Expect("$-1\r\n", "GET", "z");
    }

    [Fact]
    public void Zpop_with_a_count_nests_pairs_in_resp3()
    {
        using var client = _server.Connect();
        client.Expect(":4\r\n", "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        Resp3(client);
        client.Expect("*2\r\n$1\r\na\r\n,1\r\n", "ZPOPMIN", "z");
        client.Expect("*2\r\n*2\r\n$1\r\nd\r\n,4\r\n*2\r\n$1\r\nc\r\n,3\r\n", "ZPOPMAX", "z", "2");
        client.Expect("*1\r\n*2\r\n$1\r\nb\r\n,2\r\n", "ZPOPMIN", "z", "1");
        client.Expect("*0\r\n", "ZPOPMIN", "z", "1");
    }

    [Fact]
    public void Zpop_argument_errors()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "ZADD", "z", "1", "a");
        client.Expect("-ERR value is out of range, must be positive\r\n", "ZPOPMIN", "z", "-1");
        client.Expect(NotInteger, "ZPOPMAX", "z", "x");
        client.Expect(Syntax, "ZPOPMIN", "z", "1", "2");
        client.Expect("-ERR wrong number of arguments for 'zpopmin' command\r\n", "ZPOPMIN");
        client.Expect(":1\r\n", "ZCARD", "z");
    }

    [Fact]
    public void Zmpop_pops_from_the_first_existing_key()
    {
        using var client = _server.Connect();
        client.Expect(":3\r\n", "ZADD", "z", "1", "a", "2", "b", "3", "c");
        client.Expect("*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", "ZMPOP", "2", "missing", "z", "MIN");
        client.Expect("*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n", "ZMPOP", "1", "z", "max", "COUNT", "5");
        client.Expect("*-1\r\n", "ZMPOP", "2", "z", "missing", "MIN");
        Resp3(client);
        client.Expect("_\r\n", "ZMPOP", "1", "z", "MIN");
        client.Expect(":1\r\n", "ZADD", "y", "0.5", "m");
        client.Expect("*2\r\n$1\r\ny\r\n*1\r\n*2\r\n$1\r\nm\r\n,0.5\r\n", "ZMPOP", "1", "y", "MIN", "COUNT", "1");
    }

    [Fact]
    public void Zmpop_argument_errors()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "ZADD", "z", "1", "a");
        client.Expect("+OK\r\n", "SET", "s", "v");
        const string numKeys = "-ERR numkeys should be greater than 0\r\n";
        const string count = "-ERR count should be greater than 0\r\n";
        client.Expect(numKeys, "ZMPOP", "0", "z", "MIN");
        client.Expect(numKeys, "ZMPOP", "x", "z", "MIN");
        client.Expect(Syntax, "ZMPOP", "2", "z", "MIN");
        client.Expect(Syntax, "ZMPOP", "1", "z", "MID");
        client.Expect(count, "ZMPOP", "1", "z", "MIN", "COUNT", "0");
        client.Expect(count, "ZMPOP", "1", "z", "MIN", "COUNT", "x");
        client.Expect(Syntax, "ZMPOP", "1", "z", "MIN", "COUNT");
        client.Expect(Syntax, "ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1");
        client.Expect(WrongType, "ZMPOP", "2", "s", "z", "MIN");
        client.Expect("-ERR wrong number of arguments for 'zmpop' command\r\n", "ZMPOP", "1", "z");
        client.Expect(":1\r\n", "ZCARD", "z");
    }
}
