using System.Globalization;
using System.Net;
using Mnemo.Persistence;
using Mnemo.Server;

namespace Mnemo.Cli;

/// <summary>
/// The server settings that directives produce. Directives apply in order (the config file's,
/// then the command line's), so later ones override earlier ones, as in redis-server.
/// Settings that would need a feature Mnemo does not have yet (eviction) are rejected with
/// <see cref="ConfigException"/>, never ignored.
/// </summary>
/// <remarks>
/// Persistence defaults differ from redis-server's on purpose: <c>dir ./data</c> (created),
/// <c>appendonly yes</c>, <c>appendfsync everysec</c> and Redis's save points, so that a plain
/// <c>mnemo serve</c> keeps what it is told. <c>--appendonly no</c> keeps snapshots only;
/// <c>--appendonly no --save ""</c> is a pure in-memory server that writes no file.
/// </remarks>
internal sealed class ServeSettings
{
    private const string NoEviction = "Mnemo has no memory limit or eviction yet";

    private static readonly string[] FsyncPolicies = ["always", "everysec", "no"];
    private static readonly string[] EvictionPolicies =
        ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"];

    public int Port { get; private set; } = 6379;

    /// <summary>The HTTP API's port (<c>http-port</c>); 0, the default, serves no HTTP.</summary>
    public int HttpPort { get; private set; }

    public IReadOnlyList<IPAddress> Bind { get; private set; } = [IPAddress.Loopback];

    public string? RequirePassword { get; private set; }

    public int Databases { get; private set; } = 16;

    public int MaxClients { get; private set; } = 10_000;

    public long ProtoMaxBulkLength { get; private set; } = 512L * 1024 * 1024;

    public long ClientQueryBufferLimit { get; private set; } = 1024L * 1024 * 1024;

    public string AppendFsync { get; private set; } = "everysec";

    /// <summary>The data directory (<c>dir</c>, default <c>./data</c>, created when missing).</summary>
    public string Dir { get; private set; } = "./data";

    /// <summary>Base name of snapshot files (<c>dbfilename</c>; Mnemo appends the sequence number).</summary>
    public string DbFilename { get; private set; } = "dump.mnemo";

    /// <summary><c>appendonly</c> (default yes: the journal).</summary>
    public bool AppendOnly { get; private set; } = true;

    /// <summary><c>save</c> points (default Redis's 3600 1 300 100 60 10000; empty: snapshots only on demand).</summary>
    public IReadOnlyList<SaveRule> SaveRules => _saveRules;

    private List<SaveRule> _saveRules = [.. MnemoPersistenceOptions.DefaultSaveRules];
    private bool _saveRulesSet;

    /// <summary>What is kept on disk: the journal, snapshots only, or nothing.</summary>
    public DurabilityMode Mode => AppendOnly ? DurabilityMode.Journal : _saveRules.Count > 0 ? DurabilityMode.Snapshot : DurabilityMode.None;

    /// <summary>
    /// Commands run on the socket's I/O threads (default yes), the event loops of
    /// <see cref="IoThreads"/>, instead of a thread-pool hop per read and per send. See
    /// <see cref="Program.ConfigureSocketEngine"/>.
    /// </summary>
    public bool InlineScheduling { get; private set; } = true;

    /// <summary>
    /// io-threads: how many socket event loops (epoll threads) serve the connections; 0 (the
    /// default) leaves the runtime's choice, one per core. With inline scheduling each loop also
    /// runs the commands of its connections, so 1 is redis-server's single thread. On the 2-core
    /// benchmark machine one per core was faster than 1 (docs/benchmarks.md). See
    /// <see cref="Program.ConfigureSocketEngine"/>.
    /// </summary>
    public int IoThreads { get; private set; }

    /// <summary>
    /// Applies directives in order; throws <see cref="ConfigException"/> on the first bad one.
    /// A setting Mnemo cannot honour is refused only if it is still in force at the end, so
    /// <c>--appendonly no</c> on the command line overrides <c>appendonly yes</c> in the file.
    /// </summary>
    public static ServeSettings From(IEnumerable<ConfigDirective> directives)
    {
        var settings = new ServeSettings();
        var refusals = new List<(string Setting, ConfigDirective Directive, string Message)>();
        foreach (var directive in directives)
        {
            try
            {
                refusals.RemoveAll(r => r.Setting == directive.Name);
                if (settings.Apply(directive) is { } refusal)
                {
                    refusals.Add((directive.Name, directive, refusal));
                }
            }
            catch (ConfigException e)
            {
                throw Located(directive, e.Message);
            }
        }
        if (refusals.Count > 0)
        {
            throw Located(refusals[0].Directive, refusals[0].Message);
        }
        return settings;
    }

