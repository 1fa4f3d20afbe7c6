namespace Mnemo.Internal.Persistence;

/// <summary>What the server needs beyond the embedded API: acknowledging writes made on another thread, SHUTDOWN NOSAVE, file sizes for INFO.</summary>
internal sealed partial class PersistenceEngine
{
    private volatile bool _skipFinalSnapshot;

    /// <summary>SHUTDOWN NOSAVE: <see cref="Dispose"/> takes no final snapshot (the journal is still written and fsynced).</summary>
    public bool SkipFinalSnapshot
    {
        get => _skipFinalSnapshot;
        set => _skipFinalSnapshot = value;
    }

    /// <summary>
    /// Acknowledges every change published so far, whichever thread published it: for a reply whose
    /// write may have run on another thread (a blocking command that resumed after a push, a command
    /// that waited for CLIENT PAUSE). Everything already published is written through first, so
    /// the sequence waited for is one the journal holds (never a change still being published).
    /// Throws <see cref="MnemoException"/> (MISCONF) when the journal has failed.
    /// </summary>
    public ValueTask AcknowledgeAllAsync()
    {
        _core.Changes.TakeThreadPublished();
        if (_journal is null)
        {
            return ValueTask.CompletedTask;
        }
        _journal.WriteThrough(long.MaxValue);
        return _journal.AcknowledgeAsync(_journal.WrittenSequence);
    }

    /// <summary>Bytes of the journal segments now in the data directory (INFO aof_current_size).</summary>
    public long JournalFileBytes()
    {
        long total = 0;
        foreach (var (_, path) in Recovery.Segments(_directory))
        {
            total += SizeOf(path);
        }
        return total;
    }

    /// <summary>Bytes of the snapshot the manifest names, or 0 (INFO aof_base_size).</summary>
    public long SnapshotFileBytes()
    {
        try
        {
            return Manifest.Load(_files, _directory)?.Snapshot is { } name ? SizeOf(Path.Combine(_directory, name)) : 0;
        }
        catch (Exception e) when (e is IOException or PersistenceDamageException)
        {
            return 0;
        }
    }

    private static long SizeOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0; // removed by a compaction meanwhile
        }
    }
}
