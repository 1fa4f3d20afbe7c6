using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Mnemo.Server.Commands;

/// <summary>
/// INFO [section...]: the sections of Redis 7's INFO with Mnemo's real values (store counters,
/// command statistics, clients, GC memory, the store's persistence); replication reports what is true of
/// a server without it.
/// </summary>
[CommandFamily]
internal static class InfoCommand
{
    private static readonly string[] DefaultSections = ["server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace"];
    private static readonly string[] AllSections = [.. DefaultSections, "commandstats"];

    public static void Register(CommandTable table) =>
        table.Add("INFO", -1, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, Info);

    private static void Info(CommandContext ctx)
    {
        var sections = new List<string>();
        if (ctx.Count == 1)
        {
            sections.AddRange(DefaultSections);
        }
        for (int i = 1; i < ctx.Count; i++)
        {
            string name = ctx.ArgString(i).ToLowerInvariant();
            var add = name switch
            {
                "default" => DefaultSections,
                "all" => AllSections,
                "everything" => AllSections,
                _ => [name],
            };
            foreach (var section in add)
            {
                if (!sections.Contains(section))
                {
                    sections.Add(section);
                }
            }
        }
        string text = Build(ctx.Server, sections);
        ctx.Reply.WriteVerbatimString("txt"u8, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The INFO text of the given sections (unknown sections are left out).</summary>
    public static string Build(MnemoServer server, IEnumerable<string> sections)
    {
        var text = new StringBuilder();
        foreach (var section in sections)
        {
            var lines = Section(server, section);
            if (lines is null)
            {
                continue;
            }
            if (text.Length > 0)
            {
                text.Append("\r\n");
            }
            text.Append("# ").Append(Title(section)).Append("\r\n");
            foreach (var (key, value) in lines)
            {
                text.Append(key).Append(':').Append(value).Append("\r\n");
            }
        }
        return text.ToString();
    }

    private static string Title(string section) => section switch
    {
        "cpu" => "CPU",
        "commandstats" => "Commandstats",
        "errorstats" => "Errorstats",
        _ => char.ToUpperInvariant(section[0]) + section[1..],
    };

    private static List<(string, string)>? Section(MnemoServer server, string section) => section switch
    {
        "server" => ServerSection(server),
        "clients" => Clients(server),
        "memory" => Memory(server.Runtime),
        "persistence" => Persistence(server),
        "stats" => Stats(server),
        "replication" => Replication(),
        "cpu" => Cpu(),
        "modules" => [],
        "errorstats" => [.. server.Runtime.ErrorCounts.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => ("errorstat_" + e.Key, "count=" + I(e.Value)))],
        "cluster" => [("cluster_enabled", "0")],
        "keyspace" => Keyspace(server),
        "commandstats" => CommandStats(server),
        _ => null,
    };

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static List<(string, string)> ServerSection(MnemoServer server)
    {
        var uptime = DateTimeOffset.UtcNow - server.StartedAt;
        var version = typeof(MnemoServer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return
        [
            ("redis_version", ServerInfo.CompatibleRedisVersion),
            ("redis_git_sha1", "00000000"),
            ("redis_git_dirty", "0"),
            ("redis_build_id", "0"),
            ("redis_mode", "standalone"),
            ("mnemo_version", version),
            ("dotnet_version", RuntimeInformation.FrameworkDescription),
            ("os", RuntimeInformation.OSDescription.Replace("\r", "").Replace("\n", "")),
            ("arch_bits", Environment.Is64BitProcess ? "64" : "32"),
            ("monotonic_clock", "Stopwatch"),
            ("multiplexing_api", "kestrel"),
            ("process_id", I(Environment.ProcessId)),
            ("process_supervised", "no"),
            ("run_id", server.Runtime.RunId),
            ("tcp_port", I(server.Port)),
            ("server_time_usec", I((DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10)),
            ("uptime_in_seconds", I((long)uptime.TotalSeconds)),
            ("uptime_in_days", I((long)uptime.TotalDays)),
            ("hz", "10"),
            ("configured_hz", "10"),
            ("executable", Environment.ProcessPath ?? ""),
            ("config_file", ""),
            ("io_threads_active", "0"),
        ];
    }

    private static List<(string, string)> Clients(MnemoServer server)
    {
        int blocked = 0, pubsub = 0;
        foreach (var session in server.Clients.All)
        {
            blocked += session.Blocked ? 1 : 0;
            pubsub += session.SubscriptionCount > 0 ? 1 : 0;
        }
        return
        [
            ("connected_clients", I(server.Clients.Count)),
            ("cluster_connections", "0"),
            ("maxclients", I(server.Clients.MaxClients)),
            ("client_recent_max_input_buffer", "0"),
            ("client_recent_max_output_buffer", "0"),
            ("blocked_clients", I(blocked)),
            ("tracking_clients", "0"),
            ("pubsub_clients", I(pubsub)),
            ("clients_in_timeout_table", "0"),
        ];
    }

    private static List<(string, string)> Memory(ServerRuntime runtime)
    {
        long used = GC.GetTotalMemory(false);
        long peak = InterlockedMax(ref runtime.PeakMemory, used);
        long rss = Environment.WorkingSet;
        long total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return
        [
            ("used_memory", I(used)),
            ("used_memory_human", Human(used)),
            ("used_memory_rss", I(rss)),
            ("used_memory_rss_human", Human(rss)),
            ("used_memory_peak", I(peak)),
            ("used_memory_peak_human", Human(peak)),
            ("total_system_memory", I(total)),
            ("total_system_memory_human", Human(total)),
            ("maxmemory", "0"),
            ("maxmemory_human", "0B"),
            ("maxmemory_policy", "noeviction"),
            ("mem_fragmentation_ratio", (used > 0 ? (double)rss / used : 0).ToString("0.00", CultureInfo.InvariantCulture)),
            ("mem_allocator", "dotnet-gc"),
            ("gc_heap_count", I(GC.CollectionCount(0))),
        ];
    }

    private static long InterlockedMax(ref long target, long value)
    {
        long current = Volatile.Read(ref target);
        while (value > current)
        {
            long seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return value;
            }
            current = seen;
        }
        return current;
    }

    /// <summary>bytesToHuman: 512B, 1.50K, 2.00M, 3.25G.</summary>
    public static string Human(long bytes)
    {
        var inv = CultureInfo.InvariantCulture;
        double n = bytes;
        return bytes switch
        {
            < 1024 => I(bytes) + "B",
            < 1024L * 1024 => (n / 1024).ToString("0.00", inv) + "K",
            < 1024L * 1024 * 1024 => (n / (1024 * 1024)).ToString("0.00", inv) + "M",
            < 1024L * 1024 * 1024 * 1024 => (n / (1024L * 1024 * 1024)).ToString("0.00", inv) + "G",
            _ => (n / (1024L * 1024 * 1024 * 1024)).ToString("0.00", inv) + "T",
        };
    }

    /// <summary>
    /// INFO persistence: Redis 7's fields with the store's real values (a journal store reports its
    /// journal as the AOF: BGREWRITEAOF and BGSAVE are both a snapshot that compacts it), then
    /// Mnemo's own fields. Without a data directory: nothing saved, nothing in progress.
    /// </summary>
    private static List<(string, string)> Persistence(MnemoServer server)
    {
        var persistence = server.Store.Persistence;
        if (persistence is null)
        {
            return
            [
                ("loading", "0"),
                ("async_loading", "0"),
                ("rdb_changes_since_last_save", I(server.Runtime.Dirty.Value)),
                ("rdb_bgsave_in_progress", "0"),
                ("rdb_last_save_time", I(server.StartedAt.ToUnixTimeSeconds())),
                ("rdb_last_bgsave_status", "ok"),
                ("rdb_last_bgsave_time_sec", "-1"),
                ("rdb_current_bgsave_time_sec", "-1"),
                ("rdb_saves", "0"),
                ("aof_enabled", "0"),
                ("aof_rewrite_in_progress", "0"),
                ("aof_rewrite_scheduled", "0"),
                ("aof_last_rewrite_time_sec", "-1"),
                ("aof_current_rewrite_time_sec", "-1"),
                ("aof_last_bgrewrite_status", "ok"),
                ("aof_last_write_status", "ok"),
                ("mnemo_persistence", "none"),
            ];
        }
        var status = persistence.GetStatus();
        bool journal = status.Mode == Mnemo.Persistence.DurabilityMode.Journal;
        long now = server.Store.Core.NowMs();
        string current = status.CurrentSnapshotStarted is { } started ? I(Math.Max(0, (now - started.ToUnixTimeMilliseconds()) / 1000)) : "-1";
        string last = status.LastSnapshotDuration is { } duration ? I((long)duration.TotalSeconds) : "-1";
        string bgsave = status.LastSnapshotSucceeded ? "ok" : "err";
        var fields = new List<(string, string)>
        {
            ("loading", "0"),
            ("async_loading", "0"),
            ("rdb_changes_since_last_save", I(status.ChangesSinceLastSave)),
            ("rdb_bgsave_in_progress", status.SnapshotInProgress ? "1" : "0"),
            ("rdb_last_save_time", I(status.LastSave.ToUnixTimeSeconds())),
            ("rdb_last_bgsave_status", bgsave),
            ("rdb_last_bgsave_time_sec", last),
            ("rdb_current_bgsave_time_sec", current),
            ("rdb_saves", I(status.SnapshotsTaken)),
            ("rdb_last_load_keys_expired", I(persistence.Recovered.ExpiredKeys)),
            ("rdb_last_load_keys_loaded", I(status.RecoveredKeys)),
            ("aof_enabled", journal ? "1" : "0"),
            ("aof_rewrite_in_progress", journal && status.SnapshotInProgress ? "1" : "0"),
            ("aof_rewrite_scheduled", "0"),
            ("aof_last_rewrite_time_sec", journal ? last : "-1"),
            ("aof_current_rewrite_time_sec", journal ? current : "-1"),
            ("aof_last_bgrewrite_status", journal ? bgsave : "ok"),
            ("aof_rewrites", I(journal ? status.SnapshotsTaken : 0)),
            ("aof_last_write_status", status.Failure is null ? "ok" : "err"),
        };
        if (journal)
        {
            fields.Add(("aof_current_size", I(persistence.JournalFileBytes())));
            fields.Add(("aof_base_size", I(persistence.SnapshotFileBytes())));
            fields.Add(("aof_pending_rewrite", "0"));
            fields.Add(("aof_buffer_length", I(Math.Max(0, status.JournalSequence - (persistence.Journal?.WrittenSequence ?? 0)))));
            fields.Add(("aof_pending_bio_fsync", "0"));
            fields.Add(("aof_delayed_fsync", "0"));
        }
        fields.Add(("mnemo_persistence", journal ? "journal" : "snapshot"));
        fields.Add(("mnemo_dir", status.Directory));
        fields.Add(("mnemo_appendfsync", status.Fsync switch
        {
            Mnemo.Persistence.JournalFsync.Always => "always",
            Mnemo.Persistence.JournalFsync.EverySecond => "everysec",
            _ => "no",
        }));
        fields.Add(("mnemo_journal_sequence", I(status.JournalSequence)));
        fields.Add(("mnemo_journal_written_sequence", I(persistence.Journal?.WrittenSequence ?? status.JournalSequence)));
        fields.Add(("mnemo_journal_synced_sequence", I(persistence.Journal?.SyncedSequence ?? status.JournalSequence)));
        fields.Add(("mnemo_journal_bytes_written", I(status.JournalBytesWritten)));
        fields.Add(("mnemo_recovered_keys", I(status.RecoveredKeys)));
        fields.Add(("mnemo_recovered_records", I(status.RecoveredRecords)));
        fields.Add(("mnemo_writes_refused", server.Store.Core.WritesRefused is null ? "0" : "1"));
        fields.Add(("mnemo_persistence_failure", (status.Failure ?? "").ReplaceLineEndings(" ")));
        return fields;
    }

    private static List<(string, string)> Stats(MnemoServer server)
    {
        var stats = server.Store.GetStatistics();
        var runtime = server.Runtime;
        return
        [
            ("total_connections_received", I(server.Clients.TotalConnections)),
            ("total_commands_processed", I(stats.CommandsProcessed)),
            ("instantaneous_ops_per_sec", I(OpsPerSecond(runtime, stats.CommandsProcessed))),
            ("rejected_connections", I(Volatile.Read(ref server.Clients.RejectedConnections))),
            ("expired_keys", I(stats.ExpiredKeys)),
            ("evicted_keys", "0"),
            ("keyspace_hits", I(stats.KeyspaceHits)),
            ("keyspace_misses", I(stats.KeyspaceMisses)),
            ("pubsub_channels", I(runtime.PubSub.ChannelCount)),
            ("pubsub_patterns", I(runtime.PubSub.PatternCount)),
            ("pubsubshard_channels", "0"),
            ("total_error_replies", I(runtime.ErrorCounts.Values.Sum())),
            ("total_blocking_keys", "0"),
            ("client_output_buffer_limit_disconnections", I(server.OutputLimits.Disconnections)),
            // .NET runtime figures (not in Redis): garbage collections by generation, the total
            // time the GC paused the process, and how often a thread had to wait for a lock.
            ("gc_collections_gen0", I(GC.CollectionCount(0))),
            ("gc_collections_gen1", I(GC.CollectionCount(1))),
            ("gc_collections_gen2", I(GC.CollectionCount(2))),
            ("gc_allocated_bytes", I(GC.GetTotalAllocatedBytes(false))),
            ("gc_pause_total_ms", GC.GetTotalPauseDuration().TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture)),
            ("lock_contention_count", I(Monitor.LockContentionCount)),
        ];
    }

    /// <summary>Commands per second over the last samples (taken when INFO runs, at least 100 ms apart, up to 16).</summary>
    private static long OpsPerSecond(ServerRuntime runtime, long commands)
    {
        long now = Stopwatch.GetTimestamp();
        lock (runtime.OpsSamples)
        {
            var samples = runtime.OpsSamples;
            if (samples.Count == 0 || Stopwatch.GetElapsedTime(samples[^1].Ticks, now).TotalMilliseconds >= 100)
            {
                samples.Add((now, commands));
                if (samples.Count > 16)
                {
                    samples.RemoveAt(0);
                }
            }
            var (ticks, first) = samples[0];
            double seconds = Stopwatch.GetElapsedTime(ticks, now).TotalSeconds;
            return seconds <= 0 || commands < first ? 0 : (long)((commands - first) / seconds);
        }
    }

    private static List<(string, string)> Replication() =>
    [
        ("role", "master"),
        ("connected_slaves", "0"),
        ("master_failover_state", "no-failover"),
        ("master_replid", new string('0', 40)),
        ("master_replid2", new string('0', 40)),
        ("master_repl_offset", "0"),
        ("second_repl_offset", "-1"),
        ("repl_backlog_active", "0"),
        ("repl_backlog_size", "0"),
        ("repl_backlog_first_byte_offset", "0"),
        ("repl_backlog_histlen", "0"),
    ];

    private static List<(string, string)> Cpu()
    {
        using var process = Process.GetCurrentProcess();
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture);
        return
        [
            ("used_cpu_sys", Seconds(process.PrivilegedProcessorTime)),
            ("used_cpu_user", Seconds(process.UserProcessorTime)),
            ("used_cpu_sys_children", "0.000000"),
            ("used_cpu_user_children", "0.000000"),
        ];
    }

