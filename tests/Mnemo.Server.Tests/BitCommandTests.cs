using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>Exact reply bytes for SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP.</summary>
public sealed class BitCommandTests : IAsyncLifetime
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private const string Syntax = "-ERR syntax error\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private RawClient ConnectWithList()
    {
        _server.Server.Store.GetDatabase(0).ListRightPush("list", "x");
        return _server.Connect();
    }

    [Fact]
    public void Setbit_and_getbit()
    {
        using var client = _server.Connect();
        client.Expect(":0\r\n", "SETBIT", "k", "7", "1");
        client.Expect("$1\r\n\u0001\r\n", "GET", "k");
        client.Expect(":1\r\n", "SETBIT", "k", "7", "0");
        client.Expect(":0\r\n", "SETBIT", "k", "1", "1");
        client.Expect("$1\r\n@\r\n", "GET", "k");
        client.Expect(":0\r\n", "SETBIT", "k", "23", "1");
        client.Expect(":3\r\n", "STRLEN", "k");
        client.Expect(":1\r\n", "GETBIT", "k", "1");
        client.Expect(":0\r\n", "GETBIT", "k", "2");
        client.Expect(":1\r\n", "GETBIT", "k", "23");
        client.Expect(":0\r\n", "GETBIT", "k", "4294967295");
        client.Expect(":0\r\n", "GETBIT", "missing", "0");
        client.Expect("+OK\r\n", "SET", "t", "a");
        client.Expect(":0\r\n", "SETBIT", "t", "6", "1");
        client.Expect("$1\r\nc\r\n", "GET", "t");
    }

    [Fact]
    public void Setbit_and_getbit_errors()
    {
        using var client = ConnectWithList();
        const string Offset = "-ERR bit offset is not an integer or out of range\r\n";
        const string Bit = "-ERR bit is not an integer or out of range\r\n";
        client.Expect(Offset, "SETBIT", "k", "-1", "1");
        client.Expect(Offset, "SETBIT", "k", "4294967296", "1");
        client.Expect(Offset, "SETBIT", "k", "x", "1");
        client.Expect(Offset, "SETBIT", "k", "x", "2"); // the offset is checked first
        client.Expect(Bit, "SETBIT", "k", "0", "2");
        client.Expect(Bit, "SETBIT", "k", "0", "-1");
        client.Expect(Bit, "SETBIT", "k", "0", "one");
        client.Expect(Offset, "GETBIT", "k", "-1");
        client.Expect(Offset, "GETBIT", "k", "4294967296");
        client.Expect(Offset, "GETBIT", "k", "1.0");
        client.Expect(":0\r\n", "EXISTS", "k");
        client.Expect(WrongType, "SETBIT", "list", "0", "1");
        client.Expect(WrongType, "GETBIT", "list", "0");
        client.Expect("-ERR wrong number of arguments for 'setbit' command\r\n", "SETBIT", "k", "0");
        client.Expect("-ERR wrong number of arguments for 'getbit' command\r\n", "GETBIT", "k");
    }

    [Fact]
    public void Bitcount_with_byte_and_bit_ranges()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "foobar");
        client.Expect(":26\r\n", "BITCOUNT", "k");
        client.Expect(":4\r\n", "BITCOUNT", "k", "0", "0");
        client.Expect(":6\r\n", "BITCOUNT", "k", "1", "1");
        client.Expect(":6\r\n", "BITCOUNT", "k", "1", "1", "BYTE");
        client.Expect(":7\r\n", "BITCOUNT", "k", "-2", "-1");
        client.Expect(":17\r\n", "BITCOUNT", "k", "5", "30", "BIT");
        client.Expect(":17\r\n", "BITCOUNT", "k", "5", "30", "bit");
        client.Expect(":0\r\n", "BITCOUNT", "k", "-1", "-2");
        client.Expect(":0\r\n", "BITCOUNT", "k", "3", "1");
        client.Expect(":0\r\n", "BITCOUNT", "missing");
        client.Expect(":0\r\n", "BITCOUNT", "missing", "0", "10", "BIT");
    }

    [Fact]
    public void Bitcount_errors_even_for_a_missing_key()
    {
        using var client = ConnectWithList();
        client.Expect(Syntax, "BITCOUNT", "k", "0");
        client.Expect(Syntax, "BITCOUNT", "missing", "0");
        client.Expect(Syntax, "BITCOUNT", "k", "0", "1", "BITS");
        client.Expect(Syntax, "BITCOUNT", "k", "0", "1", "BIT", "extra");
        client.Expect(NotInteger, "BITCOUNT", "missing", "a", "1");
        client.Expect(NotInteger, "BITCOUNT", "missing", "0", "b");
        client.Expect(WrongType, "BITCOUNT", "list");
        client.Expect(WrongType, "BITCOUNT", "list", "0", "-1");
        client.Expect("-ERR wrong number of arguments for 'bitcount' command\r\n", "BITCOUNT");
    }

    [Fact]
    public void Bitpos_finds_set_and_clear_bits()
    {
        using var client = _server.Connect();
        client.Expect(":0\r\n", "SETBIT", "k", "0", "1");
        client.Expect(":0\r\n", "SETBIT", "k", "12", "1");   // 1000 0000 | 0000 1000
        client.Expect(":0\r\n", "BITPOS", "k", "1");
        client.Expect(":1\r\n", "BITPOS", "k", "0");
        client.Expect(":12\r\n", "BITPOS", "k", "1", "1");
        client.Expect(":12\r\n", "BITPOS", "k", "1", "1", "-1");
        client.Expect(":12\r\n", "BITPOS", "k", "1", "1", "15", "BIT");
        client.Expect(":-1\r\n", "BITPOS", "k", "1", "13", "15", "BIT");
        client.Expect(":8\r\n", "BITPOS", "k", "0", "1", "1", "BYTE");
        client.Expect("+OK\r\n", "SET", "ones", "\u007f");
        client.Expect(":0\r\n", "BITPOS", "ones", "0");
        client.Expect(":0\r\n", "SETBIT", "ones", "0", "1");
        client.Expect(":8\r\n", "BITPOS", "ones", "0");            // padded with zeros: just past the end
        client.Expect(":-1\r\n", "BITPOS", "ones", "0", "0", "-1"); // an explicit end: not found
        client.Expect(":-1\r\n", "BITPOS", "missing", "1");
        client.Expect(":0\r\n", "BITPOS", "missing", "0");
        client.Expect(":0\r\n", "BITPOS", "missing", "0", "5", "10", "BIT");
    }

    [Fact]
    public void Bitpos_errors()
    {
        using var client = ConnectWithList();
        client.Expect("-ERR The bit argument must be 1 or 0.\r\n", "BITPOS", "k", "2");
        client.Expect("-ERR The bit argument must be 1 or 0.\r\n", "BITPOS", "k", "-1", "x");
        client.Expect(NotInteger, "BITPOS", "k", "one");
        client.Expect(NotInteger, "BITPOS", "missing", "1", "x");
        client.Expect(NotInteger, "BITPOS", "missing", "1", "0", "y");
        client.Expect(Syntax, "BITPOS", "missing", "1", "0", "1", "BITS");
        client.Expect(Syntax, "BITPOS", "missing", "1", "0", "y", "BITS"); // the unit is checked before the end
        client.Expect(Syntax, "BITPOS", "missing", "1", "0", "1", "BIT", "extra");
        client.Expect(WrongType, "BITPOS", "list", "1");
        client.Expect("-ERR wrong number of arguments for 'bitpos' command\r\n", "BITPOS", "k");
    }

    [Fact]
    public void Bitop_combines_sources()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MSET", "a", "foobar", "b", "abcdef", "short", "\u000f");
        client.Expect(":6\r\n", "BITOP", "AND", "and", "a", "b");
        client.Expect("$6\r\n`bc`ab\r\n", "GET", "and");
        client.Expect(":6\r\n", "BITOP", "or", "or", "a", "b");
        client.Expect("$6\r\ngoofev\r\n", "GET", "or");
        client.Expect(":6\r\n", "BITOP", "Xor", "xor", "a", "b", "missing");
        client.Expect("$6\r\n\u0007\r\f\u0006\u0004\u0014\r\n", "GET", "xor");
        client.Expect(":1\r\n", "BITOP", "NOT", "not", "short");
        Assert.Equal([0xf0], client.Call("GET", "not").Bytes);
    }

    [Fact]
    public void Bitop_empty_result_deletes_the_destination_and_errors()
    {
        using var client = ConnectWithList();
        client.Expect("+OK\r\n", "SET", "dst", "old", "EX", "10");
        client.Expect(":0\r\n", "BITOP", "AND", "dst", "missing1", "missing2");
        client.Expect(":0\r\n", "EXISTS", "dst");
        client.Expect("+OK\r\n", "MSET", "x", "1", "y", "2", "dst", "keep");
        client.Expect("-ERR BITOP NOT must be called with a single source key.\r\n", "BITOP", "NOT", "dst", "x", "y");
        client.Expect(Syntax, "BITOP", "NAND", "dst", "x");
        client.Expect(Syntax, "BITOP", "DIFF", "dst", "x", "y");
        client.Expect(WrongType, "BITOP", "OR", "dst", "x", "list");
        client.Expect("$4\r\nkeep\r\n", "GET", "dst");
        client.Expect(":1\r\n", "BITOP", "OR", "list", "x"); // the destination may hold any type
        client.Expect("+string\r\n", "TYPE", "list");
        client.Expect("-ERR wrong number of arguments for 'bitop' command\r\n", "BITOP", "AND", "dst");
    }
}
