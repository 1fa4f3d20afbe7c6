using System.Globalization;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>COMMAND, CONFIG, INFO, TIME, DEBUG, LATENCY: exact replies and errors.</summary>
public sealed class ServerCommandTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Bulk(string s) => $"${System.Text.Encoding.UTF8.GetByteCount(s)}\r\n{s}\r\n";

    [Fact]
    public void Command_info_count_list_docs_getkeys()
    {
        using var client = _server.Connect();
        client.Expect("*1\r\n*10\r\n$4\r\ntime\r\n:1\r\n*3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@fast\r\n*0\r\n*0\r\n*0\r\n",
            "COMMAND", "INFO", "time");
        client.Expect("*2\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
            + "*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+ACCESS\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
            + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n*-1\r\n",
            "COMMAND", "INFO", "GET", "no-such-command");
        int count = _server.Server.Commands.Count;
        client.Expect($":{count}\r\n", "COMMAND", "COUNT");
        Assert.Equal(count, client.Call("COMMAND").Items!.Count);
        Assert.Equal(count, client.Call("COMMAND", "INFO").Items!.Count);

        var client_ = client.Call("COMMAND", "INFO", "client").Items![0];
        Assert.Equal(-2, client_.Items![1].Integer);
        var subcommands = client_.Items[9].Items!.Select(s => s.Items![0].Text).ToList();
        Assert.Contains("client|list", subcommands);
        Assert.Equal("client|kill", client.Call("COMMAND", "INFO", "client|kill").Items![0].Items![0].Text);

        var names = client.Call("COMMAND", "LIST").Items!.Select(i => i.Text).ToList();
        Assert.Contains("get", names);
        Assert.Contains("config|set", names);
        Assert.Equal(["client"], client.Call("COMMAND", "LIST", "FILTERBY", "PATTERN", "cl*nt").Items!.Select(i => i.Text));
        var pubsub = client.Call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "pubsub").Items!.Select(i => i.Text).ToList();
        Assert.Contains("publish", pubsub);
        Assert.DoesNotContain("get", pubsub);
        client.Expect("*0\r\n", "COMMAND", "LIST", "FILTERBY", "MODULE", "json");
        client.Expect("-ERR syntax error\r\n", "COMMAND", "LIST", "FILTERBY", "COLOR", "red");

        client.Expect("*2\r\n$3\r\nget\r\n*6\r\n$7\r\nsummary\r\n" + Bulk("Returns the string value of a key.") + "$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n",
            "COMMAND", "DOCS", "get", "nope");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("%1\r\n$4\r\ntime\r\n%3\r\n$7\r\nsummary\r\n" + Bulk("Returns the server time.") + "$5\r\nsince\r\n$5\r\n2.6.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n",
            "COMMAND", "DOCS", "TIME");
        var docs = client.Call("COMMAND", "DOCS");
        Assert.Equal(count * 2, docs.Items!.Count);
        client.Expect("*1\r\n*10\r\n$4\r\ntime\r\n:1\r\n~3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n~1\r\n+@fast\r\n~0\r\n*0\r\n*0\r\n",
            "COMMAND", "INFO", "time");

        client.Expect("*1\r\n$1\r\na\r\n", "COMMAND", "GETKEYS", "SET", "a", "b");
        client.Expect("*2\r\n$1\r\na\r\n$1\r\nb\r\n", "COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2");
        client.Expect("-ERR Invalid command specified\r\n", "COMMAND", "GETKEYS", "NOPE", "a");
        client.Expect("-ERR Invalid number of arguments specified for command\r\n", "COMMAND", "GETKEYS", "GET", "a", "b");
        client.Expect("-ERR The command has no key arguments\r\n", "COMMAND", "GETKEYS", "PING", "x");
        client.Expect("-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n", "COMMAND", "foo");
    }

    [Fact]
    public void Config_get_and_set()
    {
        using var client = _server.Connect();
        string port = _server.Port.ToString(CultureInfo.InvariantCulture);
        client.Expect("*2\r\n$4\r\nport\r\n" + Bulk(port), "CONFIG", "GET", "port");
        client.Expect("*4\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n", "CONFIG", "GET", "maxmemory*");
        client.Expect("*4\r\n$9\r\ndatabases\r\n$2\r\n16\r\n$4\r\nsave\r\n$0\r\n\r\n", "CONFIG", "GET", "databases", "save", "DATABASES");
        client.Expect("*0\r\n", "CONFIG", "GET", "no-such-*");
        var all = client.Call("CONFIG", "GET", "*").Items!.Where((_, i) => i % 2 == 0).Select(i => i.Text).ToList();
        foreach (var name in new[] { "bind", "dir", "dbfilename", "appendonly", "appendfsync", "requirepass", "maxclients", "proto-max-bulk-len",
            "client-query-buffer-limit", "notify-keyspace-events", "slowlog-log-slower-than", "slowlog-max-len", "timeout", "hz" })
        {
            Assert.Contains(name, all);
        }

        client.Expect("+OK\r\n", "CONFIG", "SET", "slowlog-log-slower-than", "5", "slowlog-max-len", "7");
        client.Expect("*4\r\n$23\r\nslowlog-log-slower-than\r\n$1\r\n5\r\n$15\r\nslowlog-max-len\r\n$1\r\n7\r\n", "CONFIG", "GET", "slowlog-*");
        client.Expect("-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n", "CONFIG", "SET", "nosuch", "1");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config\r\n", "CONFIG", "SET", "port", "1");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n", "CONFIG", "SET", "maxclients", "0");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument couldn't be parsed into an integer\r\n", "CONFIG", "SET", "slowlog-max-len", "x");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.\r\n", "CONFIG", "SET", "notify-keyspace-events", "KQ");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - duplicate parameter\r\n", "CONFIG", "SET", "slowlog-max-len", "1", "slowlog-max-len", "2");
        client.Expect("-ERR wrong number of arguments for 'config|set' command\r\n", "CONFIG", "SET", "hz", "1", "timeout");
        client.Expect("-ERR wrong number of arguments for 'config|get' command\r\n", "CONFIG", "GET");
        // all or nothing: the valid first change is undone
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer\r\n",
            "CONFIG", "SET", "slowlog-max-len", "99", "maxclients", "many");
        client.Expect("*2\r\n$15\r\nslowlog-max-len\r\n$1\r\n7\r\n", "CONFIG", "GET", "slowlog-max-len");

        client.Expect("+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", "KEA");
        client.Expect("*2\r\n$22\r\nnotify-keyspace-events\r\n$3\r\nAKE\r\n", "CONFIG", "GET", "notify-keyspace-events");
        client.Expect("+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", "Elg$");
        client.Expect("*2\r\n$22\r\nnotify-keyspace-events\r\n$4\r\ng$lE\r\n", "CONFIG", "GET", "notify-keyspace-events");
        client.Expect("+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", "");
        client.Expect("-ERR The server is running without a config file\r\n", "CONFIG", "REWRITE");
        client.Expect("-ERR unknown subcommand 'x'. Try CONFIG HELP.\r\n", "CONFIG", "x");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("%1\r\n$2\r\nhz\r\n$2\r\n10\r\n", "CONFIG", "GET", "hz");
    }

    [Fact]
    public void Config_set_requirepass_and_maxclients_apply_to_new_connections()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "CONFIG", "SET", "requirepass", "s3cret");
        client.Expect("*2\r\n$11\r\nrequirepass\r\n$6\r\ns3cret\r\n", "CONFIG", "GET", "requirepass");
        client.Expect("+PONG\r\n", "PING"); // already authenticated
        using (var late = _server.Connect())
        {
            late.Expect("-NOAUTH Authentication required.\r\n", "GET", "k");
            late.Expect("+OK\r\n", "AUTH", "s3cret");
            late.Expect("$-1\r\n", "GET", "k");
        }
        client.Expect("+OK\r\n", "CONFIG", "SET", "requirepass", "");
        using (var free = _server.Connect())
        {
            free.Expect("$-1\r\n", "GET", "k");
        }
        client.Expect("+OK\r\n", "CONFIG", "SET", "maxclients", "1");
        using (var refused = _server.Connect())
        {
            Assert.Equal("-ERR max number of clients reached\r\n", refused.ReadBytes(36));
        }
        client.Expect("+OK\r\n", "CONFIG", "SET", "maxclients", "10000");
    }

    [Fact]
    public void Info_sections_have_real_values()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "CONFIG", "RESETSTAT");
        client.Expect("+OK\r\n", "SET", "a", "1");
        client.Expect("+OK\r\n", "SET", "b", "2", "EX", "100");
        client.Expect("$1\r\n1\r\n", "GET", "a");
        client.Expect("$-1\r\n", "GET", "missing");
        client.Expect("+OK\r\n", "SET", "s", "text");
        client.Expect("-ERR value is not an integer or out of range\r\n", "INCR", "s");
        client.Expect("-ERR value is not an integer or out of range\r\n", "INCR", "s");
        client.Expect("-ERR wrong number of arguments for 'get' command\r\n", "GET");
        client.Expect("+OK\r\n", "SELECT", "2");
        client.Expect("+OK\r\n", "SET", "c", "3");

        client.Expect(Bulk("# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=0\r\ndb2:keys=1,expires=0,avg_ttl=0\r\n"), "INFO", "keyspace");
        string server = client.Call("INFO", "server").Text!;
        Assert.StartsWith("# Server\r\nredis_version:7.2.0\r\n", server);
        Assert.Contains($"\r\ntcp_port:{_server.Port}\r\n", server);
        Assert.Contains($"\r\nprocess_id:{Environment.ProcessId}\r\n", server);
        Assert.Matches(@"\r\nmnemo_version:\d+\.\d+\.\d+\r\n", server);
        Assert.Contains("\r\narch_bits:64\r\n", server);
        Assert.Contains("\r\nuptime_in_days:0\r\n", server);

        string stats = client.Call("INFO", "stats").Text!;
        Assert.Contains("\r\nkeyspace_hits:1\r\n", stats);
        Assert.Contains("\r\nkeyspace_misses:1\r\n", stats);
        Assert.Contains("\r\ntotal_error_replies:3\r\n", stats);
        Assert.Contains("\r\npubsub_channels:0\r\n", stats);
        // .NET runtime figures: counters since start, so only their form is fixed
        Assert.Matches(@"\r\ngc_collections_gen0:\d+\r\ngc_collections_gen1:\d+\r\ngc_collections_gen2:\d+\r\ngc_allocated_bytes:\d+\r\ngc_pause_total_ms:\d+\.\d{3}\r\nlock_contention_count:\d+\r\n", stats);

        string commandstats = client.Call("INFO", "commandstats").Text!;
        Assert.Matches(@"\r\ncmdstat_get:calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0\r\n", commandstats);
        Assert.Matches(@"\r\ncmdstat_incr:calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=2\r\n", commandstats);
        Assert.Matches(@"\r\ncmdstat_config\|resetstat:calls=1,", commandstats);
        Assert.DoesNotContain("cmdstat_config:", commandstats);

        Assert.Contains("# Errorstats\r\nerrorstat_ERR:count=3\r\n", client.Call("INFO", "errorstats").Text);
        string memory = client.Call("INFO", "memory").Text!;
        Assert.Matches(@"\r\nused_memory:\d+\r\nused_memory_human:\d+\.\d\d[KMG]\r\n", memory);
        Assert.Contains("\r\nmaxmemory_policy:noeviction\r\n", memory);
        Assert.Contains("role:master\r\nconnected_slaves:0\r\n", client.Call("INFO", "replication").Text);
        Assert.Contains("loading:0\r\n", client.Call("INFO", "persistence").Text);
        Assert.Contains("aof_enabled:0\r\n", client.Call("INFO", "persistence").Text);
        Assert.Contains("\r\nconnected_clients:1\r\n", client.Call("INFO", "clients").Text);

        string all = client.Call("INFO").Text!;
        foreach (var header in new[] { "# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication", "# CPU", "# Errorstats", "# Keyspace" })
        {
            Assert.Contains(header + "\r\n", all);
        }
        Assert.DoesNotContain("# Commandstats", all);
        Assert.Contains("# Commandstats", client.Call("INFO", "all").Text);
        client.Expect("$0\r\n\r\n", "INFO", "nonsense");
        Assert.StartsWith("# Clients\r\n", client.Call("INFO", "CLIENTS", "cpu").Text);

        client.Expect("+OK\r\n", "CONFIG", "RESETSTAT");
        Assert.Contains("\r\nkeyspace_hits:0\r\n", client.Call("INFO", "stats").Text);
        Assert.DoesNotContain("cmdstat_get", client.Call("INFO", "commandstats").Text);
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        var verbatim = client.Call("INFO", "cluster");
        Assert.Equal('=', verbatim.Type);
        Assert.Equal("txt:# Cluster\r\ncluster_enabled:0\r\n", verbatim.Text);
    }

    [Fact]
    public void Info_run_twice_in_a_row_counts_the_first_call()
    {
        // The connection adds its tallies per run of one command; INFO after INFO (pipelined or in
        // one transaction) must still see the first INFO, and a second RESETSTAT must reset it.
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "CONFIG", "RESETSTAT");
        client.Expect("+QUEUED\r\n", "INFO", "stats");
        client.Expect("+QUEUED\r\n", "INFO", "commandstats");
        client.Expect("+QUEUED\r\n", "INFO", "stats");
        client.Expect("+QUEUED\r\n", "CONFIG", "RESETSTAT");
        client.Expect("+QUEUED\r\n", "CONFIG", "RESETSTAT");
        client.Expect("+QUEUED\r\n", "INFO", "stats");
        var replies = client.Call("EXEC").Items!;
        Assert.Contains("\r\ntotal_commands_processed:1\r\n", replies[1].Text);
        Assert.Contains("\r\ncmdstat_info:calls=1,", replies[2].Text);
        Assert.Contains("\r\ntotal_commands_processed:3\r\n", replies[3].Text);
        Assert.Contains("\r\ntotal_commands_processed:1\r\n", replies[6].Text);

        var pipeline = new List<byte>();
        foreach (var args in new[] { new[] { "CONFIG", "RESETSTAT" }, ["INFO", "stats"], ["INFO", "stats"], ["INFO", "commandstats"] })
        {
            pipeline.AddRange(RawClient.Encode(args));
        }
        client.SendRaw(pipeline.ToArray());
        Assert.Equal("OK", client.Read().Text);
        Assert.Contains("\r\ntotal_commands_processed:1\r\n", client.Read().Text);
        Assert.Contains("\r\ntotal_commands_processed:2\r\n", client.Read().Text);
        Assert.Contains("\r\ncmdstat_info:calls=2,", client.Read().Text);
    }

    [Fact]
    public void Time_follows_the_store_clock()
    {
        using var client = _server.Connect();
        client.Expect("*2\r\n$10\r\n1893456000\r\n$1\r\n0\r\n", "TIME");
        _server.Clock.Advance(TimeSpan.FromTicks(15_002_500));
        client.Expect("*2\r\n$10\r\n1893456001\r\n$6\r\n500250\r\n", "TIME");
        client.Expect("-ERR wrong number of arguments for 'time' command\r\n", "TIME", "now");
    }

    [Fact]
    public void Debug_sleep_and_latency()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "DEBUG", "SLEEP", "0");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        client.Expect("+OK\r\n", "DEBUG", "SLEEP", "0.2");
        Assert.True(watch.ElapsedMilliseconds >= 180);
        client.Expect("-ERR value is not a valid float\r\n", "DEBUG", "SLEEP", "x");
        client.Expect("-ERR unknown subcommand or wrong number of arguments for 'jmap'. Try DEBUG HELP.\r\n", "DEBUG", "jmap");
        client.Expect("*0\r\n", "LATENCY", "LATEST");
        client.Expect("*0\r\n", "LATENCY", "HISTORY", "command");
        client.Expect(":0\r\n", "LATENCY", "RESET");
        client.Expect("-ERR No samples available for event 'command'\r\n", "LATENCY", "GRAPH", "command");
        Assert.StartsWith("I'm sorry, Dave", client.Call("LATENCY", "DOCTOR").Text);
        Assert.True(client.Call("LATENCY", "HELP").Items!.Count > 5);
    }

    [Fact]
    public async Task Shutdown_stops_the_server()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Connect();
        using var other = server.Connect();
        client.Expect("-ERR syntax error\r\n", "SHUTDOWN", "SAVE", "NOSAVE");
        client.Expect("-ERR syntax error\r\n", "SHUTDOWN", "LATER");
        client.Expect("-ERR No shutdown in progress.\r\n", "SHUTDOWN", "ABORT");
        client.Send("SHUTDOWN", "NOSAVE");
        Assert.True(client.IsClosedByServer());
        Assert.True(other.IsClosedByServer());
        await server.Server.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.ThrowsAny<System.Net.Sockets.SocketException>(() => server.Connect());
    }
}
