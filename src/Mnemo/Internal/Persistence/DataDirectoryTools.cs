namespace Mnemo.Internal.Persistence;

/// <summary>
/// The file-level tools behind <c>mnemo check --repair</c>, <c>mnemo backup</c> and
/// <c>mnemo restore</c>. They work on the files only (no store is opened), with the readers
/// recovery uses, so what they accept is exactly what a store can start from.
/// </summary>
internal static class DataDirectoryTools
{
    /// <summary>What a repair did: the actions taken, what was lost, and the check after it.</summary>
    public sealed record RepairResult(IReadOnlyList<string> Actions, long LostBytes, int LostFrames, int LostSegments, DataDirectoryCheck.Report After);

    /// <summary>
    /// Cuts damage explicitly: a damaged journal segment is truncated at its first bad frame (or
    /// removed when its header is bad) and every later segment is removed; a torn tail is cut.
    /// Damage in the manifest or the snapshot cannot be cut away: the result's check still reports it.
    /// </summary>
    public static RepairResult Repair(string directory, IFileLayer? files = null)
    {
        files ??= PhysicalFileLayer.Instance;
        var actions = new List<string>();
        long lostBytes = 0;
        int lostFrames = 0, lostSegments = 0;
        var report = DataDirectoryCheck.Check(directory, files);
        // Each pass removes the first damage; a cut removes everything after it, so two passes suffice in practice.
        for (int pass = 0; pass < 4; pass++)
        {
            string path;
            long offset;
            string problem;
            if (report.Damage is { } damage)
            {
                (path, offset, problem) = (damage.FilePath, damage.Offset, damage.Problem);
            }
            else if (report.TornTail is { } torn)
            {
                (path, offset, problem) = (torn.Path, torn.ValidLength, torn.Problem);
            }
            else
            {
                break;
            }
            if (!JournalFile.TryParseName(Path.GetFileName(path), out long first)
                || !string.Equals(Path.GetDirectoryName(path), report.Directory, StringComparison.Ordinal))
            {
                break; // the manifest or the snapshot: nothing to cut (restore a backup)
            }
            long length = new FileInfo(path).Length;
            if (offset < JournalFile.HeaderSize)
            {
                files.Delete(path);
                lostBytes += length;
                lostSegments++;
                actions.Add($"removed {Path.GetFileName(path)} ({length} bytes; {problem})");
            }
            else
            {
                files.Truncate(path, offset);
                lostBytes += length - offset;
                actions.Add($"cut {Path.GetFileName(path)} at offset {offset}: {length - offset} bytes lost ({problem})");
            }
            foreach (var (later, laterPath) in Recovery.Segments(report.Directory).Where(s => s.First > first))
            {
                var read = JournalFile.Read(files, laterPath);
                long bytes = read.FileLength;
                files.Delete(laterPath);
                lostBytes += bytes;
                lostFrames += read.Frames.Count;
                lostSegments++;
                actions.Add($"removed {Path.GetFileName(laterPath)} (records from {later}, {read.Frames.Count} frames, {bytes} bytes): it follows the damage");
            }
            files.SyncDirectory(report.Directory);
            report = DataDirectoryCheck.Check(directory, files);
        }
        return new RepairResult(actions, lostBytes, lostFrames, lostSegments, report);
    }

