using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>MONITOR: every command of other clients as "+time [db addr] "arg"..." lines.</summary>
public sealed class MonitorTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Monitor_receives_commands_of_others()
    {
        using var monitor = _server.Connect();
        using var other = _server.Connect();
        string addr = ClientCommandTests.Field(other.Call("CLIENT", "INFO").Text!, "addr");
        monitor.Expect("+OK\r\n", "MONITOR");
        other.Expect("+OK\r\n", "SET", "k", "v");
        other.Expect("+OK\r\n", "SELECT", "2");
        other.SendRaw([.. RawClient.Encode("SET", "a b", "x\"y\n"), .. "*2\r\n$3\r\nGET\r\n$2\r\n\x01\\\r\n"u8]);
        Assert.Equal("+OK\r\n$-1\r\n", other.ReadBytes(10));
        other.Expect("*2\r\n$2\r\nhz\r\n$2\r\n10\r\n", "CONFIG", "GET", "hz"); // admin: not shown
        other.Expect("+OK\r\n", "MULTI");
        other.Expect("+QUEUED\r\n", "INCR", "n");
        other.Expect("*1\r\n:1\r\n", "EXEC");
        other.Expect("-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n", "AUTH", "secret");
        string prefix = "+1893456000.000000 [";
        string[] expected =
        [
            $"{prefix}0 {addr}] \"SET\" \"k\" \"v\"",
            $"{prefix}2 {addr}] \"SELECT\" \"2\"", // fed after it ran, as Redis 7 does
            $"{prefix}2 {addr}] \"SET\" \"a b\" \"x\\\"y\\n\"",
            $"{prefix}2 {addr}] \"GET\" \"\\x01\\\\\"",
            $"{prefix}2 {addr}] \"MULTI\"",
            $"{prefix}2 {addr}] \"INCR\" \"n\"",
            $"{prefix}2 {addr}] \"AUTH\" \"(redacted)\"",
        ];
        foreach (var line in expected)
        {
            monitor.ExpectIncoming(line + "\r\n");
        }
        Assert.Contains("flags=O", monitor.Call("CLIENT", "INFO").Text);
    }

    [Fact]
    public void Reset_ends_monitoring()
    {
        using var monitor = _server.Connect();
        using var other = _server.Connect();
        monitor.Expect("+OK\r\n", "MONITOR");
        monitor.Expect("+RESET\r\n", "RESET");
        other.Expect("+OK\r\n", "SET", "k", "v");
        monitor.Expect("+PONG\r\n", "PING");
    }
}
