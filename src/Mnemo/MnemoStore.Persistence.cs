using Mnemo.Internal.Persistence;
using Mnemo.Persistence;

namespace Mnemo;

/// <summary>Snapshots, backup and persistence status of a store with a data directory.</summary>
public sealed partial class MnemoStore
{
    internal PersistenceEngine? Persistence => _persistence;

    /// <summary>True when the store has a data directory (<see cref="MnemoStoreOptions.Persistence"/>).</summary>
    public bool IsPersistent => _persistence is not null;

    /// <summary>
    /// SAVE: writes a point-in-time snapshot now and compacts the journal behind it. Writers keep
    /// running while it is written (each waits at most for the copy of one shard).
    /// </summary>
    /// <exception cref="MnemoException">No data directory; a snapshot is already running; or the write failed (writes are then refused until a snapshot succeeds).</exception>
    public void Save() => RequirePersistence().Save();

    /// <summary>BGSAVE: fixes the snapshot's point in time now and writes it in the background.</summary>
    /// <returns>A task that completes when the snapshot is durable (faults if it failed).</returns>
    /// <exception cref="MnemoException">No data directory, or a snapshot is already running.</exception>
    public Task SaveInBackground() => RequirePersistence().SaveInBackground();

    /// <summary>When the last snapshot succeeded (Redis's <c>LASTSAVE</c>); the start time when none has been taken.</summary>
    public DateTimeOffset LastSave => RequirePersistence().GetStatus().LastSave;

    /// <summary>
    /// Writes a consistent copy of the store as it is now into <paramref name="targetDirectory"/>
    /// (which must be empty or absent): a data directory another store can be started from.
    /// </summary>
    /// <example>
    /// <code>
    /// store.Backup("/backups/2026-11-22");
    /// using var copy = new MnemoStore(new MnemoStoreOptions { Persistence = new() { Directory = "/backups/2026-11-22" } });
    /// </code>
    /// </example>
    public void Backup(string targetDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetDirectory);
        RequirePersistence().Backup(targetDirectory);
    }

    /// <summary>The persistence state (INFO persistence), or null for an in-memory store.</summary>
    public PersistenceStatus? GetPersistenceStatus() => _persistence?.GetStatus();

    /// <summary>Waits until every write this thread made is in the journal as the fsync mode demands (the embedded API does this on every call).</summary>
    internal void AcknowledgeWrites() => _persistence?.Acknowledge();

    private PersistenceEngine RequirePersistence() => _persistence ?? throw new MnemoException(RedisErrors.NoPersistence);
}
