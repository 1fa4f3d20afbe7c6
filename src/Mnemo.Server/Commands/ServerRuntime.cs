using System.Collections.Concurrent;
using System.Text;
using Mnemo.Protocol;
using Mnemo.Server.PubSub;
using Mnemo.Server.Sessions;

namespace Mnemo.Server.Commands;

/// <summary>
/// The server-wide state of the administration and pub/sub commands: settings, pub/sub hub,
/// keyspace notifications, slow log, MONITOR clients, CLIENT PAUSE, error counters. The
/// dispatcher calls <see cref="BeforeCommand"/> / <see cref="AfterCommand"/> around every
/// command; both cost a few branches when nothing is switched on.
/// </summary>
internal sealed class ServerRuntime
{
    private readonly MnemoServer _server;
    private volatile ClientSession[] _monitors = [];
    private readonly Lock _monitorGate = new();

    public ServerRuntime(MnemoServer server)
    {
        _server = server;
        Settings = new ServerSettings(server);
        Notifications = new KeyspaceNotifier(server);
        // Random.Shared (seeded from the OS) rather than RandomNumberGenerator: an id, not a secret,
        // and on Linux the latter loads OpenSSL (libcrypto), ~5 MiB of resident memory at start.
        var id = new byte[20];
        Random.Shared.NextBytes(id);
        RunId = Convert.ToHexStringLower(id);
    }

    public ServerSettings Settings { get; }

    public PubSubHub PubSub { get; } = new();

    public KeyspaceNotifier Notifications { get; }

    public SlowLog Slowlog { get; } = new();

    public ClientPause Pause { get; } = new();

    /// <summary>Error replies by their first word (INFO errorstats).</summary>
    public ConcurrentDictionary<string, long> ErrorCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Successful write commands since start (INFO rdb_changes_since_last_save: nothing is ever saved).</summary>
    public Mnemo.Internal.StripedCounter Dirty { get; } = new();

    /// <summary>Highest <c>used_memory</c> INFO has seen (used_memory_peak).</summary>
    public long PeakMemory;

    /// <summary>(timestamp, commands processed) samples for instantaneous_ops_per_sec; lock the list to use it.</summary>
    public List<(long Ticks, long Commands)> OpsSamples { get; } = [];

    /// <summary>A random id for this run (INFO run_id).</summary>
    public string RunId { get; }

    /// <summary>Clients that ran MONITOR.</summary>
    public int MonitorCount => _monitors.Length;

    public void AddMonitor(ClientSession session)
    {
        lock (_monitorGate)
        {
            if (!session.IsMonitor)
            {
                session.IsMonitor = true;
                _monitors = [.. _monitors, session];
            }
        }
    }

    public void RemoveMonitor(ClientSession session)
    {
        lock (_monitorGate)
        {
            if (session.IsMonitor)
            {
                session.IsMonitor = false;
                _monitors = [.. _monitors.Where(m => m != session)];
            }
        }
    }

    /// <summary>Counts an error reply (INFO errorstats, total_error_replies).</summary>
    public void CountError(string message)
    {
        int space = message.IndexOf(' ', StringComparison.Ordinal);
        string prefix = space < 0 ? message : message[..space];
        ErrorCounts.AddOrUpdate(prefix, 1, (_, n) => n + 1);
    }

    /// <summary>Starts a command: the keyspace-notification frame (null when notifications are off).</summary>
    public KeyspaceNotifier.Frame? BeforeCommand() => Notifications.Begin();

