using Mnemo.Internal.Persistence;
using Mnemo.Persistence;

namespace Mnemo.Tests.Persistence;

/// <summary>
/// Torn tails are cut with a warning; any other damage refuses to start, naming the file and offset.
/// </summary>
public sealed class DamageTests : IDisposable
{
    private readonly DataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string OnlySegment() => Path.Combine(_dir.Path, Assert.Single(_dir.Files("journal-*")));

    [Fact]
    public void The_last_record_cut_at_every_byte_offset_is_recovered_with_a_warning()
    {
        const int Writes = 6;
        using (var store = _dir.Open())
        {
            for (int i = 0; i < Writes; i++)
            {
                store.GetDatabase().StringSet("k" + i, "value-" + i);
            }
        }
        var segment = OnlySegment();
        var original = File.ReadAllBytes(segment);
        var frames = JournalFile.Read(PhysicalFileLayer.Instance, segment).Frames;
        Assert.Equal(Writes, frames.Count);
        long lastFrameStart = frames[^1].Offset;
        for (long cut = lastFrameStart; cut < original.Length; cut++)
        {
            File.WriteAllBytes(segment, original[..(int)cut]);
            _dir.Warnings.Clear();
            using (var store = _dir.Open())
            {
                var db = store.GetDatabase();
                Assert.Equal(Writes - 1, db.DatabaseSize());
                Assert.False(db.KeyExists("k" + (Writes - 1)));
                Assert.Equal("value-0", (string?)db.StringGet("k0"));
            }
            if (cut == lastFrameStart)
            {
                Assert.Empty(_dir.Warnings); // a cut on a frame boundary leaves a clean, shorter journal
            }
            else
            {
                var warning = Assert.Single(_dir.Warnings, w => w.Contains("torn record", StringComparison.Ordinal));
                Assert.Contains(segment, warning);
                Assert.Contains($"offset {lastFrameStart}", warning);
                Assert.Equal(lastFrameStart, new FileInfo(segment).Length); // the torn bytes were cut
            }
            // the store that recovered appended a new segment; remove it for the next cut
            foreach (var extra in _dir.Files("journal-*").Select(f => Path.Combine(_dir.Path, f)).Where(f => f != segment))
            {
                File.Delete(extra);
            }
        }
    }

    [Fact]
    public void A_segment_cut_inside_its_header_is_removed_with_a_warning()
    {
        using (var store = _dir.Open())
        {
            store.GetDatabase().StringSet("a", "1");
        }
        var segment = OnlySegment();
        File.WriteAllBytes(segment, File.ReadAllBytes(segment)[..10]);
        using var reopened = _dir.Open();
        Assert.Equal(0, reopened.GetDatabase().DatabaseSize());
        Assert.Contains(_dir.Warnings, w => w.Contains("incomplete header", StringComparison.Ordinal));
    }

    [Fact]
    public void Damage_inside_the_last_segment_followed_by_more_records_refuses_to_start()
    {
        using (var store = _dir.Open())
        {
            for (int i = 0; i < 5; i++)
            {
                store.GetDatabase().StringSet("k" + i, "v" + i);
            }
        }
        var segment = OnlySegment();
        var frames = JournalFile.Read(PhysicalFileLayer.Instance, segment).Frames;
        long offset = frames[2].Offset;
        Corrupt(segment, offset + JournalFile.FrameHeaderSize + 1);
        var error = Assert.Throws<PersistenceDamageException>(() => _dir.Open());
        Assert.Equal(segment, error.FilePath);
        Assert.Equal(offset, error.Offset);
        Assert.Contains(segment, error.Message);
        Assert.Contains($"offset {offset}", error.Message);
    }

    [Fact]
    public void Damage_in_an_earlier_segment_refuses_to_start_with_the_file_and_offset()
    {
        for (int run = 0; run < 2; run++)
        {
            using var store = _dir.Open();
            store.GetDatabase().StringSet("run" + run, "x");
            store.GetDatabase().StringSet("more" + run, "y");
        }
        var segments = _dir.Files("journal-*").Select(f => Path.Combine(_dir.Path, f)).ToArray();
        Assert.True(segments.Length >= 2);
        var first = segments[0];
        var frames = JournalFile.Read(PhysicalFileLayer.Instance, first).Frames;
        long offset = frames[^1].Offset; // even the last frame of an earlier segment is not a torn tail
        Corrupt(first, offset + JournalFile.FrameHeaderSize);
        var error = Assert.Throws<PersistenceDamageException>(() => _dir.Open());
        Assert.Equal(first, error.FilePath);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void A_corrupted_snapshot_refuses_to_start()
    {
        using (var store = _dir.Open(DurabilityMode.Snapshot))
        {
            for (int i = 0; i < 100; i++)
            {
                store.GetDatabase().StringSet("k" + i, "v" + i);
            }
            store.Save();
        }
        var snapshot = Path.Combine(_dir.Path, Assert.Single(_dir.Files("dump.mnemo.*")));
        Corrupt(snapshot, SnapshotFile.HeaderSize + SnapshotFile.ChunkHeaderSize + 3);
        var error = Assert.Throws<PersistenceDamageException>(() => _dir.Open(DurabilityMode.Snapshot));
        Assert.Equal(snapshot, error.FilePath);
        Assert.Equal(SnapshotFile.HeaderSize, error.Offset);
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void A_truncated_snapshot_or_a_missing_one_refuses_to_start()
    {
        using (var store = _dir.Open(DurabilityMode.Snapshot))
        {
            store.GetDatabase().StringSet("k", "v");
            store.Save();
        }
        var snapshot = Path.Combine(_dir.Path, Assert.Single(_dir.Files("dump.mnemo.*")));
        var bytes = File.ReadAllBytes(snapshot);
        File.WriteAllBytes(snapshot, bytes[..^5]);
        Assert.Contains("end record", Assert.Throws<PersistenceDamageException>(() => _dir.Open(DurabilityMode.Snapshot)).Message);
        File.Delete(snapshot);
        Assert.Contains("missing", Assert.Throws<PersistenceDamageException>(() => _dir.Open(DurabilityMode.Snapshot)).Message);
    }

    [Fact]
    public void A_tampered_manifest_refuses_to_start()
    {
        using (var store = _dir.Open(DurabilityMode.Snapshot))
        {
            store.GetDatabase().StringSet("k", "v");
            store.Save();
        }
        var manifest = Path.Combine(_dir.Path, Manifest.FileName);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("sequence 1", "sequence 7", StringComparison.Ordinal));
        Assert.Contains("manifest checksum", Assert.Throws<PersistenceDamageException>(() => _dir.Open(DurabilityMode.Snapshot)).Message);
    }

    [Fact]
    public void Crc32c_matches_the_published_check_value_on_both_paths()
    {
        var check = "123456789"u8;
        Assert.Equal(0xE3069283u, Crc32C.Compute(check));
        Assert.Equal(0xE3069283u, Crc32C.ComputeSoftware(check));
        var random = new byte[1000];
        new Random(1).NextBytes(random);
        Assert.Equal(Crc32C.ComputeSoftware(random), Crc32C.Compute(random));
        Assert.Equal(Crc32C.Compute(random), Crc32C.Append(Crc32C.Compute(random.AsSpan(0, 333)), random.AsSpan(333)));
    }

    private static void Corrupt(string path, long offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
    }
}