    private static ConfigException Located(ConfigDirective directive, string message) =>
        new($"{directive.Source}: '{directive.Text}': {message}");

    /// <summary>The persistence options, or null for a pure in-memory server.</summary>
    public MnemoPersistenceOptions? ToPersistenceOptions(Action<string>? log = null) => Mode == DurabilityMode.None
        ? null
        : new MnemoPersistenceOptions
        {
            Directory = Dir,
            Mode = Mode,
            Fsync = AppendFsync switch
            {
                "always" => JournalFsync.Always,
                "everysec" => JournalFsync.EverySecond,
                _ => JournalFsync.OperatingSystem,
            },
            SaveRules = [.. _saveRules],
            SnapshotFileName = DbFilename,
            Log = log,
        };

    /// <summary>The options a <see cref="MnemoServer"/> starts with (<paramref name="log"/> receives persistence warnings).</summary>
    public MnemoServerOptions ToServerOptions(Action<string>? log = null)
    {
        var options = new MnemoServerOptions
        {
            Port = Port,
            HttpPort = HttpPort == 0 ? null : HttpPort,
            RequirePassword = RequirePassword,
            MaxClients = MaxClients,
            ProtoMaxBulkLength = ProtoMaxBulkLength,
            ClientQueryBufferLimit = ClientQueryBufferLimit,
            UnsafePreferInlineScheduling = InlineScheduling,
            Store = new MnemoStoreOptions { Databases = Databases, Persistence = ToPersistenceOptions(log) },
        };
        options.Bind.Clear();
        foreach (var address in Bind)
        {
            options.Bind.Add(address);
        }
        return options;
    }

    /// <summary>Applies one directive; returns why it cannot be honoured yet, or null.</summary>
    private string? Apply(ConfigDirective d)
    {
        switch (d.Name)
        {
            case "port":
                Port = (int)Integer(One(d), 0, 65535);
                break;
            case "http-port":
                HttpPort = (int)Integer(One(d), 0, 65535);
                break;
            case "bind":
                Bind = ParseBind(d.Args);
                break;
            case "requirepass":
                string password = One(d);
                RequirePassword = password.Length == 0 ? null : password;
                break;
            case "databases":
                Databases = (int)Integer(One(d), 1, int.MaxValue);
                break;
            case "maxclients":
                MaxClients = (int)Integer(One(d), 1, int.MaxValue);
                break;
            case "proto-max-bulk-len":
                ProtoMaxBulkLength = Memory(One(d), 1024 * 1024, long.MaxValue);
                break;
            case "client-query-buffer-limit":
                ClientQueryBufferLimit = Memory(One(d), 1024 * 1024, long.MaxValue);
                break;
            case "appendonly":
                AppendOnly = YesNo(One(d));
                break;
            case "appendfsync":
                AppendFsync = OneOf(One(d), FsyncPolicies);
                break;
            case "save":
                ApplySave(d.Args);
                break;
            case "dir":
                string dir = One(d);
                Dir = dir.Length > 0 ? dir : throw new ConfigException("the data directory must not be empty");
                break;
            case "dbfilename":
                string file = One(d);
                DbFilename = file.Length > 0 && file.IndexOfAny(['/', '\\']) < 0 && file is not ("." or "..")
                    ? file
                    : throw new ConfigException("dbfilename can't be a path, just a filename");
                break;
            case "maxmemory":
                return Memory(One(d), 0, long.MaxValue) > 0 ? NotYet("maxmemory above 0", NoEviction, "--maxmemory 0") : null;
            case "maxmemory-policy":
                return OneOf(One(d), EvictionPolicies) != "noeviction"
                    ? NotYet($"maxmemory-policy {d.Args[0]}", NoEviction, "--maxmemory-policy noeviction")
                    : null;
            case "inline-scheduling":
                InlineScheduling = YesNo(One(d));
                break;
            case "io-threads":
                IoThreads = (int)Integer(One(d), 1, 128);
                break;
            default:
                throw new ConfigException("Bad directive or wrong number of arguments (not an option Mnemo knows)");
        }
        return null;
    }

