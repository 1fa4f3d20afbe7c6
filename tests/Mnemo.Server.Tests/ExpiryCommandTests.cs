using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>Exact reply bytes for EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST.</summary>
public sealed class ExpiryCommandTests : IAsyncLifetime
{
    // The test clock starts at 2030-01-01T00:00:00Z.
    private const string NowSeconds = "1893456000";
    private const string NowMs = "1893456000000";

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Expire_and_ttl_count_down_on_the_servers_clock()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v");
        client.Expect(":1\r\n", "EXPIRE", "k", "10");
        client.Expect(":10\r\n", "TTL", "k");
        client.Expect(":10000\r\n", "PTTL", "k");
        client.Expect(":1893456010\r\n", "EXPIRETIME", "k");
        client.Expect(":1893456010000\r\n", "PEXPIRETIME", "k");
        _server.Clock.Advance(TimeSpan.FromMilliseconds(8_600));
        client.Expect(":1\r\n", "TTL", "k"); // 1.4 s rounds to 1
        client.Expect(":1400\r\n", "PTTL", "k");
        client.Expect(":1\r\n", "PEXPIRE", "k", "2500");
        client.Expect(":3\r\n", "TTL", "k"); // 2.5 s rounds up
        _server.Clock.Advance(TimeSpan.FromMilliseconds(2_500));
        client.Expect("$-1\r\n", "GET", "k");
        client.Expect(":-2\r\n", "TTL", "k");
        client.Expect(":-2\r\n", "PTTL", "k");
        client.Expect(":-2\r\n", "EXPIRETIME", "k");
        client.Expect(":-2\r\n", "PEXPIRETIME", "k");
    }

    [Fact]
    public void Keys_without_expiry_and_missing_keys()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "plain", "v");
        client.Expect(":-1\r\n", "TTL", "plain");
        client.Expect(":-1\r\n", "PTTL", "plain");
        client.Expect(":-1\r\n", "EXPIRETIME", "plain");
        client.Expect(":-1\r\n", "PEXPIRETIME", "plain");
        client.Expect(":0\r\n", "EXPIRE", "missing", "10");
        client.Expect(":0\r\n", "PEXPIREAT", "missing", "1");
        client.Expect(":0\r\n", "PERSIST", "missing");
        client.Expect(":0\r\n", "PERSIST", "plain");
        client.Expect(":0\r\n", "EXISTS", "missing");
    }

    [Fact]
    public void Absolute_times()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MSET", "a", "1", "b", "2");
        client.Expect(":1\r\n", "EXPIREAT", "a", "1893456100");
        client.Expect(":100\r\n", "TTL", "a");
        client.Expect(":1893456100\r\n", "EXPIRETIME", "a");
        client.Expect(":1\r\n", "PEXPIREAT", "b", "1893456000999");
        client.Expect(":999\r\n", "PTTL", "b");
        client.Expect(":1893456000\r\n", "EXPIRETIME", "b"); // seconds truncate
        client.Expect(":1893456000999\r\n", "PEXPIRETIME", "b");
    }

    [Fact]
    public void A_time_not_in_the_future_deletes_the_key_and_replies_1()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MSET", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
        client.Expect(":1\r\n", "EXPIRE", "a", "0");
        client.Expect(":1\r\n", "PEXPIRE", "b", "-5000");
        client.Expect(":1\r\n", "EXPIREAT", "c", NowSeconds);
        client.Expect(":1\r\n", "PEXPIREAT", "d", NowMs);
        client.Expect(":1\r\n", "EXPIREAT", "e", "-1");
        client.Expect(":0\r\n", "DBSIZE");
    }

    [Fact]
    public void Nx_xx_gt_lt_conditions()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v");
        client.Expect(":0\r\n", "EXPIRE", "k", "10", "XX");
        client.Expect(":0\r\n", "EXPIRE", "k", "10", "GT");
        client.Expect(":1\r\n", "EXPIRE", "k", "10", "nx");
        client.Expect(":0\r\n", "EXPIRE", "k", "20", "NX");
        client.Expect(":1\r\n", "EXPIRE", "k", "20", "XX");
        client.Expect(":0\r\n", "EXPIRE", "k", "15", "GT");
        client.Expect(":1\r\n", "PEXPIRE", "k", "25000", "GT");
        client.Expect(":0\r\n", "EXPIRE", "k", "30", "LT");
        client.Expect(":1\r\n", "EXPIRE", "k", "5", "lt");
        client.Expect(":1\r\n", "EXPIRE", "k", "6", "XX", "GT");
        client.Expect(":6\r\n", "TTL", "k");
        // A refused condition does not delete, even with a past time.
        client.Expect(":0\r\n", "EXPIRE", "k", "-1", "GT");
        client.Expect("$1\r\nv\r\n", "GET", "k");
        client.Expect(":1\r\n", "PERSIST", "k");
        client.Expect(":1\r\n", "EXPIRE", "k", "10", "LT"); // no expiry counts as infinite
        client.Expect(":1\r\n", "EXPIREAT", "k", "1893456050", "GT");
        client.Expect(":0\r\n", "PEXPIREAT", "k", "1893456050000", "GT");
        client.Expect(":50\r\n", "TTL", "k");
    }

    [Fact]
    public void Option_errors_come_before_the_time()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v");
        client.Expect("-ERR Unsupported option FOO\r\n", "EXPIRE", "k", "10", "FOO");
        client.Expect("-ERR Unsupported option bar\r\n", "PEXPIRE", "k", "ten", "NX", "bar");
        client.Expect("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n", "EXPIRE", "k", "10", "NX", "XX");
        client.Expect("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n", "EXPIREAT", "k", "10", "GT", "NX");
        client.Expect("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n", "PEXPIREAT", "k", "x", "NX", "LT");
        client.Expect("-ERR GT and LT options at the same time are not compatible\r\n", "EXPIRE", "k", "10", "GT", "LT");
        client.Expect("-ERR value is not an integer or out of range\r\n", "EXPIRE", "k", "ten");
        client.Expect("-ERR value is not an integer or out of range\r\n", "PEXPIRE", "k", "1.5", "XX");
        client.Expect("-ERR wrong number of arguments for 'expire' command\r\n", "EXPIRE", "k");
        client.Expect("-ERR wrong number of arguments for 'pexpireat' command\r\n", "PEXPIREAT", "k");
        client.Expect(":-1\r\n", "TTL", "k");
    }

    [Fact]
    public void Overflow_is_an_invalid_expire_time_naming_the_command()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v");
        client.Expect("-ERR invalid expire time in 'expire' command\r\n", "EXPIRE", "k", "9223372036854775807");
        client.Expect("-ERR invalid expire time in 'expire' command\r\n", "EXPIRE", "k", "-9223372036854775808");
        client.Expect("-ERR invalid expire time in 'pexpire' command\r\n", "PEXPIRE", "k", "9223372036854775807");
        client.Expect("-ERR invalid expire time in 'expireat' command\r\n", "EXPIREAT", "k", "9223372036854775807");
        client.Expect("-ERR invalid expire time in 'expire' command\r\n", "EXPIRE", "missing", "9223372036854775807");
        client.Expect(":-1\r\n", "TTL", "k");
        client.Expect(":1\r\n", "PEXPIREAT", "k", "9223372036854775807");
        client.Expect(":9223372036854775807\r\n", "PEXPIRETIME", "k");
    }

    [Fact]
    public void Persist_removes_the_expiry()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v", "EX", "10");
        client.Expect(":1\r\n", "PERSIST", "k");
        client.Expect(":-1\r\n", "TTL", "k");
        client.Expect(":0\r\n", "PERSIST", "k");
        _server.Clock.Advance(TimeSpan.FromSeconds(20));
        client.Expect("$1\r\nv\r\n", "GET", "k");
        client.Expect("-ERR wrong number of arguments for 'persist' command\r\n", "PERSIST");
        client.Expect("-ERR wrong number of arguments for 'ttl' command\r\n", "TTL", "a", "b");
        client.Expect("-ERR wrong number of arguments for 'pexpiretime' command\r\n", "PEXPIRETIME");
    }

    [Fact]
    public void Expiry_commands_work_on_every_type()
    {
        using var client = _server.Connect();
        _server.Server.Store.GetDatabase(0).ListRightPush("l", "x");
        client.Expect(":1\r\n", "EXPIRE", "l", "5");
        client.Expect(":5\r\n", "TTL", "l");
        _server.Clock.Advance(TimeSpan.FromSeconds(5));
        client.Expect("+none\r\n", "TYPE", "l");
    }
}