    /// <summary>
    /// Copies a data directory, possibly while a store writes to it, into <paramref name="target"/>
    /// (empty or absent): the manifest, its snapshot and the journal segments after it, the last
    /// segment cut at its last complete frame. The copy is verified; when a compaction removed a
    /// file or changed the manifest meanwhile, the copy starts again (up to <paramref name="attempts"/> times).
    /// </summary>
    /// <returns>The check of the copy and the number of attempts it took.</returns>
    /// <exception cref="PersistenceDamageException">The source is damaged (the copy fails its check every time).</exception>
    public static (DataDirectoryCheck.Report Copy, int Attempts) Backup(string source, string target, IFileLayer? files = null, int attempts = 5)
    {
        files ??= PhysicalFileLayer.Instance;
        source = Path.GetFullPath(source);
        target = PrepareTarget(source, target);
        Exception? last = null;
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                CopyOnce(source, target, files);
                var check = DataDirectoryCheck.Check(target, files);
                if (check.Sound && check.TornTail is null)
                {
                    return (check, attempt);
                }
                last = (Exception?)check.Damage ?? new IOException("the copy ends with a torn record");
            }
            catch (Exception e) when (e is IOException or PersistenceDamageException)
            {
                last = e; // FileNotFoundException: a compaction removed a file meanwhile
            }
            Clear(target, files);
            Thread.Sleep(20 * attempt);
        }
        throw (Exception?)(last as PersistenceDamageException)
            ?? new IOException($"Could not make a consistent copy of '{source}' in {attempts} attempts: {last?.Message}", last);
    }

    /// <summary>Verifies <paramref name="backup"/> and copies it into <paramref name="target"/> (empty or absent).</summary>
    /// <exception cref="PersistenceDamageException">The backup is damaged, including a torn last record (a backup is made complete); nothing is copied.</exception>
    public static DataDirectoryCheck.Report Restore(string backup, string target, IFileLayer? files = null)
    {
        files ??= PhysicalFileLayer.Instance;
        backup = Path.GetFullPath(backup);
        var check = DataDirectoryCheck.Check(backup, files);
        if (check.Damage is { } damage)
        {
            throw damage;
        }
        if (check.TornTail is { } torn)
        {
            // a backup is written complete and verified: an incomplete last record means it was damaged since
            throw new PersistenceDamageException(torn.Path, torn.ValidLength, $"{torn.Problem} (a backup ends with complete records)");
        }
        target = PrepareTarget(backup, target);
        try
        {
            CopyOnce(backup, target, files);
            var copy = DataDirectoryCheck.Check(target, files);
            if (copy.Damage is { } copyDamage)
            {
                throw copyDamage;
            }
            return copy;
        }
        catch
        {
            Clear(target, files);
            throw;
        }
    }

    private static string PrepareTarget(string source, string target)
    {
        target = Path.GetFullPath(target);
        if (string.Equals(source.TrimEnd(Path.DirectorySeparatorChar), target.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            throw new IOException("The target must not be the source directory.");
        }
        Directory.CreateDirectory(target);
        if (Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"The target '{target}' is not empty.");
        }
        return target;
    }

    private static void CopyOnce(string source, string target, IFileLayer files)
    {
        Manifest? manifest = null;
        var manifestPath = Path.Combine(source, Manifest.FileName);
        if (File.Exists(manifestPath))
        {
            manifest = Manifest.Parse(manifestPath, System.Text.Encoding.UTF8.GetString(ReadAll(files, manifestPath)));
        }
        if (manifest?.Snapshot is { } snapshot)
        {
            CopyFile(files, Path.Combine(source, snapshot), Path.Combine(target, snapshot));
        }
        long sequence = manifest?.Sequence ?? 0;
        var segments = Recovery.Segments(source);
        for (int s = 0; s < segments.Count; s++)
        {
            var (_, path) = segments[s];
            bool lastSegment = s == segments.Count - 1;
            if (!lastSegment && segments[s + 1].First - 1 <= sequence)
            {
                continue; // wholly in the snapshot
            }
            var copy = Path.Combine(target, Path.GetFileName(path));
            CopyFile(files, path, copy);
            if (lastSegment)
            {
                // The source's last segment may be being appended to: keep only complete frames.
                var read = JournalFile.Read(files, copy);
                if (read.TornTail)
                {
                    if (read.ValidLength < JournalFile.HeaderSize)
                    {
                        files.Delete(copy);
                    }
                    else
                    {
                        files.Truncate(copy, read.ValidLength);
                    }
                }
            }
        }
        manifest?.Commit(files, target);
        files.SyncDirectory(target);
    }

    private static byte[] ReadAll(IFileLayer files, string path)
    {
        using var stream = files.OpenRead(path);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static void CopyFile(IFileLayer files, string from, string to)
    {
        using var input = files.OpenRead(from);
        using var output = files.Create(to);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            output.Write(buffer.AsSpan(0, n));
        }
        output.Sync();
    }

    private static void Clear(string target, IFileLayer files)
    {
        foreach (var path in Directory.EnumerateFiles(target))
        {
            files.Delete(path);
        }
    }
}
