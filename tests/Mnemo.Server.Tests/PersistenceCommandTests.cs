using System.Globalization;
using Mnemo.Persistence;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>SAVE, BGSAVE, BGREWRITEAOF, LASTSAVE, INFO persistence, CONFIG of persistence, SHUTDOWN SAVE/NOSAVE, restarts.</summary>
public sealed class PersistenceCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mnemo-server-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>A server with a journal in the test's directory, a manual clock and no autosave (nothing happens by itself).</summary>
    private Task<TestServer> StartAsync(DurabilityMode mode = DurabilityMode.Journal, IReadOnlyList<SaveRule>? rules = null, JournalFsync fsync = JournalFsync.EverySecond) =>
        TestServer.StartAsync(o => o.Store = new MnemoStoreOptions
        {
            TimeProvider = o.Store.TimeProvider,
            ActiveExpiryInterval = TimeSpan.Zero,
            Persistence = new MnemoPersistenceOptions { Directory = _dir, Mode = mode, Fsync = fsync, SaveRules = rules ?? [] },
        });

    private static string Bulk(string text) => $"${text.Length}\r\n{text}\r\n";

    private static Dictionary<string, string> Info(RawClient client) =>
        client.Call("INFO", "persistence").Text!.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public async Task Save_lastsave_and_info_report_the_snapshot()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        long started = server.Clock.GetUtcNow().ToUnixTimeSeconds();
        client.Expect($":{started}\r\n", "LASTSAVE");
        client.Expect("+OK\r\n", "SET", "a", "1");
        client.Expect("+OK\r\n", "SET", "b", "2");
        var info = Info(client);
        Assert.Equal("2", info["rdb_changes_since_last_save"]);
        Assert.Equal("0", info["rdb_saves"]);
        Assert.Equal("-1", info["rdb_last_bgsave_time_sec"]);

        server.Clock.Advance(TimeSpan.FromSeconds(100));
        client.Expect("+OK\r\n", "SAVE");
        client.Expect($":{started + 100}\r\n", "LASTSAVE");
        info = Info(client);
        Assert.Equal("0", info["loading"]);
        Assert.Equal("0", info["rdb_changes_since_last_save"]);
        Assert.Equal("0", info["rdb_bgsave_in_progress"]);
        Assert.Equal((started + 100).ToString(CultureInfo.InvariantCulture), info["rdb_last_save_time"]);
        Assert.Equal("ok", info["rdb_last_bgsave_status"]);
        Assert.Equal("0", info["rdb_last_bgsave_time_sec"]);
        Assert.Equal("-1", info["rdb_current_bgsave_time_sec"]);
        Assert.Equal("1", info["rdb_saves"]);
        Assert.Equal("1", info["aof_enabled"]);
        Assert.Equal("0", info["aof_rewrite_in_progress"]);
        Assert.Equal("ok", info["aof_last_write_status"]);
        Assert.Equal("ok", info["aof_last_bgrewrite_status"]);
        Assert.Equal("journal", info["mnemo_persistence"]);
        Assert.Equal(_dir, info["mnemo_dir"]);
        Assert.Equal("everysec", info["mnemo_appendfsync"]);
        Assert.Equal("2", info["mnemo_journal_sequence"]);
        Assert.Equal("0", info["mnemo_writes_refused"]);
        // after a snapshot the journal restarts: a fresh segment holding only its 24-byte header
        Assert.Equal("24", info["aof_current_size"]);
        Assert.True(long.Parse(info["aof_base_size"], CultureInfo.InvariantCulture) > 40);
        Assert.Single(Directory.GetFiles(_dir, "dump.mnemo.*"));
    }

    [Fact]
    public async Task Bgsave_and_bgrewriteaof_reply_as_redis_and_write_a_snapshot()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v");
        client.Expect("+Background saving started\r\n", "BGSAVE");
        server.Server.Store.Persistence!.WaitForSnapshot();
        Assert.Equal("1", Info(client)["rdb_saves"]);
        client.Expect("+OK\r\n", "SET", "k2", "v");
        client.Expect("+Background append only file rewriting started\r\n", "BGREWRITEAOF");
        server.Server.Store.Persistence!.WaitForSnapshot();
        var info = Info(client);
        Assert.Equal("2", info["rdb_saves"]);
        Assert.Equal("2", info["aof_rewrites"]);
        Assert.Equal("0", info["rdb_changes_since_last_save"]);
        client.Expect("+Background saving started\r\n", "BGSAVE", "SCHEDULE");
        client.Expect("-ERR syntax error\r\n", "BGSAVE", "LATER");
        client.Expect("-ERR syntax error\r\n", "BGSAVE", "SCHEDULE", "SCHEDULE");
        client.Expect("-ERR wrong number of arguments for 'bgrewriteaof' command\r\n", "BGREWRITEAOF", "x");
        client.Expect("-ERR wrong number of arguments for 'save' command\r\n", "SAVE", "x");
        client.Expect("-ERR wrong number of arguments for 'lastsave' command\r\n", "LASTSAVE", "x");
    }

    [Fact]
    public async Task Bgsave_in_a_transaction_is_scheduled_and_save_is_refused()
    {
        await using var server = await StartAsync();
        using var client = server.Connect();
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "SET", "k", "v");
        client.Expect("+QUEUED\r\n", "BGSAVE");
        client.Expect("+QUEUED\r\n", "SAVE");
        client.Expect("*3\r\n+OK\r\n+Background saving scheduled\r\n-ERR Command not allowed inside a transaction\r\n", "EXEC");
        // the scheduled snapshot is taken after the transaction: it holds the key
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Info(client)["rdb_saves"] != "1")
        {
            Assert.True(DateTime.UtcNow < deadline, "the scheduled BGSAVE did not run");
            await Task.Delay(20);
        }
        Assert.Equal("0", Info(client)["rdb_changes_since_last_save"]);
    }

    [Fact]
    public async Task Without_a_data_directory_saving_is_an_error()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Connect();
        client.Expect("-ERR this store has no data directory (persistence is off)\r\n", "SAVE");
        client.Expect("-ERR this store has no data directory (persistence is off)\r\n", "BGSAVE");
        client.Expect("-ERR this store has no data directory (persistence is off)\r\n", "BGREWRITEAOF");
        client.Expect($":{server.Server.StartedAt.ToUnixTimeSeconds()}\r\n", "LASTSAVE");
        var info = Info(client);
        Assert.Equal(("0", "0", "none"), (info["aof_enabled"], info["rdb_saves"], info["mnemo_persistence"]));
        client.Expect("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n", "CONFIG", "GET", "appendonly");
    }

    [Fact]
    public async Task Config_reports_the_persistence_settings_and_refuses_to_change_them()
    {
        await using var server = await StartAsync(rules: [new(TimeSpan.FromSeconds(900), 1), new(TimeSpan.FromSeconds(60), 10000)], fsync: JournalFsync.Always);
        using var client = server.Connect();
        client.Expect("*2\r\n$10\r\nappendonly\r\n$3\r\nyes\r\n", "CONFIG", "GET", "appendonly");
        client.Expect("*2\r\n$11\r\nappendfsync\r\n$6\r\nalways\r\n", "CONFIG", "GET", "appendfsync");
        client.Expect("*2\r\n$4\r\nsave\r\n" + Bulk("900 1 60 10000"), "CONFIG", "GET", "save");
        client.Expect("*2\r\n$3\r\ndir\r\n" + Bulk(_dir), "CONFIG", "GET", "dir");
        client.Expect("*2\r\n$10\r\ndbfilename\r\n$10\r\ndump.mnemo\r\n", "CONFIG", "GET", "dbfilename");
        // the value in force is accepted; a change is refused with the reason
        client.Expect("+OK\r\n", "CONFIG", "SET", "appendonly", "YES", "appendfsync", "always", "save", "900  1 60 10000");
        client.Expect("+OK\r\n", "CONFIG", "SET", "dir", _dir + "/", "dbfilename", "dump.mnemo");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'appendonly') - Mnemo cannot change 'appendonly' at run time (the data directory is opened at start); restart the server with --appendonly\r\n",
            "CONFIG", "SET", "appendonly", "no");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'appendfsync') - Mnemo cannot change 'appendfsync' at run time (the data directory is opened at start); restart the server with --appendfsync\r\n",
            "CONFIG", "SET", "appendfsync", "everysec");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'save') - Mnemo cannot change 'save' at run time (the data directory is opened at start); restart the server with --save\r\n",
            "CONFIG", "SET", "save", "");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'\r\n", "CONFIG", "SET", "appendonly", "maybe");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: always, everysec, no\r\n", "CONFIG", "SET", "appendfsync", "x");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n", "CONFIG", "SET", "save", "900");
        client.Expect("-ERR CONFIG SET failed (possibly related to argument 'dir') - Mnemo cannot change 'dir' at run time (the data directory is opened at start); restart the server with --dir\r\n",
            "CONFIG", "SET", "dir", "/tmp");
    }

    [Fact]
    public async Task A_restarted_server_has_the_data_of_the_journal_and_of_the_snapshot()
    {
        await using (var first = await StartAsync())
        {
            using var client = first.Connect();
            client.Expect("+OK\r\n", "SET", "before", "snapshot");
            client.Expect("+OK\r\n", "SAVE");
            client.Expect(":3\r\n", "RPUSH", "list", "a", "b", "c");
            client.Expect("+OK\r\n", "MULTI");
            client.Expect("+QUEUED\r\n", "INCR", "n");
            client.Expect("+QUEUED\r\n", "INCR", "n");
            client.Expect("*2\r\n:1\r\n:2\r\n", "EXEC");
        }
        await using var second = await StartAsync();
        using var again = second.Connect();
        again.Expect("$8\r\nsnapshot\r\n", "GET", "before");
        again.Expect("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", "LRANGE", "list", "0", "-1");
        again.Expect("$1\r\n2\r\n", "GET", "n");
        var info = Info(again);
        Assert.Equal(("1", "3"), (info["mnemo_recovered_keys"], info["mnemo_recovered_records"]));
    }

    [Fact]
    public async Task A_blocked_pop_served_by_another_client_is_journaled_before_its_reply()
    {
        await using (var first = await StartAsync(fsync: JournalFsync.Always))
        {
            using var waiter = first.Connect();
            using var pusher = first.Connect();
            waiter.Send("BLPOP", "queue", "0");
            await Task.Delay(100);
            pusher.Expect(":1\r\n", "LPUSH", "queue", "job");
            waiter.ExpectIncoming("*2\r\n$5\r\nqueue\r\n$3\r\njob\r\n");
            // the push is change 1, the pop change 2: the pop's reply came after it was fsynced
            Assert.True(first.Server.Store.Persistence!.Journal!.SyncedSequence >= 2);
            pusher.Expect(":1\r\n", "LPUSH", "done", "x");
        }
        await using var second = await StartAsync();
        using var client = second.Connect();
        client.Expect(":0\r\n", "EXISTS", "queue");
        client.Expect(":1\r\n", "EXISTS", "done");
    }

    [Fact]
    public async Task Shutdown_nosave_skips_the_final_snapshot_and_save_forces_one()
    {
        var rules = new[] { new SaveRule(TimeSpan.FromSeconds(3600), 1) };
        await using (var server = await StartAsync(DurabilityMode.Snapshot, rules))
        {
            using var client = server.Connect();
            client.Expect("+OK\r\n", "SET", "lost", "1");
            client.Send("SHUTDOWN", "NOSAVE");
            Assert.True(client.IsClosedByServer());
            await server.Server.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        Assert.Empty(Directory.GetFiles(_dir, "dump.mnemo.*"));
        await using (var server = await StartAsync(DurabilityMode.Snapshot, rules))
        {
            using var client = server.Connect();
            client.Expect(":0\r\n", "EXISTS", "lost");
            client.Expect("+OK\r\n", "SET", "kept", "1");
            client.Send("SHUTDOWN", "SAVE");
            Assert.True(client.IsClosedByServer());
            Assert.Single(Directory.GetFiles(_dir, "dump.mnemo.*"));
        }
        await using (var server = await StartAsync(DurabilityMode.Snapshot, rules))
        {
            using var client = server.Connect();
            client.Expect(":1\r\n", "EXISTS", "kept");
        }
    }
}
