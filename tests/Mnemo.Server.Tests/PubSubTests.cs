using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>SUBSCRIBE / PSUBSCRIBE / PUBLISH / PUBSUB in RESP2 (arrays, restricted context) and RESP3 (push).</summary>
public sealed class PubSubTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Resp2_subscribe_publish_unsubscribe()
    {
        using var sub = _server.Connect();
        using var pub = _server.Connect();
        sub.Expect("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$6\r\nsports\r\n:2\r\n", "SUBSCRIBE", "news", "sports");
        sub.Expect("*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:3\r\n", "PSUBSCRIBE", "n*");
        pub.Expect(":2\r\n", "PUBLISH", "news", "hello");
        sub.ExpectIncoming("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
        pub.Expect(":0\r\n", "PUBLISH", "weather", "rain");
        pub.Expect(":1\r\n", "PUBLISH", "sports", "goal");
        sub.ExpectIncoming("*3\r\n$7\r\nmessage\r\n$6\r\nsports\r\n$4\r\ngoal\r\n");

        // only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET while subscribed in RESP2
        sub.Expect("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "GET", "k");
        sub.Expect("-ERR Can't execute 'client|id': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "CLIENT", "ID");
        sub.Expect("*2\r\n$4\r\npong\r\n$0\r\n\r\n", "PING");
        sub.Expect("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n", "PING", "hi");

        sub.Expect("*3\r\n$11\r\nunsubscribe\r\n$4\r\nnews\r\n:2\r\n", "UNSUBSCRIBE", "news");
        sub.Expect("*3\r\n$11\r\nunsubscribe\r\n$7\r\nunknown\r\n:2\r\n", "UNSUBSCRIBE", "unknown");
        sub.Expect("*3\r\n$12\r\npunsubscribe\r\n$2\r\nn*\r\n:1\r\n", "PUNSUBSCRIBE");
        sub.Expect("*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:1\r\n", "PUNSUBSCRIBE");
        sub.Expect("*3\r\n$11\r\nunsubscribe\r\n$6\r\nsports\r\n:0\r\n", "UNSUBSCRIBE");
        sub.Expect("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", "UNSUBSCRIBE");
        // back to normal
        sub.Expect("+PONG\r\n", "PING");
        sub.Expect("$-1\r\n", "GET", "k");
        sub.Expect("-ERR wrong number of arguments for 'subscribe' command\r\n", "SUBSCRIBE");
    }

    [Fact]
    public void Resp3_pushes_and_any_command_while_subscribed()
    {
        using var sub = _server.Connect();
        using var pub = _server.Connect();
        Assert.Equal('%', sub.Call("HELLO", "3").Type);
        sub.Expect(">3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n", "SUBSCRIBE", "c");
        sub.Expect("_\r\n", "GET", "k");
        sub.Expect("+PONG\r\n", "PING");
        pub.Expect(":1\r\n", "PUBLISH", "c", "m1");
        sub.ExpectIncoming(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nm1\r\n");
        // publishing to itself: the reply, then the push
        sub.Expect(":1\r\n>3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nm2\r\n", "PUBLISH", "c", "m2");
        sub.Expect(">3\r\n$12\r\npunsubscribe\r\n_\r\n:1\r\n", "PUNSUBSCRIBE");
        sub.Expect(">3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:0\r\n", "UNSUBSCRIBE", "c");
    }

    [Fact]
    public async Task Two_resp3_clients_publishing_to_each_other_do_not_deadlock()
    {
        using var a = _server.Connect();
        using var b = _server.Connect();
        Assert.Equal('%', a.Call("HELLO", "3").Type);
        Assert.Equal('%', b.Call("HELLO", "3").Type);
        a.Expect(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", "SUBSCRIBE", "a");
        b.Expect(">3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:1\r\n", "SUBSCRIBE", "b");
        const int n = 300;
        var ta = Task.Run(() => Pump(a, "b", n));
        var tb = Task.Run(() => Pump(b, "a", n));
        var counts = await Task.WhenAll(ta, tb).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([n, n], counts);
    }

    /// <summary>Publishes n messages to <paramref name="channel"/> and reads its replies and the n messages the other side sends.</summary>
    private static int Pump(RawClient client, string channel, int n)
    {
        var send = new List<byte>();
        for (int i = 0; i < n; i++)
        {
            send.AddRange(RawClient.Encode("PUBLISH", channel, "x"));
        }
        client.SendRaw(send.ToArray());
        int replies = 0, messages = 0;
        while (replies < n || messages < n)
        {
            var reply = client.Read();
            if (reply.Type == '>')
            {
                messages++;
            }
            else
            {
                Assert.Equal(1, reply.Integer);
                replies++;
            }
        }
        return messages;
    }

    [Fact]
    public void Pubsub_channels_numsub_numpat()
    {
        using var s1 = _server.Connect();
        using var s2 = _server.Connect();
        using var admin = _server.Connect();
        s1.Call("SUBSCRIBE", "alpha", "beta");
        s1.Read();
        s2.Call("SUBSCRIBE", "alpha");
        s2.Call("PSUBSCRIBE", "a*");
        s2.Call("PSUBSCRIBE", "b*");
        s1.Call("PSUBSCRIBE", "a*");
        Assert.Equal(["alpha", "beta"], admin.Call("PUBSUB", "CHANNELS").Items!.Select(i => i.Text).Order());
        admin.Expect("*1\r\n$4\r\nbeta\r\n", "PUBSUB", "CHANNELS", "b*");
        admin.Expect("*0\r\n", "PUBSUB", "CHANNELS", "z*");
        admin.Expect("*6\r\n$5\r\nalpha\r\n:2\r\n$4\r\nbeta\r\n:1\r\n$5\r\ngamma\r\n:0\r\n", "PUBSUB", "NUMSUB", "alpha", "beta", "gamma");
        admin.Expect("*0\r\n", "PUBSUB", "NUMSUB");
        admin.Expect(":2\r\n", "PUBSUB", "NUMPAT");
        Assert.Contains("\r\npubsub_channels:2\r\npubsub_patterns:2\r\n", admin.Call("INFO", "stats").Text);
        Assert.Equal(2, admin.Call("CLIENT", "LIST", "TYPE", "pubsub").Text!.Count(c => c == '\n'));
        admin.Expect("-ERR wrong number of arguments for 'pubsub|channels' command\r\n", "PUBSUB", "CHANNELS", "a", "b");
        admin.Expect("-ERR unknown subcommand 'x'. Try PUBSUB HELP.\r\n", "PUBSUB", "x");

        // a disconnected subscriber's subscriptions go away
        s1.Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (admin.Call("PUBSUB", "NUMSUB", "beta").Items![1].Integer != 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
        admin.Expect("*2\r\n$4\r\nbeta\r\n:0\r\n", "PUBSUB", "NUMSUB", "beta");
        admin.Expect(":2\r\n", "PUBLISH", "alpha", "x"); // s2: the channel and the pattern a*
        // RESET ends the subscriptions too
        s2.Read(); // the message of alpha
        s2.Read(); // and of a*
        s2.Expect("+RESET\r\n", "RESET");
        admin.Expect(":0\r\n", "PUBSUB", "NUMPAT");
        admin.Expect(":0\r\n", "PUBLISH", "alpha", "x");
    }

    [Fact]
    public void Binary_channel_names_round_trip()
    {
        using var sub = _server.Connect();
        using var pub = _server.Connect();
        byte[] name = [0xff, 0, (byte)'\n'];
        sub.SendRaw([.. "*2\r\n$9\r\nSUBSCRIBE\r\n$3\r\n"u8, .. name, .. "\r\n"u8]);
        Assert.Equal(3, sub.Read().Items!.Count);
        pub.SendRaw([.. "*3\r\n$7\r\nPUBLISH\r\n$3\r\n"u8, .. name, .. "\r\n$1\r\nm\r\n"u8]);
        Assert.Equal(1, pub.Read().Integer);
        var message = sub.Read();
        Assert.Equal(name, message.Items![1].Bytes);
    }
}
