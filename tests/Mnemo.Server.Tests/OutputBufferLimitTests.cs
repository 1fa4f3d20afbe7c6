using System.Text;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>client-output-buffer-limit: CONFIG GET/SET and closing clients that do not read.</summary>
public sealed class OutputBufferLimitTests : IAsyncLifetime
{
    private const string Defaults = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Bulk(string s) => $"${Encoding.UTF8.GetByteCount(s)}\r\n{s}\r\n";

    private static string ConfigGetReply(string value) =>
        "*2\r\n" + Bulk("client-output-buffer-limit") + Bulk(value);

    [Fact]
    public void ConfigGetReturnsRedisDefaults()
    {
        using var client = _server.Connect();
        client.Expect(ConfigGetReply(Defaults), "CONFIG", "GET", "client-output-buffer-limit");
        client.Expect(ConfigGetReply(Defaults), "CONFIG", "GET", "client-output-*");
    }

    [Fact]
    public void ConfigSetStoresEveryClassAndConfigGetReturnsIt()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 2mb 60 replica 3mb 4mb 70 pubsub 5mb 6mb 80");
        client.Expect(ConfigGetReply("normal 1048576 2097152 60 slave 3145728 4194304 70 pubsub 5242880 6291456 80"),
            "CONFIG", "GET", "client-output-buffer-limit");
        var options = _server.Server.Options;
        Assert.Equal(new ClientOutputBufferLimit(1048576, 2097152, 60), options.NormalOutputBufferLimit);
        Assert.Equal(new ClientOutputBufferLimit(3145728, 4194304, 70), options.ReplicaOutputBufferLimit);
        Assert.Equal(new ClientOutputBufferLimit(5242880, 6291456, 80), options.PubSubOutputBufferLimit);

