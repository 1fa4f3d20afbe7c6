using System.Diagnostics;
using System.Reflection;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// BZPOPMIN, BZPOPMAX and BZMPOP over TCP: first come, first served; one ZADD serves as many
/// waiting clients as it adds members; real (small) timeouts; no waiting inside MULTI.
/// </summary>
public sealed class SortedSetBlockingTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The number of blocked readers (the engine's waiter count, read by reflection: the test assembly sees no engine internals).</summary>
    private int Blocked()
    {
        var core = typeof(MnemoStore).GetProperty("Core", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!.GetValue(_server.Server.Store)!;
        var waiters = core.GetType().GetProperty("Waiters", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!.GetValue(core)!;
        return (int)waiters.GetType().GetField("_count", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(waiters)!;
    }

    /// <summary>Waits until <paramref name="count"/> readers are blocked, so their order is known.</summary>
    private async Task UntilBlocked(int count)
    {
        var watch = Stopwatch.StartNew();
        while (Blocked() < count)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"expected {count} blocked readers, found {Blocked()}");
            await Task.Delay(5);
        }
    }

    /// <summary>Reads the exact reply a blocked client gets.</summary>
    private static void Read(RawClient client, string expected) => Assert.Equal(expected, client.ReadBytes(expected.Length));

    [Fact]
    public async Task Two_blocked_clients_are_served_in_order_by_one_zadd_of_two_members()
    {
        using var first = _server.Connect();
        using var second = _server.Connect();
        using var writer = _server.Connect();
        first.Send("BZPOPMIN", "z", "5");
        await UntilBlocked(1);
        second.Send("BZPOPMIN", "other", "z", "5");
        await UntilBlocked(2);
        writer.Expect(":2\r\n", "ZADD", "z", "2", "b", "1", "a");
        Read(first, "*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n");
        Read(second, "*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n2\r\n");
        writer.Expect(":0\r\n", "ZCARD", "z");
        Assert.Equal(0, Blocked());
    }

    [Fact]
    public async Task Bzpopmax_serves_one_waiter_and_leaves_the_next_blocked()
    {
        using var first = _server.Connect();
        using var second = _server.Connect();
        using var writer = _server.Connect();
        first.Send("BZPOPMAX", "z", "5");
        await UntilBlocked(1);
        second.Send("BZPOPMAX", "z", "0.3");
        await UntilBlocked(2);
        writer.Expect(":1\r\n", "ZADD", "z", "7", "m");
        Read(first, "*3\r\n$1\r\nz\r\n$1\r\nm\r\n$1\r\n7\r\n");
        Read(second, "*-1\r\n"); // timed out: nothing left for it
    }

    [Fact]
    public void A_small_timeout_answers_a_nil_array()
    {
        using var client = _server.Connect();
        var watch = Stopwatch.StartNew();
        client.Expect("*-1\r\n", "BZPOPMIN", "z", "0.1");
        Assert.InRange(watch.ElapsedMilliseconds, 90, 5000);
        client.Expect("*-1\r\n", "BZMPOP", "0.05", "2", "a", "b", "MAX");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "BZPOPMAX", "z", "0.05");
        client.Expect("_\r\n", "BZMPOP", "0.05", "1", "z", "MIN", "COUNT", "2");
    }

    [Fact]
    public void A_non_empty_key_answers_at_once_in_both_protocols()
    {
        using var client = _server.Connect();
        client.Expect(":3\r\n", "ZADD", "z", "1", "a", "2", "b", "3.5", "c");
        client.Expect("*3\r\n$1\r\nz\r\n$1\r\nc\r\n$3\r\n3.5\r\n", "BZPOPMAX", "missing", "z", "0");
        client.Expect("*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", "BZMPOP", "0", "2", "missing", "z", "MIN");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("*3\r\n$1\r\nz\r\n$1\r\nb\r\n,2\r\n", "BZPOPMIN", "z", "1");
    }

    [Fact]
    public async Task Bzmpop_waits_then_pops_up_to_count_from_the_key_that_got_members()
    {
        using var reader = _server.Connect();
        using var writer = _server.Connect();
        reader.Send("BZMPOP", "5", "2", "a", "b", "MIN", "COUNT", "2");
        await UntilBlocked(1);
        writer.Expect(":3\r\n", "ZADD", "b", "3", "z", "1", "x", "2", "y");
        const string expected = "*2\r\n$1\r\nb\r\n*2\r\n*2\r\n$1\r\nx\r\n$1\r\n1\r\n*2\r\n$1\r\ny\r\n$1\r\n2\r\n";
        Read(reader, expected);
        writer.Expect("*1\r\n$1\r\nz\r\n", "ZRANGE", "b", "0", "-1");
    }

    [Fact]
    public async Task Timeout_zero_waits_until_a_member_arrives()
    {
        using var reader = _server.Connect();
        using var writer = _server.Connect();
        reader.Send("BZPOPMIN", "z", "0");
        await UntilBlocked(1);
        await Task.Delay(150);
        Assert.Equal(1, Blocked());
        writer.Expect("$3\r\n2.5\r\n", "ZINCRBY", "z", "2.5", "m");
        Read(reader, "*3\r\n$1\r\nz\r\n$1\r\nm\r\n$3\r\n2.5\r\n");
    }

    [Fact]
    public async Task A_waiting_reader_is_served_from_sorted_sets_only()
    {
        using var reader = _server.Connect();
        using var writer = _server.Connect();
        reader.Send("BZPOPMIN", "a", "b", "5");
        await UntilBlocked(1);
        writer.Expect("+OK\r\n", "SET", "a", "text");
        writer.Expect(":1\r\n", "ZADD", "b", "1", "m");
        Read(reader, "*3\r\n$1\r\nb\r\n$1\r\nm\r\n$1\r\n1\r\n");
    }

    [Fact]
    public void Blocking_pops_do_not_wait_inside_multi()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "BZPOPMIN", "z", "0");
        client.Expect("+QUEUED\r\n", "BZMPOP", "0", "1", "z", "MAX");
        client.Expect("+QUEUED\r\n", "ZADD", "z", "1", "a");
        client.Expect("+QUEUED\r\n", "BZPOPMAX", "z", "0");
        client.Expect("*4\r\n*-1\r\n*-1\r\n:1\r\n*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n", "EXEC");
    }

    [Fact]
    public void Timeout_and_argument_errors()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "s", "v");
        client.Expect("-ERR timeout is not a float or out of range\r\n", "BZPOPMIN", "z", "x");
        client.Expect("-ERR timeout is not a float or out of range\r\n", "BZPOPMIN", "z", "nan");
        client.Expect("-ERR timeout is not a float or out of range\r\n", "BZPOPMAX", "z", "1e400");
        client.Expect("-ERR timeout is negative\r\n", "BZPOPMIN", "z", "-1");
        client.Expect("-ERR timeout is negative\r\n", "BZPOPMIN", "z", "-0.002");
        client.Expect("-ERR timeout is out of range\r\n", "BZPOPMIN", "z", "inf");
        client.Expect("-ERR timeout is out of range\r\n", "BZPOPMIN", "z", "9223372036854775");
        client.Expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "BZPOPMIN", "s", "0");
        client.Expect("-ERR wrong number of arguments for 'bzpopmin' command\r\n", "BZPOPMIN", "z");
        // BZMPOP reads numkeys, MIN|MAX and COUNT before the timeout.
        client.Expect("-ERR numkeys should be greater than 0\r\n", "BZMPOP", "x", "0", "z", "MIN");
        client.Expect("-ERR syntax error\r\n", "BZMPOP", "-1", "1", "z", "LOW");
        client.Expect("-ERR count should be greater than 0\r\n", "BZMPOP", "x", "1", "z", "MIN", "COUNT", "-2");
        client.Expect("-ERR timeout is negative\r\n", "BZMPOP", "-1", "1", "z", "MIN");
        client.Expect("-ERR wrong number of arguments for 'bzmpop' command\r\n", "BZMPOP", "1", "1", "z");
    }
}