    private static string NotYet(string what, string why, string? instead) =>
        $"{what} is not supported yet: {why}" + (instead is null ? "" : $" (use {instead} or leave it out)");

    private static string One(ConfigDirective d) =>
        d.Args.Count == 1 ? d.Args[0] : throw new ConfigException("wrong number of arguments");

    private static long Integer(string text, long min, long max)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
        {
            throw new ConfigException($"argument must be between {min} and {max} inclusive");
        }
        return value;
    }

    private static bool YesNo(string text) => text.ToLowerInvariant() switch
    {
        "yes" => true,
        "no" => false,
        _ => throw new ConfigException("argument must be 'yes' or 'no'"),
    };

    private static string OneOf(string text, string[] allowed)
    {
        string value = text.ToLowerInvariant();
        return allowed.Contains(value)
            ? value
            : throw new ConfigException($"argument(s) must be one of the following: {string.Join(", ", allowed)}");
    }

    /// <summary>A memory amount as redis.conf writes it: 1k = 1000, 1kb = 1024, m/mb, g/gb.</summary>
    public static long Memory(string text, long min, long max)
    {
        string t = text.ToLowerInvariant();
        long unit = 1;
        foreach (var (suffix, size) in MemoryUnits)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                unit = size;
                t = t[..^suffix.Length];
                break;
            }
        }
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > long.MaxValue / unit)
        {
            throw new ConfigException("argument must be a memory value");
        }
        value *= unit;
        return value >= min && value <= max
            ? value
            : throw new ConfigException($"argument must be between {min} and {max} inclusive");
    }

    private static readonly (string Suffix, long Size)[] MemoryUnits =
    [
        ("kb", 1024), ("mb", 1024 * 1024), ("gb", 1024L * 1024 * 1024),
        ("k", 1000), ("m", 1000 * 1000), ("g", 1000L * 1000 * 1000),
    ];

    private static List<IPAddress> ParseBind(IReadOnlyList<string> args)
    {
        // redis 7 splits a single argument ("127.0.0.1 ::1") into several; '-' marks an optional
        // address (Mnemo binds it like any other).
        var words = args.Count == 1 ? args[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [.. args];
        if (words.Length == 0)
        {
            throw new ConfigException("wrong number of arguments");
        }
        var addresses = new List<IPAddress>();
        foreach (string word in words)
        {
            string w = word.StartsWith('-') ? word[1..] : word;
            var address = w switch
            {
                "*" => IPAddress.Any,
                "::*" => IPAddress.IPv6Any,
                "localhost" => IPAddress.Loopback,
                _ => IPAddress.TryParse(w, out var a) ? a : throw new ConfigException($"Invalid bind address '{word}'"),
            };
            if (!addresses.Contains(address))
            {
                addresses.Add(address);
            }
        }
        return addresses;
    }

    /// <summary>
    /// <c>save &lt;seconds&gt; &lt;changes&gt; [...]</c> as redis-server reads it: the first save
    /// directive replaces the default points and later ones add to them; <c>save ""</c> removes
    /// every point (snapshots only on demand).
    /// </summary>
    private void ApplySave(IReadOnlyList<string> args)
    {
        var words = args.SelectMany(a => a.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        if (words.Length % 2 != 0 || words.Any(w => !long.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new ConfigException("Invalid save parameters");
        }
        var rules = new List<SaveRule>();
        for (int i = 0; i < words.Length; i += 2)
        {
            long seconds = long.Parse(words[i], CultureInfo.InvariantCulture);
            long changes = long.Parse(words[i + 1], CultureInfo.InvariantCulture);
            if (seconds > int.MaxValue)
            {
                throw new ConfigException("Invalid save parameters");
            }
            rules.Add(new SaveRule(TimeSpan.FromSeconds(seconds), changes));
        }
        if (words.Length == 0 || !_saveRulesSet)
        {
            _saveRules = rules;
        }
        else
        {
            _saveRules.AddRange(rules);
        }
        _saveRulesSet = true;
    }
}
