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
        var segments = Segments(directory);
        long records = 0;
        bool outer = Db.Replaying;
        Db.Replaying = true;
        try
        {
            for (int s = 0; s < segments.Count; s++)
            {
                var (first, path) = segments[s];
                bool last = s == segments.Count - 1;
                if (!last && segments[s + 1].First - 1 <= sequence)
                {
                    continue; // every record of this segment is already in the snapshot
                }
                if (first > sequence + 1)
                {
                    throw new PersistenceDamageException(path, 0, $"journal records {sequence + 1} to {first - 1} are missing (segment starts at {first})");
                }
                var read = JournalFile.Read(files, path);
                if (read.Damage is null && read.FirstSequence != first)
                {
                    throw new PersistenceDamageException(path, 12, $"segment header says it starts at {read.FirstSequence}, its name says {first}");
                }
                foreach (var frame in read.Frames)
                {
                    long frameLast = frame.FirstSequence + frame.Count - 1;
                    if (frameLast <= sequence)
                    {
                        continue;
                    }
                    if (frame.FirstSequence != sequence + 1)
                    {
                        throw new PersistenceDamageException(path, frame.Offset, $"frame starts at sequence {frame.FirstSequence}, expected {sequence + 1}");
                    }
                    List<ChangeRecord> batch;
                    try
                    {
                        batch = ChangeReader.ReadAll(frame.Records.Span);
                    }
                    catch (InvalidDataException e)
                    {
                        throw new PersistenceDamageException(path, frame.Offset, e.Message);
                    }
                    foreach (var record in batch)
                    {
                        ChangeApplier.Apply(core, record);
                    }
                    records += batch.Count;
                    sequence = frameLast;
                }
                if (read.Damage is { } damage)
                {
                    if (!last)
                    {
                        throw new PersistenceDamageException(path, read.ValidLength, $"{damage} (not the last segment: later records depend on this one)");
                    }
                    if (!read.TornTail)
                    {
                        throw new PersistenceDamageException(path, read.ValidLength, $"{damage} (followed by more data: not a torn final write)");
                    }
                    if (!cutTornTail)
                    {
                        throw new PersistenceDamageException(path, read.ValidLength, damage);
                    }
                    CutTail(files, path, read, warnings, damage);
                }
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
