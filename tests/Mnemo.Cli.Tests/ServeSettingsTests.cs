using System.Net;
using Mnemo.Persistence;

namespace Mnemo.Cli.Tests;

public class ServeSettingsTests
{
    private static ServeSettings Load(params string[] args) => Program.LoadSettings(args, TextReader.Null);

    private static string Rejected(params string[] args) => Assert.Throws<ConfigException>(() => Load(args)).Message;

    [Fact]
    public void Defaults_are_redis_servers_with_a_journal_in_a_local_data_folder()
    {
        var options = Load().ToServerOptions();
        var persistence = options.Store.Persistence!;
        Assert.Equal("./data", persistence.Directory);
        Assert.Equal(DurabilityMode.Journal, persistence.Mode);
        Assert.Equal(JournalFsync.EverySecond, persistence.Fsync);
        Assert.Equal(MnemoPersistenceOptions.DefaultSaveRules, persistence.SaveRules);
        Assert.Equal("dump.mnemo", persistence.SnapshotFileName);
        Assert.Equal(6379, options.Port);
        Assert.Equal([IPAddress.Loopback], options.Bind);
        Assert.Null(options.RequirePassword);
        Assert.Equal(16, options.Store.Databases);
        Assert.Equal(10_000, options.MaxClients);
        Assert.Equal(512L * 1024 * 1024, options.ProtoMaxBulkLength);
        Assert.True(options.UnsafePreferInlineScheduling);
        Assert.Equal(0, Load().IoThreads);
    }

