using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>SLOWLOG GET / LEN / RESET with slowlog-log-slower-than and slowlog-max-len.</summary>
public sealed class SlowlogTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Logs_commands_slower_than_the_threshold()
    {
        using var client = _server.Connect();
        client.Expect(":0\r\n", "SLOWLOG", "LEN");
        client.Expect("*0\r\n", "SLOWLOG", "GET");
        client.Expect("+OK\r\n", "CONFIG", "SET", "slowlog-log-slower-than", "0");
        client.Expect("+OK\r\n", "CLIENT", "SETNAME", "slowpoke");
        client.Expect("+OK\r\n", "SET", "k", "v");
        string addr = ClientCommandTests.Field(client.Call("CLIENT", "INFO").Text!, "addr");
        var entries = client.Call("SLOWLOG", "GET", "2").Items!;
        Assert.Equal(2, entries.Count);
        var info = entries[0].Items!;   // newest first: CLIENT INFO, then SET
        Assert.Equal(["CLIENT", "INFO"], info[3].Items!.Select(a => a.Text));
        var set = entries[1].Items!;
        Assert.Equal(6, set.Count);
        Assert.Equal(info[0].Integer - 1, set[0].Integer);
        Assert.Equal(1893456000, set[1].Integer);
        Assert.True(set[2].Integer >= 0);
        Assert.Equal(["SET", "k", "v"], set[3].Items!.Select(a => a.Text));
        Assert.Equal(addr, set[4].Text);
        Assert.Equal("slowpoke", set[5].Text);
        Assert.Equal(5, client.Call("SLOWLOG", "LEN").Integer); // CONFIG SET, SETNAME, SET, CLIENT INFO, SLOWLOG GET
        client.Expect("+OK\r\n", "SLOWLOG", "RESET");
        client.Expect(":1\r\n", "SLOWLOG", "LEN"); // the RESET itself
        Assert.Equal(2, client.Call("SLOWLOG", "GET", "-1").Items!.Count); // RESET, LEN
        client.Expect("-ERR count should be greater than or equal to -1\r\n", "SLOWLOG", "GET", "-2");
        client.Expect("-ERR value is not an integer or out of range\r\n", "SLOWLOG", "GET", "x");
        client.Expect("-ERR wrong number of arguments for 'slowlog|len' command\r\n", "SLOWLOG", "LEN", "x");
    }

    [Fact]
    public void Long_commands_are_trimmed_and_max_len_applies()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "3");
        var args = new List<string> { "MSET" };
        for (int i = 0; i < 20; i++)
        {
            args.Add("k" + i);
            args.Add(i == 0 ? new string('x', 200) : "v");
        }
        client.Expect("+OK\r\n", [.. args]);
        var logged = client.Call("SLOWLOG", "GET", "1").Items![0].Items![3].Items!.Select(a => a.Text).ToList();
        Assert.Equal(32, logged.Count);
        Assert.Equal("MSET", logged[0]);
        Assert.Equal(new string('x', 128) + "... (72 more bytes)", logged[2]);
        Assert.Equal("... (10 more arguments)", logged[31]);
        client.Call("PING");
        client.Call("PING");
        Assert.Equal(3, client.Call("SLOWLOG", "LEN").Integer);
        client.Expect("+OK\r\n", "CONFIG", "SET", "slowlog-max-len", "1");
        Assert.Equal(1, client.Call("SLOWLOG", "LEN").Integer);
        client.Expect("+OK\r\n", "CONFIG", "SET", "slowlog-log-slower-than", "-1");
        client.Expect("+OK\r\n", "SLOWLOG", "RESET");
        client.Call("PING");
        client.Expect(":0\r\n", "SLOWLOG", "LEN");
    }

    [Fact]
    public void Default_threshold_catches_a_slow_command()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "DEBUG", "SLEEP", "0.05");
        var entry = client.Call("SLOWLOG", "GET").Items!.Single().Items!;
        Assert.True(entry[2].Integer >= 10_000);
        Assert.Equal(["DEBUG", "SLEEP", "0.05"], entry[3].Items!.Select(a => a.Text));
    }
}
