namespace Mnemo.Persistence;

/// <summary>The persistence state of a store (INFO's persistence section).</summary>
/// <param name="Directory">The data directory.</param>
/// <param name="Mode">What is kept on disk.</param>
/// <param name="Fsync">The journal's fsync policy.</param>
/// <param name="ChangesSinceLastSave">Writes since the last successful snapshot (Redis's <c>rdb_changes_since_last_save</c>).</param>
/// <param name="LastSave">When the last snapshot succeeded (or the store started; Redis's <c>LASTSAVE</c>).</param>
/// <param name="LastSnapshotSucceeded">False when the last snapshot attempt failed.</param>
/// <param name="SnapshotInProgress">A snapshot is being written.</param>
/// <param name="CurrentSnapshotStarted">When the running snapshot started, or null.</param>
/// <param name="LastSnapshotDuration">How long the last snapshot took, or null when none was taken.</param>
/// <param name="SnapshotsTaken">Snapshots written since the store started.</param>
/// <param name="JournalBytesWritten">Journal bytes written since the store started.</param>
/// <param name="JournalSequence">Sequence number of the last change.</param>
/// <param name="Failure">Why writes are refused, or null when persistence is healthy.</param>
/// <param name="RecoveredKeys">Keys loaded from the snapshot at start.</param>
/// <param name="RecoveredRecords">Journal records replayed at start.</param>
public sealed record PersistenceStatus(
    string Directory,
    DurabilityMode Mode,
    JournalFsync Fsync,
    long ChangesSinceLastSave,
    DateTimeOffset LastSave,
    bool LastSnapshotSucceeded,
    bool SnapshotInProgress,
    DateTimeOffset? CurrentSnapshotStarted,
    TimeSpan? LastSnapshotDuration,
    long SnapshotsTaken,
    long JournalBytesWritten,
    long JournalSequence,
    string? Failure,
    long RecoveredKeys,
    long RecoveredRecords);
