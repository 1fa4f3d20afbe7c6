using System.Diagnostics;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// Exact reply bytes for BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP: immediate answers, real
/// (short) timeouts, wake-ups by pushes from other clients in first-come order, MULTI (never
/// waits) and a client that disconnects while blocked.
/// </summary>
public sealed class BlockingCommandTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void An_element_already_there_is_served_at_once()
    {
        using var client = _server.Connect();
        client.Expect(":4\r\n", "RPUSH", "l", "a", "b", "c", "d");
        client.Expect("*2\r\n$1\r\nl\r\n$1\r\na\r\n", "BLPOP", "missing", "l", "0");
        client.Expect("*2\r\n$1\r\nl\r\n$1\r\nd\r\n", "BRPOP", "l", "1.5");
        client.Expect("$1\r\nc\r\n", "BRPOPLPUSH", "l", "dst", "0");
        client.Expect("$1\r\nb\r\n", "BLMOVE", "l", "dst", "LEFT", "RIGHT", "0");
        client.Expect("*2\r\n$3\r\ndst\r\n*2\r\n$1\r\nb\r\n$1\r\nc\r\n", "BLMPOP", "0", "2", "l", "dst", "RIGHT", "COUNT", "2");
        client.Expect("$-1\r\n", "GET", "dst"); // both lists were emptied and removed
    }

    [Fact]
    public void Timeouts_reply_nil_after_the_wait()
    {
        using var client = _server.Connect();
        var watch = Stopwatch.StartNew();
        client.Expect("*-1\r\n", "BLPOP", "missing", "0.1");
        Assert.True(watch.ElapsedMilliseconds >= 90, $"waited {watch.ElapsedMilliseconds} ms");
        client.Expect("*-1\r\n", "BRPOP", "a", "b", "0.05");
        client.Expect("$-1\r\n", "BLMOVE", "missing", "dst", "LEFT", "LEFT", "0.05");
        client.Expect("$-1\r\n", "BRPOPLPUSH", "missing", "dst", "0.05");
        client.Expect("*-1\r\n", "BLMPOP", "0.05", "1", "missing", "LEFT");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("_\r\n", "BLPOP", "missing", "0.05");
        client.Expect("_\r\n", "BLMOVE", "missing", "dst", "LEFT", "LEFT", "0.05");
        client.Expect("_\r\n", "BLMPOP", "0.05", "1", "missing", "LEFT", "COUNT", "3");
    }

    [Fact]
    public void Timeout_and_argument_errors()
    {
        using var client = _server.Connect();
        client.Expect("-ERR timeout is not a float or out of range\r\n", "BLPOP", "l", "abc");
        client.Expect("-ERR timeout is not a float or out of range\r\n", "BRPOP", "l", "nan");
        client.Expect("-ERR timeout is negative\r\n", "BLPOP", "l", "-1");
        client.Expect("-ERR timeout is negative\r\n", "BRPOPLPUSH", "a", "b", "-0.5");
        client.Expect("-ERR timeout is out of range\r\n", "BLPOP", "l", "inf");
        client.Expect("-ERR timeout is out of range\r\n", "BLPOP", "l", "1e300");
        client.Expect("-ERR syntax error\r\n", "BLMOVE", "a", "b", "UP", "LEFT", "x");
        client.Expect("-ERR timeout is not a float or out of range\r\n", "BLMOVE", "a", "b", "LEFT", "LEFT", "x");
        client.Expect("-ERR timeout is not a float or out of range\r\n", "BLMPOP", "x", "0", "l", "LEFT");
        client.Expect("-ERR numkeys should be greater than 0\r\n", "BLMPOP", "0", "0", "l", "LEFT");
        client.Expect("-ERR syntax error\r\n", "BLMPOP", "0", "1", "l", "MIDDLE");
        client.Expect("-ERR count should be greater than 0\r\n", "BLMPOP", "0", "1", "l", "LEFT", "COUNT", "0");
        client.Expect("-ERR wrong number of arguments for 'blpop' command\r\n", "BLPOP", "l");
        client.Expect("-ERR wrong number of arguments for 'blmpop' command\r\n", "BLMPOP", "0", "1", "l");
        client.Expect("+OK\r\n", "SET", "s", "v");
        client.Expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "BLPOP", "missing", "s", "0");
        client.Expect("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "BLMOVE", "s", "d", "LEFT", "LEFT", "0");
    }

    [Fact]
    public void Blocked_clients_are_served_first_come_first_served()
    {
        using var first = _server.Connect();
        using var second = _server.Connect();
        using var pusher = _server.Connect();
        first.Send("BLPOP", "l", "0");
        WaitUntilBlocked(1);
        second.Send("BLPOP", "other", "l", "0");
        WaitUntilBlocked(2);
        pusher.Expect("+PONG\r\n", "PING"); // other clients keep running while two are blocked
        pusher.Expect(":2\r\n", "LPUSH", "l", "a", "b");
        ExpectReply(first, "*2\r\n$1\r\nl\r\n$1\r\nb\r\n");
        ExpectReply(second, "*2\r\n$1\r\nl\r\n$1\r\na\r\n");
        pusher.Expect(":0\r\n", "LLEN", "l");
        first.Expect("+PONG\r\n", "PING"); // the connections carry on after the wait
        second.Expect("+PONG\r\n", "PING");
    }

    [Fact]
    public void Blmove_brpoplpush_and_blmpop_wake_on_push()
    {
        using var mover = _server.Connect();
        using var popper = _server.Connect();
        using var pusher = _server.Connect();
        mover.Send("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
        WaitUntilBlocked(1);
        pusher.Expect(":1\r\n", "RPUSH", "src", "x");
        ExpectReply(mover, "$1\r\nx\r\n");
        pusher.Expect("*1\r\n$1\r\nx\r\n", "LRANGE", "dst", "0", "-1");
        pusher.Expect(":0\r\n", "LLEN", "src");

        popper.Send("BLMPOP", "5", "2", "a", "b", "RIGHT", "COUNT", "2");
        WaitUntilBlocked(2);
        pusher.Expect(":3\r\n", "RPUSH", "b", "1", "2", "3");
        ExpectReply(popper, "*2\r\n$1\r\nb\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n");
        pusher.Expect(":1\r\n", "LLEN", "b");

        mover.Send("BRPOPLPUSH", "q", "dst", "0");
        WaitUntilBlocked(1, "brpoplpush");
        pusher.Expect(":1\r\n", "LPUSH", "q", "y");
        ExpectReply(mover, "$1\r\ny\r\n");
        pusher.Expect("*2\r\n$1\r\ny\r\n$1\r\nx\r\n", "LRANGE", "dst", "0", "-1");
    }

    [Fact]
    public void Inside_multi_blocking_commands_do_not_wait()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "BLPOP", "missing", "0");
        client.Expect("+QUEUED\r\n", "BLMOVE", "missing", "dst", "LEFT", "LEFT", "0");
        client.Expect("+QUEUED\r\n", "BLMPOP", "0", "1", "missing", "LEFT");
        client.Expect("+QUEUED\r\n", "RPUSH", "l", "a");
        client.Expect("+QUEUED\r\n", "BRPOP", "l", "0");
        client.Expect("*5\r\n*-1\r\n$-1\r\n*-1\r\n:1\r\n*2\r\n$1\r\nl\r\n$1\r\na\r\n", "EXEC");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "BLPOP", "missing", "0");
        client.Expect("*1\r\n_\r\n", "EXEC");
    }

    [Fact]
    public void A_client_that_disconnects_while_blocked_stops_waiting()
    {
        using var other = _server.Connect();
        var blocked = _server.Connect();
        blocked.Send("BLPOP", "l", "0");
        WaitUntilBlocked(1);
        blocked.Dispose();
        var deadline = Stopwatch.StartNew();
        while (_server.Server.Clients.Count > 1 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
        }
        Assert.Equal(1, _server.Server.Clients.Count);
        other.Expect(":1\r\n", "RPUSH", "l", "x");
        other.Expect(":1\r\n", "LLEN", "l"); // nobody took it
    }

    private static void ExpectReply(RawClient client, string expected) =>
        Assert.Equal(expected, client.ReadBytes(System.Text.Encoding.UTF8.GetByteCount(expected)));

    /// <summary>
    /// Waits until <paramref name="count"/> clients have run <paramref name="command"/> (the wait is
    /// registered as the command runs), then a little longer so the last one is surely waiting.
    /// </summary>
    private void WaitUntilBlocked(int count, string? command = null)
    {
        var deadline = Stopwatch.StartNew();
        while (_server.Server.Clients.All.Count(c => command is null ? c.LastCommand.StartsWith('b') : c.LastCommand == command) < count)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the client did not block");
            Thread.Sleep(5);
        }
        Thread.Sleep(50);
    }
}
