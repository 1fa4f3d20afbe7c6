using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>MULTI/EXEC/WATCH with Redis's semantics.</summary>
public sealed class TransactionTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Exec_runs_the_queue_and_returns_every_reply()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "SET", "a", "1");
        client.Expect("+QUEUED\r\n", "INCR", "a");
        client.Expect("+QUEUED\r\n", "GET", "a");
        client.Expect("*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n", "EXEC");
    }

    [Fact]
    public void Runtime_errors_inside_exec_do_not_roll_back()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "s", "text");
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "INCR", "s");
        client.Expect("+QUEUED\r\n", "SET", "t", "done");
        client.Expect("*2\r\n-ERR value is not an integer or out of range\r\n+OK\r\n", "EXEC");
        client.Expect("$4\r\ndone\r\n", "GET", "t");
    }

    [Fact]
    public void Queueing_errors_abort_exec()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "SET", "a", "1");
        client.Expect("-ERR wrong number of arguments for 'get' command\r\n", "GET");
        client.Expect("-EXECABORT Transaction discarded because of previous errors.\r\n", "EXEC");
        client.Expect("$-1\r\n", "GET", "a");
    }

    [Fact]
    public void Watch_aborts_exec_when_another_client_writes()
    {
        using var client = _server.Connect();
        using var other = _server.Connect();
        client.Expect("+OK\r\n", "WATCH", "w");
        other.Expect("+OK\r\n", "SET", "w", "changed");
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "SET", "w", "mine");
        client.Expect("*-1\r\n", "EXEC");
        client.Expect("$7\r\nchanged\r\n", "GET", "w");
        // After EXEC the watch is gone: the next transaction commits.
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "SET", "w", "mine");
        client.Expect("*1\r\n+OK\r\n", "EXEC");
    }

    [Fact]
    public void Watch_sees_expiry()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "lease", "x", "PX", "100");
        client.Expect("+OK\r\n", "WATCH", "lease");
        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "SET", "lease", "renewed");
        client.Expect("*-1\r\n", "EXEC");
    }

    [Fact]
    public void Multi_errors()
    {
        using var client = _server.Connect();
        client.Expect("-ERR EXEC without MULTI\r\n", "EXEC");
        client.Expect("-ERR DISCARD without MULTI\r\n", "DISCARD");
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("-ERR MULTI calls can not be nested\r\n", "MULTI");
        client.Expect("-ERR WATCH inside MULTI is not allowed\r\n", "WATCH", "x");
        client.Expect("+OK\r\n", "DISCARD");
    }

    [Fact]
    public async Task Exec_is_isolated_from_concurrent_clients()
    {
        // Two keys always written together inside MULTI; readers in MULTI must never see them differ.
        using var writer = _server.Connect();
        var mismatches = 0;
        var reader = Task.Run(() =>
        {
            using var client = _server.Connect();
            for (int i = 0; i < 300; i++)
            {
                client.Call("MULTI");
                client.Call("GET", "x");
                client.Call("GET", "y");
                var result = client.Call("EXEC");
                if (result.Items![0].Text != result.Items[1].Text)
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        });
        for (int i = 0; i < 300; i++)
        {
            writer.Call("MULTI");
            writer.Call("SET", "x", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.Call("SET", "y", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.Call("EXEC");
        }
        await reader;
        Assert.Equal(0, mismatches);
    }
}
