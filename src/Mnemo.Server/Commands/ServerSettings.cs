namespace Mnemo.Server.Commands;

/// <summary>
/// The configuration CONFIG GET reports and the part CONFIG SET may change at run time
/// (requirepass, maxclients, client-output-buffer-limit, notify-keyspace-events, slowlog-*); everything else is fixed for
/// the server's lifetime and CONFIG SET refuses it as an immutable config.
/// </summary>
internal sealed class ServerSettings(MnemoServer server)
{
    private long _slowlogThreshold = 10_000;
    private long _slowlogMaxLength = 128;

    /// <summary>slowlog-log-slower-than in microseconds; negative disables the slow log, 0 logs everything.</summary>
    public long SlowlogThreshold
    {
        get => Volatile.Read(ref _slowlogThreshold);
        set => Volatile.Write(ref _slowlogThreshold, value);
    }

    /// <summary>slowlog-max-len.</summary>
    public long SlowlogMaxLength
    {
        get => Volatile.Read(ref _slowlogMaxLength);
        set => Volatile.Write(ref _slowlogMaxLength, value);
    }

    /// <summary>A setting: its name, how to read it and, when it can change at run time, how to set it (null = immutable).</summary>
    public sealed record Setting(string Name, Func<string> Get, Func<string, string?>? Set);

    /// <summary>Every setting CONFIG GET knows, in the order CONFIG GET * lists them.</summary>
    public IReadOnlyList<Setting> All => _all ??= Build();

    private IReadOnlyList<Setting>? _all;

