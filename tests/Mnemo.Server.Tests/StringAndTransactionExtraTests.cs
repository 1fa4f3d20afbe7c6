using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>Exact replies of the string and transaction commands the other suites do not send.</summary>
public sealed class StringAndTransactionExtraTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Setnx_getset_psetex_decr_substr()
    {
        using var client = _server.Connect();
        client.Expect(":1\r\n", "SETNX", "k", "hello world");
        client.Expect(":0\r\n", "SETNX", "k", "other");
        client.Expect("$5\r\nhello\r\n", "SUBSTR", "k", "0", "4");
        client.Expect("$5\r\nworld\r\n", "SUBSTR", "k", "-5", "-1");
        client.Expect("$11\r\nhello world\r\n", "GETSET", "k", "v2");
        client.Expect("$-1\r\n", "GETSET", "new", "v");
        client.Expect("+OK\r\n", "PSETEX", "p", "1500", "v");
        _server.Clock.Advance(TimeSpan.FromMilliseconds(1499));
        client.Expect("$1\r\nv\r\n", "GET", "p");
        _server.Clock.Advance(TimeSpan.FromMilliseconds(1));
        client.Expect("$-1\r\n", "GET", "p");
        client.Expect("-ERR invalid expire time in 'psetex' command\r\n", "PSETEX", "p", "0", "v");
        client.Expect(":-1\r\n", "DECR", "n");
        client.Expect(":-2\r\n", "DECR", "n");
        client.Expect("-ERR value is not an integer or out of range\r\n", "DECR", "k");
    }

    [Fact]
    public void Unwatch_forgets_watched_keys()
    {
        using var client = _server.Connect();
        using var other = _server.Connect();
        client.Expect("+OK\r\n", "WATCH", "w");
        client.Expect("+OK\r\n", "UNWATCH");
        other.Expect("+OK\r\n", "SET", "w", "changed");
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "SET", "w", "mine");
        client.Expect("*1\r\n+OK\r\n", "EXEC");
        client.Expect("$4\r\nmine\r\n", "GET", "w");
    }
}