    private static List<(string, string)> Keyspace(MnemoServer server) =>
    [
        .. server.Store.GetStatistics().Databases.Select(d =>
            ("db" + I(d.Index), $"keys={I(d.Keys)},expires={I(d.KeysWithExpiry)},avg_ttl=0")),
    ];

    /// <summary>cmdstat_name:calls=..,usec=..,usec_per_call=..,rejected_calls=..,failed_calls=.. (subcommands of containers by their full name).</summary>
    private static List<(string, string)> CommandStats(MnemoServer server)
    {
        var lines = new List<(string, string)>();
        foreach (var spec in server.Commands.All.OrderBy(s => s.LowerName, StringComparer.Ordinal))
        {
            foreach (var s in spec.Subcommands.Count > 0 ? spec.Subcommands : [spec])
            {
                var stats = s.Stats;
                long calls = stats.Calls, failed = Volatile.Read(ref stats.FailedCalls), rejected = Volatile.Read(ref stats.RejectedCalls);
                if (calls == 0 && failed == 0 && rejected == 0)
                {
                    continue;
                }
                long usec = stats.Microseconds;
                string perCall = (calls == 0 ? 0 : (double)usec / calls).ToString("0.00", CultureInfo.InvariantCulture);
                lines.Add(("cmdstat_" + s.LowerName, $"calls={I(calls)},usec={I(usec)},usec_per_call={perCall},rejected_calls={I(rejected)},failed_calls={I(failed)}"));
            }
        }
        return lines;
    }
}