    public Setting? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private List<Setting> Build()
    {
        var options = server.Options;
        var runtime = server.Runtime;
        return
        [
            Fixed("port", () => server.Port.ToString(Inv)),
            Fixed("bind", () => string.Join(' ', options.Bind.Select(a => a.ToString()))),
            .. PersistenceSettings(server.Store.Persistence?.Options),
            Fixed("maxmemory", () => "0"),
            Fixed("maxmemory-policy", () => "noeviction"),
            new("requirepass", () => options.RequirePassword ?? "", value =>
            {
                options.RequirePassword = value.Length == 0 ? null : value;
                return null;
            }),
            Fixed("databases", () => server.Store.DatabaseCount.ToString(Inv)),
            new("maxclients", () => server.Clients.MaxClients.ToString(Inv), value =>
            {
                if (!long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, Inv, out long n))
                {
                    return "argument couldn't be parsed into an integer";
                }
                if (n < 1 || n > uint.MaxValue)
                {
                    return "argument must be between 1 and 4294967295 inclusive";
                }
                server.Clients.MaxClients = (int)Math.Min(n, int.MaxValue);
                return null;
            }),
            Fixed("proto-max-bulk-len", () => options.ProtoMaxBulkLength.ToString(Inv)),
            Fixed("client-query-buffer-limit", () => options.ClientQueryBufferLimit.ToString(Inv)),
            new("client-output-buffer-limit", () => FormatOutputBufferLimits(options), value => SetOutputBufferLimits(options, value)),
            new("notify-keyspace-events", () => runtime.Notifications.FlagsText, value =>
            {
                int flags = Mnemo.Server.PubSub.KeyspaceNotifier.ParseFlags(value);
                if (flags < 0)
                {
                    return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
                }
                runtime.Notifications.Flags = flags;
                return null;
            }),
            new("slowlog-log-slower-than", () => SlowlogThreshold.ToString(Inv), value =>
                ParseInt64(value, -1, long.MaxValue, n => SlowlogThreshold = n)),
            new("slowlog-max-len", () => SlowlogMaxLength.ToString(Inv), value =>
                ParseInt64(value, 0, long.MaxValue, n =>
                {
                    SlowlogMaxLength = n;
                    runtime.Slowlog.Trim(n);
                })),
            Fixed("timeout", () => "0"),
            Fixed("tcp-keepalive", () => "300"),
            Fixed("hz", () => "10"),
            Fixed("loglevel", () => "notice"),
            Fixed("latency-monitor-threshold", () => "0"),
            Fixed("lua-time-limit", () => "5000"),
            Fixed("io-threads", () => SocketEventLoops().ToString(Inv)),
            Fixed("protected-mode", () => "no"),
            Fixed("daemonize", () => "no"),
            Fixed("cluster-enabled", () => "no"),
            Fixed("replica-read-only", () => "yes"),
        ];
    }

    /// <summary>
    /// dir, dbfilename, appendonly, appendfilename, appendfsync, save: what the store persists with.
    /// They are fixed for the server's lifetime (the data directory is opened and recovered at start);
    /// CONFIG SET accepts the current value and refuses a change with a clear error.
    /// </summary>
    private static List<Setting> PersistenceSettings(Mnemo.Persistence.MnemoPersistenceOptions? persistence)
    {
        bool journal = persistence?.Mode == Mnemo.Persistence.DurabilityMode.Journal;
        string dir = persistence?.Directory is { } d ? Path.GetFullPath(d) : Environment.CurrentDirectory;
        string fsync = (persistence?.Fsync ?? Mnemo.Persistence.JournalFsync.EverySecond) switch
        {
            Mnemo.Persistence.JournalFsync.Always => "always",
            Mnemo.Persistence.JournalFsync.EverySecond => "everysec",
            _ => "no",
        };
        string save = persistence is null ? "" : FormatSaveRules(persistence.SaveRules);
        return
        [
            Persisted("dir", dir, v => Path.TrimEndingDirectorySeparator(Path.GetFullPath(v)), "--dir"),
            Persisted("dbfilename", persistence?.SnapshotFileName ?? "dump.mnemo", v => v, "--dbfilename"),
            Persisted("appendonly", journal ? "yes" : "no", v => v.ToLowerInvariant() switch
            {
                "yes" or "no" => v.ToLowerInvariant(),
                _ => null,
            }, "--appendonly", "argument must be 'yes' or 'no'"),
            Fixed("appendfilename", () => "journal"),
            Persisted("appendfsync", fsync, v => v.ToLowerInvariant() is "always" or "everysec" or "no" ? v.ToLowerInvariant() : null,
                "--appendfsync", "argument(s) must be one of the following: always, everysec, no"),
            Persisted("save", save, NormalizeSaveRules, "--save", "Invalid save parameters"),
        ];
    }

    /// <summary>Redis's form of save points: "3600 1 300 100 60 10000".</summary>
    internal static string FormatSaveRules(IReadOnlyList<Mnemo.Persistence.SaveRule> rules) =>
        string.Join(' ', rules.Select(r => string.Create(Inv, $"{(long)r.Interval.TotalSeconds} {r.Changes}")));

    private static string? NormalizeSaveRules(string value)
    {
        var words = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length % 2 != 0 || words.Any(w => !long.TryParse(w, System.Globalization.NumberStyles.None, Inv, out _)))
        {
            return null;
        }
        return string.Join(' ', words.Select(w => long.Parse(w, Inv).ToString(Inv)));
    }

    /// <summary>A persistence setting: CONFIG SET of the value in force is accepted, any other value is refused.</summary>
    private static Setting Persisted(string name, string current, Func<string, string?> normalize, string option, string? invalid = null) =>
        new(name, () => current, value =>
        {
            string? normalized;
            try
            {
                normalized = normalize(value);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                normalized = null;
            }
            if (normalized is null)
            {
                return invalid ?? "invalid value";
            }
            return normalized == current
                ? null
                : $"Mnemo cannot change '{name}' at run time (the data directory is opened at start); restart the server with {option}";
        });

    /// <summary>CONFIG GET's form: every class in bytes, the replica class under its old name (as Redis 7 prints it).</summary>
    private static string FormatOutputBufferLimits(MnemoServerOptions options)
    {
        static string One(string name, ClientOutputBufferLimit limit) =>
            string.Create(Inv, $"{name} {limit.HardBytes} {limit.SoftBytes} {limit.SoftSeconds}");
        return One("normal", options.NormalOutputBufferLimit) + " " + One("slave", options.ReplicaOutputBufferLimit) + " " + One("pubsub", options.PubSubOutputBufferLimit);
    }

    /// <summary>
    /// CONFIG SET client-output-buffer-limit "class hard soft seconds [class hard soft seconds ...]":
    /// classes normal, replica (or slave) and pubsub, sizes with Redis's units (b, k, kb, m, mb, g, gb);
    /// the whole value is checked before any class changes; classes not named keep their limits.
    /// </summary>
    private static string? SetOutputBufferLimits(MnemoServerOptions options, string value)
    {
        var args = value.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (args.Length == 0 || args.Length % 4 != 0)
        {
            return "Wrong number of arguments in buffer limit configuration.";
        }
        var parsed = new List<(string Class, ClientOutputBufferLimit Limit)>();
        for (int i = 0; i < args.Length; i += 4)
        {
            string cls = args[i].ToLowerInvariant() switch
            {
                "normal" => "normal",
                "replica" or "slave" => "replica",
                "pubsub" => "pubsub",
                _ => "",
            };
            if (cls.Length == 0)
            {
                return "Invalid client class specified in buffer limit configuration.";
            }
            if (!TryParseMemory(args[i + 1], out long hard) || !TryParseMemory(args[i + 2], out long soft)
                || !long.TryParse(args[i + 3], System.Globalization.NumberStyles.AllowLeadingSign, Inv, out long seconds) || seconds < 0)
            {
                return "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            }
            parsed.Add((cls, new ClientOutputBufferLimit(hard, soft, seconds)));
        }
        foreach (var (cls, limit) in parsed)
        {
            switch (cls)
            {
                case "normal": options.NormalOutputBufferLimit = limit; break;
                case "replica": options.ReplicaOutputBufferLimit = limit; break;
                default: options.PubSubOutputBufferLimit = limit; break;
            }
        }
        return null;
    }

    /// <summary>Redis's memtoull: digits with an optional unit b, k (1000), kb (1024), m, mb, g, gb, any case.</summary>
    internal static bool TryParseMemory(string text, out long bytes)
    {
        bytes = 0;
        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }
        long unit = text[digits..].ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" => 1000,
            "kb" => 1024,
            "m" => 1000 * 1000,
            "mb" => 1024 * 1024,
            "g" => 1000L * 1000 * 1000,
            "gb" => 1024L * 1024 * 1024,
            _ => 0,
        };
        if (unit == 0 || digits == 0 || !long.TryParse(text.AsSpan(0, digits), System.Globalization.NumberStyles.None, Inv, out long n))
        {
            return false;
        }
        if (n > long.MaxValue / unit)
        {
            return false;
        }
        bytes = n * unit;
        return true;
    }

    private static readonly IFormatProvider Inv = System.Globalization.CultureInfo.InvariantCulture;

    private static Setting Fixed(string name, Func<string> get) => new(name, get, null);

    private static string? ParseInt64(string value, long min, long max, Action<long> apply)
    {
        if (!long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, Inv, out long n))
        {
            return "argument couldn't be parsed into an integer";
        }
        if (n < min || n > max)
        {
            return $"argument must be between {min} and {max} inclusive";
        }
        apply(n);
        return null;
    }

    /// <summary>
    /// The socket engine's epoll threads as the process configured them (<c>mnemo serve --io-threads</c>
    /// sets the variable; with inline completions the runtime's default is one per core, else one).
    /// </summary>
    private static int SocketEventLoops() =>
        int.TryParse(Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT"), System.Globalization.NumberStyles.None, Inv, out int count) && count > 0 ? count
        : Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1" ? Environment.ProcessorCount
        : 1;
}