        // a class not named keeps its limits; units are case-insensitive, k is 1000, b is bytes; "slave" is accepted
        client.Expect("+OK\r\n", "CONFIG", "SET", "client-output-buffer-limit", "PUBSUB 2K 3kB 0 slave 100b 0 5");
        client.Expect(ConfigGetReply("normal 1048576 2097152 60 slave 100 0 5 pubsub 2000 3072 0"),
            "CONFIG", "GET", "client-output-buffer-limit");
        client.Expect("+OK\r\n", "CONFIG", "SET", "client-output-buffer-limit", "normal 1g 1gb 1");
        client.Expect(ConfigGetReply("normal 1000000000 1073741824 1 slave 100 0 5 pubsub 2000 3072 0"),
            "CONFIG", "GET", "client-output-buffer-limit");
    }

    [Theory]
    [InlineData("wrong number", "Wrong number of arguments in buffer limit configuration.")]
    [InlineData("", "Wrong number of arguments in buffer limit configuration.")]
    [InlineData("normal 1 2 3 pubsub 1 2", "Wrong number of arguments in buffer limit configuration.")]
    [InlineData("invalid_class 10mb 10mb 60", "Invalid client class specified in buffer limit configuration.")]
    [InlineData("master 10mb 10mb 60", "Invalid client class specified in buffer limit configuration.")]
    [InlineData("normal 10mbs 10mb 60", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [InlineData("replica 10mb 10mbs 60", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [InlineData("pubsub 10mb 10mb 60s", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [InlineData("pubsub -1 10mb 60", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [InlineData("pubsub 1 10mb -1", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [InlineData("normal 1 1 1 pubsub x 1 1", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    public void ConfigSetWithBadSyntaxGivesRedisErrorAndChangesNothing(string value, string error)
    {
        using var client = _server.Connect();
        client.Expect($"-ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - {error}\r\n",
            "CONFIG", "SET", "client-output-buffer-limit", value);
        client.Expect(ConfigGetReply(Defaults), "CONFIG", "GET", "client-output-buffer-limit");
    }

    [Fact]
    public void SubscriberThatNeverReadsIsDisconnectedAtTheHardLimit()
    {
        using var subscriber = _server.Connect();
        using var publisher = _server.Connect();
        using var other = _server.Connect();
        publisher.Expect("+OK\r\n", "CONFIG", "SET", "client-output-buffer-limit", "pubsub 256kb 0 0");
        long id = subscriber.Call("CLIENT", "ID").Integer;
        subscriber.Expect("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", "SUBSCRIBE", "ch");

        // the subscriber reads nothing more: once the socket buffers are full its messages pile up
        string payload = new('x', 64 * 1024);
        int published = 0;
        while (_server.Server.Clients.Find(id) is not null && published < 2000)
        {
            var reply = publisher.Call("PUBLISH", "ch", payload);
            Assert.Equal(':', reply.Type);
            published++;
            if (published % 50 == 0)
            {
                // other clients keep working meanwhile
                other.Expect("+PONG\r\n", "PING");
            }
        }
        Assert.True(WaitUntil(() => _server.Server.Clients.Find(id) is null), $"still connected after {published} messages");
        Assert.DoesNotContain($"id={id} ", publisher.Call("CLIENT", "LIST").Text);
        Assert.Contains("client_output_buffer_limit_disconnections:1\r\n", other.Call("INFO", "stats").Text);
        // nobody is subscribed any more; everyone else still works
        publisher.Expect(":0\r\n", "PUBLISH", "ch", "after");
        other.Expect("+OK\r\n", "SET", "k", "v");
        other.Expect("$1\r\nv\r\n", "GET", "k");
        Assert.True(subscriber.IsClosedByServer() || DrainsToClose(subscriber));
    }

    [Fact]
    public void SubscriberOverTheSoftLimitForLongerThanSoftSecondsIsDisconnected()
    {
        using var subscriber = _server.Connect();
        using var publisher = _server.Connect();
        publisher.Expect("+OK\r\n", "CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 128kb 10");
        long id = subscriber.Call("CLIENT", "ID").Integer;
        subscriber.Expect("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", "SUBSCRIBE", "ch");
        var session = _server.Server.Clients.Find(id)!;

        string payload = new('y', 64 * 1024);
        int published = 0;
        while (Volatile.Read(ref session.SoftLimitSince) == 0 && published < 2000)
        {
            publisher.Call("PUBLISH", "ch", payload);
            published++;
        }
        Assert.NotEqual(0, Volatile.Read(ref session.SoftLimitSince));
        // over the soft limit, but not for long: still connected
        publisher.Call("PUBLISH", "ch", payload);
        _server.Clock.Advance(TimeSpan.FromSeconds(5));
        publisher.Call("PUBLISH", "ch", payload);
        Assert.NotNull(_server.Server.Clients.Find(id));
        // Past soft-seconds while still over the soft limit: disconnected. The socket buffers below
        // Kestrel may drain a little between publishes and restart the soft-limit clock, so keep the
        // subscriber over the limit and move time on until it happens (bounded).
        bool disconnected = false;
        for (int round = 0; round < 50 && !disconnected; round++)
        {
            _server.Clock.Advance(TimeSpan.FromSeconds(6));
            publisher.Call("PUBLISH", "ch", payload);
            disconnected = WaitUntil(() => _server.Server.Clients.Find(id) is null, TimeSpan.FromMilliseconds(200));
        }
        Assert.True(disconnected);
        Assert.Contains("client_output_buffer_limit_disconnections:1\r\n", publisher.Call("INFO", "stats").Text);
    }

    [Fact]
    public void NormalClientWhoseRepliesPileUpIsDisconnectedAndOthersKeepWorking()
    {
        using var slow = _server.Connect();
        using var other = _server.Connect();
        other.Expect("+OK\r\n", "SET", "big", new string('z', 100 * 1024));
        other.Expect("+OK\r\n", "CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0");
        long id = slow.Call("CLIENT", "ID").Integer;

        // a pipeline of GETs whose replies (100 kB each) are never read
        var pipeline = new List<byte>();
        for (int i = 0; i < 200; i++)
        {
            pipeline.AddRange(RawClient.Encode("GET", "big"));
        }
        slow.SendRaw(pipeline.ToArray());
        Assert.True(WaitUntil(() => _server.Server.Clients.Find(id) is null));
        other.Expect("+PONG\r\n", "PING");
        Assert.Contains("client_output_buffer_limit_disconnections:1\r\n", other.Call("INFO", "stats").Text);
    }

    [Fact]
    public void NormalClientThatNeverReadsDoesNotBlockOthersWhenUnlimited()
    {
        using var slow = _server.Connect();
        using var other = _server.Connect();
        other.Expect("+OK\r\n", "SET", "big", new string('z', 256 * 1024));
        long id = slow.Call("CLIENT", "ID").Integer;
        var pipeline = new List<byte>();
        for (int i = 0; i < 200; i++)
        {
            pipeline.AddRange(RawClient.Encode("GET", "big"));
        }
        // 50 MB of replies the client never reads: its own loop waits for the socket, nobody else does
        slow.SendRaw(pipeline.ToArray());
        for (int i = 0; i < 20; i++)
        {
            other.Expect("+PONG\r\n", "PING");
            other.Expect(":1\r\n", "EXISTS", "big");
            Thread.Sleep(10);
        }
        Assert.NotNull(_server.Server.Clients.Find(id));
        Assert.Contains("client_output_buffer_limit_disconnections:0\r\n", other.Call("INFO", "stats").Text);
    }

    private static bool WaitUntil(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(10);
        }
        return true;
    }

    /// <summary>Reads whatever was delivered before the close until the end of the stream.</summary>
    private static bool DrainsToClose(RawClient client)
    {
        for (int i = 0; i < 100_000; i++)
        {
            if (client.IsClosedByServer())
            {
                return true;
            }
        }
        return false;
    }
}