    [Fact]
    public void Options_map_to_the_server_options()
    {
        var options = Load("--port", "6380", "--bind", "127.0.0.1", "::1", "--requirepass", "s3cret", "--databases", "4",
            "--maxclients", "50", "--proto-max-bulk-len", "2mb", "--client-query-buffer-limit", "1gb",
            "--inline-scheduling", "no", "--io-threads", "4").ToServerOptions();
        Assert.Equal(4, Load("--io-threads", "4").IoThreads);
        Assert.Equal(6380, options.Port);
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], options.Bind);
        Assert.Equal("s3cret", options.RequirePassword);
        Assert.Equal(4, options.Store.Databases);
        Assert.Equal(50, options.MaxClients);
        Assert.Equal(2L * 1024 * 1024, options.ProtoMaxBulkLength);
        Assert.Equal(1024L * 1024 * 1024, options.ClientQueryBufferLimit);
        Assert.False(options.UnsafePreferInlineScheduling);
    }

    [Theory]
    [InlineData("127.0.0.1 ::1")]
    [InlineData("127.0.0.1 -::1")]
    public void Bind_takes_several_addresses_in_one_argument(string value) =>
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], Load("--bind", value).Bind);

    [Fact]
    public void Bind_understands_wildcards_and_localhost() =>
        Assert.Equal([IPAddress.Any, IPAddress.IPv6Any, IPAddress.Loopback], Load("--bind", "*", "::*", "localhost").Bind);

    [Fact]
    public void An_empty_requirepass_means_no_password() => Assert.Null(Load("--requirepass", "x", "--requirepass", "").RequirePassword);

    [Theory]
    [InlineData("--maxmemory", "0")]
    [InlineData("--maxmemory", "0mb")]
    [InlineData("--maxmemory-policy", "noeviction")]
    public void Settings_that_match_what_Mnemo_does_are_accepted(string option, string value) => Load(option, value);

    [Theory]
    [InlineData("maxmemory above 0", "--maxmemory", "100mb")]
    [InlineData("maxmemory-policy allkeys-lru", "--maxmemory-policy", "allkeys-lru")]
    [InlineData("maxmemory-policy volatile-ttl", "--maxmemory-policy", "volatile-ttl")]
    public void Options_Mnemo_does_not_honour_yet_are_refused_by_name(string what, params string[] args)
    {
        string message = Rejected(args);
        Assert.StartsWith($"command line: '{string.Join(' ', args[0], ConfigParser.Quote(args[1]))}", message, StringComparison.Ordinal);
        Assert.Contains($"{what} is not supported yet", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_message_says_why_and_what_to_use_instead() =>
        Assert.Equal(
            "command line: '--maxmemory 100mb': maxmemory above 0 is not supported yet: Mnemo has no memory limit or eviction yet (use --maxmemory 0 or leave it out)",
            Rejected("--maxmemory", "100mb"));

    [Theory]
    [InlineData("argument must be between 0 and 65535 inclusive", "--port", "65536")]
    [InlineData("argument must be between 0 and 65535 inclusive", "--port", "http")]
    [InlineData("argument must be between 1 and 2147483647 inclusive", "--databases", "0")]
    [InlineData("argument must be between 1 and 2147483647 inclusive", "--maxclients", "-1")]
    [InlineData("argument must be 'yes' or 'no'", "--appendonly", "maybe")]
    [InlineData("argument(s) must be one of the following: always, everysec, no", "--appendfsync", "sometimes")]
    [InlineData("argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction", "--maxmemory-policy", "lru")]
    [InlineData("argument must be a memory value", "--maxmemory", "lots")]
    [InlineData("argument must be between 1048576 and 9223372036854775807 inclusive", "--proto-max-bulk-len", "1k")]
    [InlineData("Invalid save parameters", "--save", "900")]
    [InlineData("Invalid save parameters", "--save", "900 x")]
    [InlineData("Invalid save parameters", "--save", "-1 1")]
    [InlineData("dbfilename can't be a path, just a filename", "--dbfilename", "../dump")]
    [InlineData("dbfilename can't be a path, just a filename", "--dbfilename", "")]
    [InlineData("the data directory must not be empty", "--dir", "")]
    [InlineData("Invalid bind address 'nowhere'", "--bind", "nowhere")]
    [InlineData("argument must be between 1 and 128 inclusive", "--io-threads", "0")]
    [InlineData("wrong number of arguments", "--port", "1", "2")]
    [InlineData("wrong number of arguments", "--port")]
    [InlineData("Bad directive or wrong number of arguments (not an option Mnemo knows)", "--loglevel", "debug")]
    public void Bad_values_are_errors(string expected, params string[] args) => Assert.EndsWith(": " + expected, Rejected(args), StringComparison.Ordinal);

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1k", 1000)]
    [InlineData("1kb", 1024)]
    [InlineData("3M", 3_000_000)]
    [InlineData("3mb", 3L * 1024 * 1024)]
    [InlineData("2g", 2_000_000_000)]
    [InlineData("2GB", 2L * 1024 * 1024 * 1024)]
    public void Memory_values_take_redis_units(string text, long bytes) => Assert.Equal(bytes, ServeSettings.Memory(text, 0, long.MaxValue));

    [Fact]
    public void The_command_line_overrides_the_config_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnemo-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "# test\nport 7000\nrequirepass \"from file\"\ndatabases 2\nsave 900 1\nappendonly no\n");
        try
        {
            // A later --save "" clears the file's save points, as in redis-server: nothing left to keep on disk.
            var settings = Load(path, "--port", "7001", "--save", "");
            Assert.Equal(7001, settings.Port);
            Assert.Equal("from file", settings.RequirePassword);
            Assert.Equal(2, settings.Databases);
            Assert.Empty(settings.SaveRules);
            Assert.Null(settings.ToServerOptions().Store.Persistence);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_later_directive_lifts_a_refusal()
    {
        Load("--maxmemory", "1gb", "--maxmemory", "0", "--maxmemory-policy", "allkeys-lru", "--maxmemory-policy", "noeviction");
        Assert.StartsWith("command line: '--maxmemory 1gb'", Rejected("--maxmemory", "0", "--maxmemory", "1gb"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_file_directive_names_the_file_and_line()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnemo-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "port 7000\nmaxmemory 1gb\n");
        try
        {
            string message = Rejected(path);
            Assert.StartsWith($"{path}, line 2: 'maxmemory 1gb': maxmemory above 0 is not supported yet", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_config_can_come_from_stdin()
    {
        var settings = Program.LoadSettings(["-", "--databases", "3"], new StringReader("port 7002\ndatabases 9\n"));
        Assert.Equal((7002, 3), (settings.Port, settings.Databases));
    }

    [Fact]
    public void A_missing_config_file_is_an_error() =>
        Assert.StartsWith("cannot open config file '/nonexistent/mnemo.conf'", Rejected("/nonexistent/mnemo.conf"), StringComparison.Ordinal);

    [Fact]
    public void Persistence_options_map_to_the_store()
    {
        var persistence = Load("--dir", "/var/lib/mnemo", "--dbfilename", "snap.bin", "--appendfsync", "always", "--save", "900 1 300 10")
            .ToServerOptions().Store.Persistence!;
        Assert.Equal("/var/lib/mnemo", persistence.Directory);
        Assert.Equal("snap.bin", persistence.SnapshotFileName);
        Assert.Equal(JournalFsync.Always, persistence.Fsync);
        Assert.Equal(DurabilityMode.Journal, persistence.Mode);
        Assert.Equal([new SaveRule(TimeSpan.FromSeconds(900), 1), new SaveRule(TimeSpan.FromSeconds(300), 10)], persistence.SaveRules);
        Assert.Equal(JournalFsync.OperatingSystem, Load("--appendfsync", "NO").ToServerOptions().Store.Persistence!.Fsync);
        Assert.Equal(JournalFsync.EverySecond, Load("--appendfsync", "everysec").ToServerOptions().Store.Persistence!.Fsync);
    }

    [Fact]
    public void Appendonly_no_keeps_snapshots_only_and_without_save_points_nothing()
    {
        var snapshots = Load("--appendonly", "NO").ToServerOptions().Store.Persistence!;
        Assert.Equal(DurabilityMode.Snapshot, snapshots.Mode);
        Assert.Equal(MnemoPersistenceOptions.DefaultSaveRules, snapshots.SaveRules);
        Assert.Null(Load("--appendonly", "no", "--save", "").ToServerOptions().Store.Persistence);
        Assert.Null(Load("--appendonly", "no", "--save", "  ").ToServerOptions().Store.Persistence);
        Assert.Equal(DurabilityMode.None, Load("--save", "", "--appendonly", "no").Mode);
        // a journal without save points: snapshots only on SAVE/BGSAVE and to compact the journal
        var journal = Load("--save", "").ToServerOptions().Store.Persistence!;
        Assert.Equal(DurabilityMode.Journal, journal.Mode);
        Assert.Empty(journal.SaveRules);
    }

    [Fact]
    public void Save_lines_in_a_file_replace_the_defaults_then_add_up_and_an_empty_one_clears_them()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mnemo-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "dir /srv/mnemo\ndbfilename mnemo.snap\nappendonly yes\nappendfsync always\nsave 900 1\nsave 60 10000\n");
        try
        {
            var settings = Load(path);
            Assert.Equal([new SaveRule(TimeSpan.FromSeconds(900), 1), new SaveRule(TimeSpan.FromSeconds(60), 10000)], settings.SaveRules);
            Assert.Equal(("/srv/mnemo", "mnemo.snap", "always", true), (settings.Dir, settings.DbFilename, settings.AppendFsync, settings.AppendOnly));
            Assert.Empty(Load(path, "--save", "").SaveRules);
            Assert.Equal([new SaveRule(TimeSpan.FromSeconds(5), 1)], Load(path, "--save", "", "--save", "5 1").SaveRules);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