    /// <summary>After a command ran (its counts are in <see cref="CommandContext.Tally"/>): keyspace events, slow log, MONITOR.</summary>
    public void AfterCommand(CommandContext context, CommandSpec spec, KeyspaceNotifier.Frame? frame, long microseconds, bool failed, bool waited)
    {
        var monitors = _monitors;
        if (frame is not null || monitors.Length > 0)
        {
            // A keyspace event or a MONITOR line reaches other clients now, before this batch
            // ends: whoever sees it and asks INFO must find the command counted (as in Redis).
            context.FlushTallies();
        }
        if (frame is not null)
        {
            Notifications.End(frame, context, spec);
        }
        long threshold = Settings.SlowlogThreshold;
        if (threshold >= 0 && microseconds >= threshold && !waited && !SkipsSlowlog(spec))
        {
            Slowlog.Add(context, microseconds, Settings.SlowlogMaxLength, _server.Store.Core.Time);
        }
        if (monitors.Length > 0 && (EffectiveFlags(spec, context) & CommandFlags.Admin) == 0 && spec.LowerName != "exec")
        {
            var line = new RawMessage(MonitorLine(context));
            foreach (var monitor in monitors)
            {
                Delivery.Post(monitor, line);
            }
        }
        if (frame is not null || monitors.Length > 0)
        {
            // The next command's time starts at this one's end (one clock read per command); the
            // fan-out above is neither's, so the next one starts after it.
            context.TimeMark = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }

    /// <summary>A container's flags are its subcommand's (CLIENT LIST is admin, CLIENT ID is not).</summary>
    private static CommandFlags EffectiveFlags(CommandSpec spec, CommandContext context) =>
        spec.Subcommands.Count > 0 && context.Count > 1 && Subcommands.Find(spec, context.Arg(1)) is { } sub ? sub.Flags : spec.Flags;

    private static bool SkipsSlowlog(CommandSpec spec) => spec.LowerName is "exec" or "auth" or "hello";

    /// <summary><c>+1339518083.107412 [0 127.0.0.1:60866] "set" "k" "v"</c> (AUTH and HELLO arguments redacted).</summary>
    private byte[] MonitorLine(CommandContext context)
    {
        var now = _server.Store.Core.Time.GetUtcNow();
        long micros = (now - DateTimeOffset.UnixEpoch).Ticks / 10;
        var text = new StringBuilder("+");
        text.Append(micros / 1_000_000).Append('.').Append((micros % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
        text.Append(" [").Append(context.Session.Database).Append(' ').Append(ClientCommands.Address(context.Session.RemoteEndPoint)).Append(']');
        bool redact = context.Spec.LowerName is "auth" or "hello";
        for (int i = 0; i < context.Count; i++)
        {
            text.Append(' ');
            if (redact && i > 0)
            {
                text.Append("\"(redacted)\"");
            }
            else
            {
                AppendRepr(text, context.Arg(i));
            }
        }
        text.Append("\r\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>sdscatrepr: a quoted string with C escapes for quotes, backslashes and unprintable bytes.</summary>
    public static void AppendRepr(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        text.Append('"');
        foreach (byte b in bytes)
        {
            switch (b)
            {
                case (byte)'\\': text.Append("\\\\"); break;
                case (byte)'"': text.Append("\\\""); break;
                case (byte)'\n': text.Append("\\n"); break;
                case (byte)'\r': text.Append("\\r"); break;
                case (byte)'\t': text.Append("\\t"); break;
                case 7: text.Append("\\a"); break;
                case 8: text.Append("\\b"); break;
                default:
                    if (b >= 32 && b < 127)
                    {
                        text.Append((char)b);
                    }
                    else
                    {
                        text.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    break;
            }
        }
        text.Append('"');
    }

    /// <summary>
    /// RESP2 clients with subscriptions may only run (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT
    /// and RESET; null when the command may run.
    /// </summary>
    public static string? PubSubContextError(ClientSession session, CommandSpec spec, RespCommand command)
    {
        if (session.Protocol != RespVersion.Resp2 || session.SubscriptionCount == 0)
        {
            return null;
        }
        if (spec.LowerName is "ping" or "subscribe" or "ssubscribe" or "unsubscribe" or "sunsubscribe" or "psubscribe" or "punsubscribe" or "quit" or "reset")
        {
            return null;
        }
        return $"ERR Can't execute '{Subcommands.FullName(spec, command)}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
    }

    /// <summary>CONFIG RESETSTAT.</summary>
    public void ResetStatistics()
    {
        _server.Store.ResetStatistics();
        _server.Clients.ResetStatistics();
        _server.OutputLimits.ResetStatistics();
        foreach (var spec in _server.Commands.All)
        {
            spec.Stats.Reset();
            foreach (var sub in spec.Subcommands)
            {
                sub.Stats.Reset();
            }
        }
        ErrorCounts.Clear();
        Dirty.Reset();
    }
}
