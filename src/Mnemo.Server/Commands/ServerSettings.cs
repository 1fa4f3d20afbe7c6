namespace Mnemo.Server.Commands;

/// <summary>
/// The configuration CONFIG GET reports and the part CONFIG SET may change at run time
/// (requirepass, maxclients, notify-keyspace-events, slowlog-*); everything else is fixed for
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
            Fixed("dir", () => Environment.CurrentDirectory),
            Fixed("dbfilename", () => "dump.rdb"),
            Fixed("appendonly", () => "no"),
            Fixed("appendfilename", () => "appendonly.aof"),
            Fixed("appendfsync", () => "everysec"),
            Fixed("save", () => ""),
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
            Fixed("io-threads", () => "1"),
            Fixed("protected-mode", () => "no"),
            Fixed("daemonize", () => "no"),
            Fixed("cluster-enabled", () => "no"),
            Fixed("replica-read-only", () => "yes"),
        ];
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
}
