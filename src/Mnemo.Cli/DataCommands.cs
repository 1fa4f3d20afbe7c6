using Mnemo.Internal.Persistence;

namespace Mnemo.Cli;

/// <summary>
/// <c>mnemo check [--repair] &lt;dir&gt;</c>, <c>mnemo backup &lt;dir&gt; &lt;target&gt;</c> and
/// <c>mnemo restore &lt;backup&gt; &lt;dir&gt;</c>: thin front ends of the engine's
/// <see cref="DataDirectoryCheck"/> and <see cref="DataDirectoryTools"/>. Exit code 0 on success,
/// 1 when the data is damaged or the operation failed, 2 for a usage error.
/// </summary>
internal static class DataCommands
{
    public static int Run(string command, string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            return command switch
            {
                "check" when args is ["--repair", var dir] => Repair(dir, stdout, stderr),
                "check" when args is [var dir] && !dir.StartsWith('-') => Check(dir, stdout, stderr),
                "backup" when args is [var dir, var target] => Backup(dir, target, stdout, stderr),
                "restore" when args is [var backup, var dir] => Restore(backup, dir, stdout, stderr),
                _ => UsageError(command, stderr),
            };
        }
        catch (PersistenceDamageException e)
        {
            stderr.WriteLine($"mnemo {command}: DAMAGED: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"mnemo {command}: {e.Message}");
            return 1;
        }
    }

    private static int UsageError(string command, TextWriter stderr)
    {
        string usage = command switch
        {
            "check" => "mnemo check [--repair] <dir>",
            "backup" => "mnemo backup <dir> <target>",
            _ => "mnemo restore <backup> <dir>",
        };
        stderr.WriteLine($"Usage: {usage}");
        return 2;
    }

    private static int Check(string dir, TextWriter stdout, TextWriter stderr)
    {
        var report = DataDirectoryCheck.Check(dir);
        Describe(report, stdout);
        return Verdict(report, stdout, stderr);
    }

    private static int Repair(string dir, TextWriter stdout, TextWriter stderr)
    {
        var before = DataDirectoryCheck.Check(dir);
        Describe(before, stdout);
        if (before.Sound && before.TornTail is null)
        {
            stdout.WriteLine("Nothing to repair.");
            return Verdict(before, stdout, stderr);
        }
        if (before.Damage is { } damage)
        {
            stdout.WriteLine($"Damage: {damage.Message}");
        }
        var result = DataDirectoryTools.Repair(dir);
        foreach (var action in result.Actions)
        {
            stdout.WriteLine($"Repair: {action}");
        }
        if (result.Actions.Count > 0)
        {
            stdout.WriteLine($"Lost: {result.LostBytes} bytes, {result.LostFrames} complete frames in removed segments, {result.LostSegments} segment(s) removed; "
                + $"the data directory now ends at sequence {result.After.Sequence}.");
        }
        if (result.After.Damage is not null)
        {
            stderr.WriteLine("mnemo check: the damage is in the manifest or the snapshot and cannot be cut away: restore a backup.");
        }
        return Verdict(result.After, stdout, stderr);
    }

    private static int Backup(string dir, string target, TextWriter stdout, TextWriter stderr)
    {
        // No check of the source first: a server may be compacting it; the copy is checked instead
        // (and made again when a compaction changed the files meanwhile).
        DataDirectoryCheck.Report copy;
        int attempts;
        try
        {
            (copy, attempts) = DataDirectoryTools.Backup(dir, target);
        }
        catch (PersistenceDamageException e)
        {
            stderr.WriteLine($"mnemo backup: DAMAGED: {e.Message}");
            stderr.WriteLine("mnemo backup: the source is damaged; nothing was copied.");
            return 1;
        }
        stdout.WriteLine($"Backed up {Path.GetFullPath(dir)} to {copy.Directory}{(attempts > 1 ? $" (after {attempts} attempts: files changed during the copy)" : "")}.");
        Describe(copy, stdout);
        return Verdict(copy, stdout, stderr);
    }

    private static int Restore(string backup, string dir, TextWriter stdout, TextWriter stderr)
    {
        DataDirectoryCheck.Report copy;
        try
        {
            copy = DataDirectoryTools.Restore(backup, dir);
        }
        catch (PersistenceDamageException e)
        {
            stderr.WriteLine($"mnemo restore: DAMAGED: {e.Message}");
            stderr.WriteLine("mnemo restore: the backup is rejected; nothing was restored.");
            return 1;
        }
        stdout.WriteLine($"Restored {Path.GetFullPath(backup)} into {copy.Directory}.");
        Describe(copy, stdout);
        int code = Verdict(copy, stdout, stderr);
        if (code == 0)
        {
            stdout.WriteLine($"Start a server on it with: mnemo serve --dir {copy.Directory}");
        }
        return code;
    }

    /// <summary>What was found, file by file.</summary>
    private static void Describe(DataDirectoryCheck.Report report, TextWriter stdout)
    {
        stdout.WriteLine($"Data directory {report.Directory}");
        if (report.Manifest is { } manifest)
        {
            stdout.WriteLine($"  MANIFEST: snapshot {manifest.Snapshot ?? "(none)"}, sequence {manifest.Sequence}");
        }
        else if (report.Damage?.FilePath.EndsWith(Manifest.FileName, StringComparison.Ordinal) != true)
        {
            stdout.WriteLine("  MANIFEST: none (no snapshot yet: the journal starts at sequence 1)");
        }
        if (report.SnapshotPath is { } snapshot && (report.Damage is null || report.SnapshotKeys > 0 || report.Segments.Count > 0))
        {
            stdout.WriteLine($"  {Path.GetFileName(snapshot)}: {report.SnapshotKeys} keys in {report.SnapshotChunks} chunks");
        }
        foreach (var segment in report.Segments)
        {
            string name = Path.GetFileName(segment.Path);
            stdout.WriteLine(segment.Skipped
                ? $"  {name}: {segment.Bytes} bytes, superseded (every record is in the snapshot)"
                : segment.Frames == 0
                    ? $"  {name}: {segment.Bytes} bytes, no records"
                    : $"  {name}: {segment.Bytes} bytes, records {segment.First} to {segment.Last} in {segment.Frames} frames");
        }
    }

    private static int Verdict(DataDirectoryCheck.Report report, TextWriter stdout, TextWriter stderr)
    {
        if (report.Damage is { } damage)
        {
            stderr.WriteLine($"DAMAGED: {damage.Message}");
            stderr.WriteLine($"Run 'mnemo check --repair {report.Directory}' to cut the damage (losing what follows it), or restore a backup.");
            return 1;
        }
        if (report.TornTail is { } torn)
        {
            stdout.WriteLine($"Warning: {Path.GetFileName(torn.Path)} ends with a torn record at offset {torn.ValidLength} ({torn.Problem}): "
                + $"{torn.FileLength - torn.ValidLength} bytes of a write that was never acknowledged; starting a store cuts it.");
        }
        stdout.WriteLine($"OK: sound, {report.SnapshotKeys} keys in the snapshot and records up to sequence {report.Sequence}.");
        return 0;
    }
}
