using System.Text.RegularExpressions;

namespace Mnemo.Cli.Tests;

/// <summary>mnemo check, check --repair, backup and restore on real data directories.</summary>
public sealed class DataCommandsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"mnemo-data-{Guid.NewGuid():N}");

    public DataCommandsTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Path.Combine(_root, name);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DataCommands.Run(args[0], args[1..], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Check_reports_a_sound_directory_file_by_file()
    {
        string dir = Dir("sound");
        using (var store = DataFiles.Open(dir))
        {
            var db = store.GetDatabase();
            db.StringSet("a", "1");
            db.StringSet("b", "2");
            store.Save();
            db.StringSet("c", "3");
        }
        var (code, stdout, stderr) = Run("check", dir);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(
            $"Data directory {dir}\n"
            + "  MANIFEST: snapshot dump.mnemo.00000000000000000002, sequence 2\n"
            + "  dump.mnemo.00000000000000000002: 2 keys in N chunks\n"
            + $"  journal-00000000000000000003.mjl: {new FileInfo(Path.Combine(dir, "journal-00000000000000000003.mjl")).Length} bytes, records 3 to 3 in 1 frames\n"
            + "OK: sound, 2 keys in the snapshot and records up to sequence 3.\n",
            // A chunk holds one shard's keys, and the key hash's seed is random per process: "a"
            // and "b" share a shard in about one run of 64, which makes it one chunk.
            Regex.Replace(stdout.ReplaceLineEndings("\n"), "2 keys in [12] chunks", "2 keys in N chunks"));
    }

    [Fact]
    public void A_torn_tail_is_a_warning_and_exit_code_0()
    {
        string dir = Dir("torn");
        string segment = DataFiles.WriteJournal(dir, keys: 3);
        long length = new FileInfo(segment).Length;
        File.AppendAllText(segment, "partial"); // a frame whose write was cut by a crash
        var (code, stdout, _) = Run("check", dir);
        Assert.Equal(0, code);
        Assert.Contains($"Warning: {Path.GetFileName(segment)} ends with a torn record at offset {length} (incomplete frame header): 7 bytes", stdout, StringComparison.Ordinal);
        Assert.Contains("OK: sound, 0 keys in the snapshot and records up to sequence 3.", stdout, StringComparison.Ordinal);
        // --repair cuts it, and then there is nothing left to warn about
        (code, stdout, _) = Run("check", "--repair", dir);
        Assert.Equal(0, code);
        Assert.Contains($"Repair: cut {Path.GetFileName(segment)} at offset {length}: 7 bytes lost", stdout, StringComparison.Ordinal);
        Assert.Equal(length, new FileInfo(segment).Length);
        Assert.DoesNotContain("Warning", Run("check", dir).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Damage_is_exit_code_1_with_the_file_and_offset_and_repair_keeps_the_data_before_it()
    {
        string dir = Dir("damaged");
        string segment = DataFiles.WriteJournal(dir, keys: 6);
        long offset = DataFiles.FrameOffsets(segment)[3];
        DataFiles.FlipByte(segment, offset + 25);
        var (code, _, stderr) = Run("check", dir);
        Assert.Equal(1, code);
        Assert.StartsWith($"DAMAGED: Damaged persistence file '{segment}' at offset {offset}: frame checksum mismatch (followed by more data: not a torn final write).\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Throws<PersistenceDamageException>(() => DataFiles.Open(dir).Dispose());

        var (repaired, stdout, _) = Run("check", "--repair", dir);
        Assert.Equal(0, repaired);
        Assert.Contains($"Repair: cut {Path.GetFileName(segment)} at offset {offset}: ", stdout, StringComparison.Ordinal);
        Assert.Contains("the data directory now ends at sequence 3.", stdout, StringComparison.Ordinal);
        Assert.Equal(offset, new FileInfo(segment).Length);
        Assert.Equal(3, DataFiles.ContiguousKeys(dir));
        Assert.Equal(0, Run("check", dir).Code);
    }

    [Fact]
    public void Repair_of_an_earlier_segment_removes_the_later_ones_and_says_what_was_lost()
    {
        string dir = Dir("segments");
        string first = DataFiles.WriteJournal(dir, keys: 4);
        string second = DataFiles.WriteJournal(dir, keys: 4, from: 4); // a new session starts a new segment
        Assert.NotEqual(first, second);
        long offset = DataFiles.FrameOffsets(first)[1];
        DataFiles.FlipByte(first, offset + 21);
        var (code, _, stderr) = Run("check", dir);
        Assert.Equal(1, code);
        Assert.Contains($"'{first}' at offset {offset}: frame checksum mismatch", stderr, StringComparison.Ordinal);

        var (repaired, stdout, _) = Run("check", "--repair", dir);
        Assert.Equal(0, repaired);
        Assert.Contains($"Repair: removed {Path.GetFileName(second)} (records from 5, 4 frames, ", stdout, StringComparison.Ordinal);
        Assert.Matches(@"Lost: \d+ bytes, 4 complete frames in removed segments, 1 segment\(s\) removed; the data directory now ends at sequence 1\.", stdout);
        Assert.False(File.Exists(second));
        Assert.Equal(1, DataFiles.ContiguousKeys(dir));
    }

    [Fact]
    public void Damage_in_the_snapshot_cannot_be_cut_away()
    {
        string dir = Dir("snapshot");
        using (var store = DataFiles.Open(dir))
        {
            store.GetDatabase().StringSet("a", "1");
            store.Save();
        }
        string snapshot = Directory.GetFiles(dir, "dump.mnemo.*").Single();
        DataFiles.FlipByte(snapshot, 50);
        var (code, _, stderr) = Run("check", "--repair", dir);
        Assert.Equal(1, code);
        Assert.Contains("cannot be cut away: restore a backup", stderr, StringComparison.Ordinal);
        Assert.Contains($"DAMAGED: Damaged persistence file '{snapshot}' at offset 40: snapshot chunk checksum mismatch.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_while_a_store_writes_and_compacts_gives_consistent_prefixes()
    {
        string dir = Dir("live");
        using var store = DataFiles.Open(dir);
        var db = store.GetDatabase();
        using var stop = new CancellationTokenSource();
        int written = 0;
        var writer = Task.Run(() =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                db.StringSet($"k{i}", $"v{i}");
                Volatile.Write(ref written, i + 1);
                if (i % 500 == 499)
                {
                    store.Save(); // compaction: a new snapshot, older files removed
                }
            }
        });
        try
        {
            for (int b = 0; b < 4; b++)
            {
                while (Volatile.Read(ref written) < (b + 1) * 300)
                {
                    await Task.Delay(5);
                }
                int before = Volatile.Read(ref written);
                string target = Dir($"backup{b}");
                var (code, stdout, stderr) = Run("backup", dir, target);
                Assert.True(code == 0, stdout + stderr);
                Assert.Contains($"Backed up {dir} to {target}", stdout, StringComparison.Ordinal);
                int keys = DataFiles.ContiguousKeys(target);
                Assert.True(keys >= before, $"backup {b} holds {keys} keys, {before} were acknowledged before it started");
                Assert.True(keys <= Volatile.Read(ref written));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
    }

    [Fact]
    public void Restore_verifies_the_backup_and_needs_an_empty_directory()
    {
        string dir = Dir("origin");
        using (var store = DataFiles.Open(dir))
        {
            var db = store.GetDatabase();
            db.StringSet("k0", "v");
            store.Save();
            db.StringSet("k1", "v");
        }
        string backup = Dir("backup");
        Assert.Equal(0, Run("backup", dir, backup).Code);
        string restored = Dir("restored");
        var (code, stdout, _) = Run("restore", backup, restored);
        Assert.Equal(0, code);
        Assert.Contains($"Start a server on it with: mnemo serve --dir {restored}", stdout, StringComparison.Ordinal);
        Assert.Equal(2, DataFiles.ContiguousKeys(restored));

        // not empty: refused
        var (busy, _, busyErr) = Run("restore", backup, restored);
        Assert.Equal(1, busy);
        Assert.Contains("is not empty", busyErr, StringComparison.Ordinal);

        // a damaged backup is rejected and nothing is restored
        var segment = Directory.GetFiles(backup, "journal-*.mjl").Single();
        DataFiles.FlipByte(segment, 24 + 22);
        string other = Dir("other");
        var (rejected, _, rejectedErr) = Run("restore", backup, other);
        Assert.Equal(1, rejected);
        Assert.Contains($"DAMAGED: Damaged persistence file '{segment}' at offset 24", rejectedErr, StringComparison.Ordinal);
        Assert.Contains("the backup is rejected; nothing was restored", rejectedErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(other) && Directory.EnumerateFileSystemEntries(other).Any());
    }

    [Fact]
    public void Backup_of_a_damaged_directory_is_refused()
    {
        string dir = Dir("bad");
        string segment = DataFiles.WriteJournal(dir, keys: 4);
        DataFiles.FlipByte(segment, DataFiles.FrameOffsets(segment)[1] + 22);
        var (code, _, stderr) = Run("backup", dir, Dir("copy"));
        Assert.Equal(1, code);
        Assert.Contains($"mnemo backup: DAMAGED: Damaged persistence file '{Path.Combine(Dir("copy"), Path.GetFileName(segment))}'", stderr, StringComparison.Ordinal);
        Assert.Contains("the source is damaged; nothing was copied", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Dir("copy")));
    }

    [Fact]
    public void Usage_errors_and_missing_directories()
    {
        Assert.Equal((2, "", "Usage: mnemo check [--repair] <dir>\n"), Normalize(Run("check")));
        Assert.Equal(2, Run("backup", "only-one").Code);
        Assert.Equal(2, Run("restore").Code);
        var (code, _, stderr) = Run("check", Dir("missing"));
        Assert.Equal(1, code);
        Assert.Equal($"mnemo check: The data directory '{Dir("missing")}' does not exist.\n", stderr.ReplaceLineEndings("\n"));
    }

    private static (int, string, string) Normalize((int Code, string Out, string Err) r) => (r.Code, r.Out, r.Err.ReplaceLineEndings("\n"));
}
