using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>Exact reply bytes for connection and string commands, in RESP2 and RESP3.</summary>
public sealed class ConnectionAndStringTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Ping_echo_and_inline_commands()
    {
        using var client = _server.Connect();
        client.Expect("+PONG\r\n", "PING");
        client.Expect("$5\r\nhello\r\n", "PING", "hello");
        client.Expect("$3\r\nabc\r\n", "ECHO", "abc");
        client.SendRaw("PING\r\n");
        Assert.Equal("+PONG\r\n", client.ReadBytes(7));
        client.SendRaw("SET \"a b\" 'c d'\r\nGET \"a b\"\r\n");
        Assert.Equal("+OK\r\n$3\r\nc d\r\n", client.ReadBytes(14));
    }

    [Fact]
    public void Set_get_and_null_in_both_protocols()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v");
        client.Expect("$1\r\nv\r\n", "GET", "k");
        client.Expect("$-1\r\n", "GET", "missing");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "GET", "missing");
        client.Expect("$1\r\nv\r\n", "GET", "k");
    }

    [Fact]
    public void Set_options_and_their_errors()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v", "EX", "100");
        client.Expect("$-1\r\n", "SET", "k", "w", "NX");
        client.Expect("$1\r\nv\r\n", "SET", "k", "w", "XX", "GET");
        client.Expect("-ERR syntax error\r\n", "SET", "k", "v", "NX", "XX");
        client.Expect("-ERR syntax error\r\n", "SET", "k", "v", "EX", "10", "PX", "10");
        client.Expect("-ERR syntax error\r\n", "SET", "k", "v", "KEEPTTL", "EX", "10");
        client.Expect("-ERR syntax error\r\n", "SET", "k", "v", "EX");
        client.Expect("-ERR value is not an integer or out of range\r\n", "SET", "k", "v", "EX", "ten");
        client.Expect("-ERR invalid expire time in 'set' command\r\n", "SET", "k", "v", "EX", "0");
        client.Expect("-ERR invalid expire time in 'set' command\r\n", "SET", "k", "v", "PX", "-5");
        client.Expect("$1\r\nw\r\n", "GET", "k");
    }

    [Fact]
    public void Ttl_options_use_the_servers_clock()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v", "PX", "1500");
        client.Expect("+OK\r\n", "SETEX", "s", "2", "v");
        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        client.Expect("$1\r\nv\r\n", "GET", "k");
        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        client.Expect("$-1\r\n", "GET", "k");
        client.Expect("$-1\r\n", "GET", "s");
    }

    [Fact]
    public void Counters_and_their_errors()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "INCR", "n");
        client.Expect(":11\r\n", "INCRBY", "n", "10");
        client.Expect(":8\r\n", "DECRBY", "n", "3");
        client.Expect("$3\r\n8.5\r\n", "INCRBYFLOAT", "n", "0.5");
        client.Expect("+OK\r\n", "SET", "s", "abc");
        client.Expect("-ERR value is not an integer or out of range\r\n", "INCR", "s");
        client.Expect("-ERR value is not a valid float\r\n", "INCRBYFLOAT", "s", "1");
        client.Expect("+OK\r\n", "SET", "max", "9223372036854775807");
        client.Expect("-ERR increment or decrement would overflow\r\n", "INCR", "max");
    }

    [Fact]
    public void Mset_mget_msetnx_and_ranges()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MSET", "a", "1", "b", "2");
        client.Expect("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n", "MGET", "a", "missing", "b");
        client.Expect(":0\r\n", "MSETNX", "a", "x", "c", "3");
        client.Expect("-ERR wrong number of arguments for 'mset' command\r\n", "MSET", "a", "1", "b");
        client.Expect(":5\r\n", "APPEND", "h", "Hello");
        client.Expect(":11\r\n", "SETRANGE", "h", "5", " World");
        client.Expect("$5\r\nWorld\r\n", "GETRANGE", "h", "-5", "-1");
        client.Expect(":11\r\n", "STRLEN", "h");
    }

    [Fact]
    public void Unknown_command_and_arity_errors_use_redis_wording()
    {
        using var client = _server.Connect();
        client.Expect("-ERR unknown command 'NOPE', with args beginning with: 'a' 'b' \r\n", "NOPE", "a", "b");
        client.Expect("-ERR wrong number of arguments for 'get' command\r\n", "GET");
        client.Expect("-ERR wrong number of arguments for 'get' command\r\n", "GET", "a", "b");
    }

    [Fact]
    public void Select_and_database_isolation()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "db0");
        client.Expect("+OK\r\n", "SELECT", "5");
        client.Expect("$-1\r\n", "GET", "k");
        client.Expect("-ERR DB index is out of range\r\n", "SELECT", "16");
        client.Expect("-ERR value is not an integer or out of range\r\n", "SELECT", "x");
    }

    [Fact]
    public void Pipelined_commands_get_replies_in_order()
    {
        using var client = _server.Connect();
        var batch = new List<byte>();
        for (int i = 0; i < 1000; i++)
        {
            batch.AddRange(RawClient.Encode("INCR", "p"));
        }
        client.SendRaw(batch.ToArray());
        for (int i = 1; i <= 1000; i++)
        {
            Assert.Equal(i, client.Read().Integer);
        }
    }

    [Fact]
    public void Protocol_error_replies_and_closes_only_that_connection()
    {
        using var bad = _server.Connect();
        using var good = _server.Connect();
        good.Expect("+OK\r\n", "SET", "kept", "yes");
        bad.SendRaw("*1\r\n$abc\r\n");
        Assert.Equal("-ERR Protocol error: invalid bulk length\r\n", bad.ReadBytes(42));
        Assert.True(bad.IsClosedByServer());
        good.Expect("$3\r\nyes\r\n", "GET", "kept");
    }

    [Fact]
    public void Huge_bulk_header_without_data_does_not_allocate_it()
    {
        using var client = _server.Connect();
        long before = GC.GetTotalMemory(false);
        client.SendRaw("*2\r\n$3\r\nGET\r\n$536870000\r\nabc");
        Thread.Sleep(200);
        Assert.True(GC.GetTotalMemory(false) - before < 100_000_000);
        using var other = _server.Connect();
        other.Expect("+PONG\r\n", "PING");
    }

    [Fact]
    public void Quit_replies_ok_and_closes()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "QUIT");
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public async Task Auth_is_required_when_a_password_is_set()
    {
        await using var secured = await TestServer.StartAsync(o => o.RequirePassword = "s3cret");
        using var client = secured.Connect();
        client.Expect("-NOAUTH Authentication required.\r\n", "GET", "k");
        client.Expect("-WRONGPASS invalid username-password pair or user is disabled.\r\n", "AUTH", "wrong");
        client.Expect("+OK\r\n", "AUTH", "s3cret");
        client.Expect("$-1\r\n", "GET", "k");
        using var viaHello = secured.Connect();
        var hello = viaHello.Call("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "app");
        Assert.Equal('%', hello.Type);
        viaHello.Expect("_\r\n", "GET", "k");
    }

    [Fact]
    public void Hello_reports_protocol_and_rejects_unknown_versions()
    {
        using var client = _server.Connect();
        var hello = client.Call("HELLO", "2");
        Assert.Equal('*', hello.Type);
        Assert.Equal("proto", hello.Items![4].Text);
        Assert.Equal(2, hello.Items[5].Integer);
        client.Expect("-NOPROTO unsupported protocol version\r\n", "HELLO", "4");
    }
}
