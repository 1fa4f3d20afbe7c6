using Mnemo.Changes;
using Mnemo.Internal.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// Rebuilds a store from its data directory: the manifest's snapshot, then every journal record
/// after it. A torn frame at the very end of the last segment is cut with a warning (a crash while
/// writing); any other damage refuses to start, naming the file and offset.
/// </summary>
internal static class Recovery
{
    public sealed record Result(long Sequence, long SnapshotKeys, long JournalRecords, long ExpiredKeys, string? SnapshotFile, IReadOnlyList<string> Warnings);

    /// <summary>The journal segments of a directory in sequence order.</summary>
    public static List<(long First, string Path)> Segments(string directory) =>
        [.. Directory.EnumerateFiles(directory, "journal-*.mjl")
            .Select(p => (Ok: JournalFile.TryParseName(Path.GetFileName(p), out long first), First: first, Path: p))
            .Where(s => s.Ok)
            .Select(s => (s.First, s.Path))
            .OrderBy(s => s.First)];

    public static Result Run(StoreCore core, IFileLayer files, string directory, bool cutTornTail, Action<string>? log)
    {
        var warnings = new List<string>();
        var manifest = Manifest.Load(files, directory);
        long sequence = manifest?.Sequence ?? 0;
        long snapshotKeys = 0;
        if (manifest?.Snapshot is { } snapshotName)
        {
            var path = Path.Combine(directory, snapshotName);
            if (!File.Exists(path))
            {
                throw new PersistenceDamageException(path, 0, "the snapshot the manifest names is missing");
            }
            var header = LoadSnapshot(core, files, path, ref snapshotKeys);
            if (header.Sequence != manifest.Sequence)
            {
                throw new PersistenceDamageException(path, 20, $"snapshot sequence {header.Sequence} differs from the manifest's {manifest.Sequence}");
            }
        }
        long records = ReplayJournal(core, files, directory, ref sequence, cutTornTail, warnings);
        core.Changes.RestoreSequence(sequence);
        long expired = 0;
        long now = core.NowMs();
        foreach (var db in core.Databases)
        {
            expired += db.RemoveExpiredAfterLoad(now);
        }
        foreach (var warning in warnings)
        {
            log?.Invoke(warning);
        }
        return new Result(sequence, snapshotKeys, records, expired, manifest?.Snapshot, warnings);
    }

    public static SnapshotFile.Header LoadSnapshot(StoreCore core, IFileLayer files, string path, ref long keys)
    {
        long loaded = 0;
        var header = SnapshotFile.Read(files, path, chunk =>
            loaded += SnapshotCodec.Decode(chunk.Span, core.Databases.Length,
                (database, key, kind, item, expiresAt) => core.Databases[database].LoadEntry(key, kind, item, expiresAt)));
        keys += loaded;
        return header;
    }

    private static long ReplayJournal(StoreCore core, IFileLayer files, string directory, ref long sequence, bool cutTornTail, List<string> warnings)
    {
        long records = 0;
        bool outer = Db.Replaying;
        Db.Replaying = true;
        try
        {
            var torn = JournalWalk.Run(files, directory, ref sequence, batch =>
            {
                foreach (var record in batch)
                {
                    ChangeApplier.Apply(core, record);
                }
                records += batch.Count;
            });
            if (torn is not null)
            {
                if (!cutTornTail)
                {
                    throw new PersistenceDamageException(torn.Path, torn.Read.ValidLength, torn.Problem);
                }
                CutTail(files, torn.Path, torn.Read, warnings, torn.Problem);
            }
        }
        finally
        {
            Db.Replaying = outer;
        }
        return records;
    }

    private static void CutTail(IFileLayer files, string path, JournalFile.ReadResult read, List<string> warnings, string damage)
    {
        long lost = read.FileLength - read.ValidLength;
        if (read.ValidLength < JournalFile.HeaderSize)
        {
            files.Delete(path);
            warnings.Add($"Journal segment '{path}' has an incomplete header ({read.FileLength} bytes): removed it (a crash while it was being created).");
            return;
        }
        files.Truncate(path, read.ValidLength);
        warnings.Add($"Journal segment '{path}' ended with a torn record at offset {read.ValidLength} ({damage}): cut {lost} bytes (a write that was never acknowledged).");
    }
}
