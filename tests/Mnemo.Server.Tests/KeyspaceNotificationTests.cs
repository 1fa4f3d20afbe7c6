using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>notify-keyspace-events: __keyspace@db__:key and __keyevent@db__:event messages for writes and expiries.</summary>
public sealed class KeyspaceNotificationTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        CommandShims.EnsureRegistered(_server.Server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The next pmessage as (channel, payload).</summary>
    private static (string Channel, string Message) Next(RawClient subscriber)
    {
        var message = subscriber.Read();
        Assert.Equal("pmessage", message.Items![0].Text);
        return (message.Items[2].Text!, message.Items[3].Text!);
    }

    /// <summary>Subscribes to every key event and returns the subscriber.</summary>
    private RawClient EventSubscriber(string flags)
    {
        using (var admin = _server.Connect())
        {
            admin.Expect("+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", flags);
        }
        var subscriber = _server.Connect();
        subscriber.Expect("*3\r\n$10\r\npsubscribe\r\n$16\r\n__keyevent@*__:*\r\n:1\r\n", "PSUBSCRIBE", "__keyevent@*__:*");
        return subscriber;
    }

    [Fact]
    public void Set_publishes_keyspace_then_keyevent()
    {
        using var admin = _server.Connect();
        using var sub = _server.Connect();
        admin.Expect("+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", "KEA");
        sub.Expect("*3\r\n$10\r\npsubscribe\r\n$10\r\n__key*__:*\r\n:1\r\n", "PSUBSCRIBE", "__key*__:*");
        admin.Expect("+OK\r\n", "SET", "k", "v");
        sub.ExpectIncoming("*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n$16\r\n__keyspace@0__:k\r\n$3\r\nset\r\n"
            + "*4\r\n$8\r\npmessage\r\n$10\r\n__key*__:*\r\n$18\r\n__keyevent@0__:set\r\n$1\r\nk\r\n");
    }

    [Fact]
    public void Write_commands_publish_redis_event_names()
    {
        using var sub = EventSubscriber("EA");
        using var w = _server.Connect();
        var expected = new List<(string Event, string Key)>();
        void Run(string[] command, params (string, string)[] events)
        {
            var reply = w.Call(command);
            Assert.False(reply.IsError, string.Join(' ', command) + ": " + reply);
            expected.AddRange(events);
        }
        Run(["SET", "a", "1"], ("set", "a"));
        Run(["SET", "a", "2", "NX"]); // nothing changed: no event
        Run(["SET", "b", "1", "EX", "100"], ("set", "b"), ("expire", "b"));
        Run(["INCRBY", "a", "5"], ("incrby", "a"));
        Run(["INCR", "a"], ("incrby", "a"));
        Run(["INCRBYFLOAT", "a", "1.5"], ("incrbyfloat", "a"));
        Run(["APPEND", "a", "x"], ("append", "a"));
        Run(["SETRANGE", "a", "0", "z"], ("setrange", "a"));
        Run(["GETDEL", "a"], ("del", "a"));
        Run(["DEL", "b", "nothing"], ("del", "b"));
        Run(["LPUSH", "l", "x", "y"], ("lpush", "l"));
        Run(["RPUSH", "l", "z"], ("rpush", "l"));
        Run(["LPOP", "l"], ("lpop", "l"));
        Run(["RPOP", "l", "5"], ("rpop", "l"), ("del", "l"));
        Run(["SADD", "s", "m1", "m2"], ("sadd", "s"));
        Run(["SADD", "s", "m1"]);
        Run(["SREM", "s", "m1"], ("srem", "s"));
        Run(["SREM", "s", "m2"], ("srem", "s"), ("del", "s"));
        Run(["HSET", "h", "f", "v"], ("hset", "h"));
        Run(["HINCRBY", "h", "n", "2"], ("hincrby", "h"));
        Run(["HDEL", "h", "f", "n"], ("hdel", "h"), ("del", "h"));
        Run(["ZADD", "z", "1", "m"], ("zadd", "z"));
        Run(["ZINCRBY", "z", "2", "m"], ("zincr", "z"));
        Run(["ZREM", "z", "m"], ("zrem", "z"), ("del", "z"));
        // the one-member forms take their own paths in the server
        Run(["SADD", "t", "a"], ("sadd", "t"));
        Run(["SADD", "t", "a"]); // already a member: no event
        Run(["ZADD", "y", "1", "m"], ("zadd", "y"));
        Run(["ZADD", "y", "1.0", "m"]); // same score: no event
        Run(["ZADD", "y", "2", "m"], ("zadd", "y"));
        Run(["HSET", "g", "f", "v"], ("hset", "g"));
        Run(["HSET", "g", "f", "v"], ("hset", "g")); // an existing field is written all the same, as in Redis
        Run(["SET", "e", "v"], ("set", "e"));
        Run(["EXPIRE", "e", "100"], ("expire", "e"));
        Run(["PERSIST", "e"], ("persist", "e"));
        Run(["RENAME", "e", "f"], ("rename_from", "e"), ("rename_to", "f"));
        Run(["SET", "x", "v", "PX", "100"], ("set", "x"), ("expire", "x"));
        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        Run(["GET", "x"], ("expired", "x"));
        Run(["MULTI"]);
        Run(["SET", "m", "1"]);
        Run(["INCR", "m"]);
        Run(["EXEC"], ("set", "m"), ("incrby", "m"));
        Run(["SELECT", "5"]);
        Run(["SET", "d5", "1"], ("set", "d5"));
        for (int i = 0; i < expected.Count; i++)
        {
            var (channel, key) = Next(sub);
            string db = expected[i].Key == "d5" ? "5" : "0";
            Assert.Equal(($"__keyevent@{db}__:{expected[i].Event}", expected[i].Key), (channel, key));
        }
    }

    [Fact]
    public void Classes_and_types_filter_events()
    {
        using var admin = _server.Connect();
        using var sub = _server.Connect();
        admin.Expect("+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", "K$");
        sub.Call("PSUBSCRIBE", "__key*__:*");
        admin.Call("SADD", "set", "m");   // class s is off
        admin.Call("SET", "k", "v");      // keyspace only
        admin.Call("EXPIRE", "k", "100"); // class g is off
        admin.Call("APPEND", "k", "w");
        Assert.Equal(("__keyspace@0__:k", "set"), Next(sub));
        Assert.Equal(("__keyspace@0__:k", "append"), Next(sub));
        admin.Expect("+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", "");
        admin.Call("SET", "k", "quiet");
        admin.Expect("+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", "Ex");
        admin.Call("SET", "t", "v", "PX", "10");
        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        admin.Expect("$-1\r\n", "GET", "t");
        Assert.Equal(("__keyevent@0__:expired", "t"), Next(sub));
    }

    [Fact]
    public void Changes_made_outside_commands_are_published_too()
    {
        using var sub = EventSubscriber("EA");
        var db = _server.Server.Store.GetDatabase(0);
        db.ListLeftPush("bg", "x");
        db.ListLeftPop("bg");
        db.StringSet("str", "v");
        Assert.Equal(("__keyevent@0__:lpush", "bg"), Next(sub));
        Assert.Equal(("__keyevent@0__:lpop", "bg"), Next(sub));
        Assert.Equal(("__keyevent@0__:del", "bg"), Next(sub));
        Assert.Equal(("__keyevent@0__:set", "str"), Next(sub));
    }

    [Fact]
    public async Task Notifications_stop_observing_the_store_when_the_server_stops()
    {
        using var store = new MnemoStore();
        await using (var server = await MnemoServer.StartAsync(new MnemoServerOptions { Port = 0 }, store))
        {
            using var client = new RawClient(server.Port);
            client.Expect("+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", "KEA");
            client.Expect("+OK\r\n", "SET", "during", "run");
        }
        // the store outlives the server: writes and expiries no longer reach the stopped server's notifier
        var db = store.GetDatabase(0);
        db.StringSet("after", "stop");
        Assert.Equal("run", db.StringGet("during").ToString());
        await using var again = await MnemoServer.StartAsync(new MnemoServerOptions { Port = 0 }, store);
        using var second = new RawClient(again.Port);
        second.Expect("*2\r\n$22\r\nnotify-keyspace-events\r\n$0\r\n\r\n", "CONFIG", "GET", "notify-keyspace-events");
    }
}
