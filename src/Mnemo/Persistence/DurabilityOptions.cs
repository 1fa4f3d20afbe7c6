namespace Mnemo.Persistence;

/// <summary>What a store keeps on disk.</summary>
public enum DurabilityMode
{
    /// <summary>Nothing: a pure in-memory store.</summary>
    None,

    /// <summary>Snapshots only (on demand and by <see cref="MnemoPersistenceOptions.SaveRules"/>): a crash loses writes since the last snapshot.</summary>
    Snapshot,

    /// <summary>A journal of every write plus snapshots that compact it; see <see cref="JournalFsync"/>.</summary>
    Journal,
}

/// <summary>When the journal is fsynced (Redis's <c>appendfsync</c>). In every mode a write reaches the operating system before it is acknowledged.</summary>
public enum JournalFsync
{
    /// <summary>Before every acknowledgement (one fsync covers a batch of concurrent writes): survives power loss.</summary>
    Always,

    /// <summary>Once a second (Redis's <c>everysec</c>): a process crash loses nothing acknowledged; power loss up to about a second.</summary>
    EverySecond,

    /// <summary>Left to the operating system (Redis's <c>no</c>): a process crash loses nothing acknowledged; power loss up to the OS's flush interval.</summary>
    OperatingSystem,
}

/// <summary>An autosave rule (Redis's <c>save &lt;seconds&gt; &lt;changes&gt;</c>): snapshot when at least <paramref name="Changes"/> writes happened and <paramref name="Interval"/> passed since the last snapshot.</summary>
/// <param name="Interval">Minimum time since the last snapshot.</param>
/// <param name="Changes">Minimum number of writes since the last snapshot.</param>
public sealed record SaveRule(TimeSpan Interval, long Changes);

/// <summary>Where and how a store persists. Set <see cref="MnemoStoreOptions.Persistence"/> to use it.</summary>
/// <example>
/// <code>
/// using var store = new MnemoStore(new MnemoStoreOptions
/// {
///     Persistence = new MnemoPersistenceOptions { Directory = "./data", Mode = DurabilityMode.Journal, Fsync = JournalFsync.Always },
/// });
/// </code>
/// </example>
public sealed class MnemoPersistenceOptions
{
    /// <summary>The data directory (created if missing). Required unless <see cref="Mode"/> is <see cref="DurabilityMode.None"/>.</summary>
    public string? Directory { get; init; }

    /// <summary>What is kept on disk (default: journal).</summary>
    public DurabilityMode Mode { get; init; } = DurabilityMode.Journal;

    /// <summary>When the journal is fsynced (default: every second, as Redis's <c>appendfsync everysec</c>).</summary>
    public JournalFsync Fsync { get; init; } = JournalFsync.EverySecond;

    /// <summary>Autosave rules; default Redis's <c>3600 1 300 100 60 10000</c>. Empty: snapshots only on demand.</summary>
    public IReadOnlyList<SaveRule> SaveRules { get; init; } = DefaultSaveRules;

    /// <summary>
    /// Compact the journal (snapshot + new segment) when it has grown by this many bytes since the
    /// last snapshot (Redis's <c>auto-aof-rewrite-min-size</c>, default 64 MiB); 0 disables it.
    /// </summary>
    public long CompactAfterBytes { get; init; } = 64L << 20;

    /// <summary>Base name of snapshot files (Redis's <c>dbfilename</c>); the sequence number is appended.</summary>
    public string SnapshotFileName { get; init; } = "dump.mnemo";

    /// <summary>Receives warnings (a torn journal tail that was cut, a failed snapshot). Default: none.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Redis's default save points.</summary>
    public static IReadOnlyList<SaveRule> DefaultSaveRules { get; } =
        [new(TimeSpan.FromSeconds(3600), 1), new(TimeSpan.FromSeconds(300), 100), new(TimeSpan.FromSeconds(60), 10000)];

    /// <summary>The file layer (tests inject failures through it).</summary>
    internal Internal.Persistence.IFileLayer FileLayer { get; init; } = Internal.Persistence.PhysicalFileLayer.Instance;
}
