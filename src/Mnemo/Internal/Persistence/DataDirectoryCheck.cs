using System.Buffers.Binary;
using Mnemo.Changes;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// Verifies a data directory without loading it into a store (<c>mnemo check</c>): the manifest,
/// the snapshot it names (every chunk decoded) and every journal segment recovery would replay
/// (every frame's checksum and records), with the same rules as <see cref="Recovery"/>: a torn
/// frame at the very end of the last segment is a warning, any other damage is reported with its
/// file and offset.
/// </summary>
internal static class DataDirectoryCheck
{
    /// <summary>One journal segment as the check found it.</summary>
    public sealed record SegmentReport(string Path, long First, long Last, int Frames, long Records, long Bytes, bool Skipped);

    /// <summary>What the check found. <see cref="Damage"/> null means the directory is sound (maybe with a torn tail).</summary>
    public sealed class Report
    {
        public required string Directory { get; init; }

        public Manifest? Manifest { get; set; }

        public string? SnapshotPath { get; set; }

        public long SnapshotKeys { get; set; }

        public int SnapshotChunks { get; set; }

        public List<SegmentReport> Segments { get; } = [];

        /// <summary>The last sequence a recovery would reach.</summary>
        public long Sequence { get; set; }

        /// <summary>A torn final frame of the last segment: the segment, where the valid part ends, its length.</summary>
        public (string Path, long ValidLength, long FileLength, string Problem)? TornTail { get; set; }

        public PersistenceDamageException? Damage { get; set; }

        public bool Sound => Damage is null;

        /// <summary>The segment files a copy of this directory needs, in order (skipped ones excluded).</summary>
        public IEnumerable<SegmentReport> NeededSegments => Segments.Where(s => !s.Skipped);
    }

    public static Report Check(string directory, IFileLayer? files = null)
    {
        files ??= PhysicalFileLayer.Instance;
        var report = new Report { Directory = Path.GetFullPath(directory) };
        if (!System.IO.Directory.Exists(report.Directory))
        {
            throw new DirectoryNotFoundException($"The data directory '{report.Directory}' does not exist.");
        }
        try
        {
            Walk(report, files);
        }
        catch (PersistenceDamageException e)
        {
            report.Damage = e;
        }
        return report;
    }

    private static void Walk(Report report, IFileLayer files)
    {
        var manifest = Manifest.Load(files, report.Directory);
        report.Manifest = manifest;
        long sequence = manifest?.Sequence ?? 0;
        report.Sequence = sequence;
        if (manifest?.Snapshot is { } name)
        {
            var path = Path.Combine(report.Directory, name);
            report.SnapshotPath = path;
            if (!File.Exists(path))
            {
                throw new PersistenceDamageException(path, 0, "the snapshot the manifest names is missing");
            }
            int databases = ReadDatabaseCount(files, path);
            long keys = 0;
            int chunks = 0;
            var header = SnapshotFile.Read(files, path, chunk =>
            {
                keys += SnapshotCodec.Decode(chunk.Span, databases, static (_, _, _, _, _) => { });
                chunks++;
            });
            report.SnapshotKeys = keys;
            report.SnapshotChunks = chunks;
            if (header.Sequence != manifest.Sequence)
            {
                throw new PersistenceDamageException(path, 20, $"snapshot sequence {header.Sequence} differs from the manifest's {manifest.Sequence}");
            }
        }
        var segments = new List<JournalWalk.Segment>();
        try
        {
            var torn = JournalWalk.Run(files, report.Directory, ref sequence, static _ => { }, segments);
            if (torn is not null)
            {
                report.TornTail = (torn.Path, torn.Read.ValidLength, torn.Read.FileLength, torn.Problem);
            }
        }
        finally
        {
            report.Sequence = sequence;
            report.Segments.AddRange(segments.Select(s => new SegmentReport(s.Path, s.First, s.Last, s.Frames, s.Records, s.Bytes, s.Skipped)));
        }
    }

    /// <summary>The database count from a snapshot header (the codec checks chunk database indexes against it); 1024 when the header is unreadable (the reader then reports the damage).</summary>
    private static int ReadDatabaseCount(IFileLayer files, string path)
    {
        using var stream = files.OpenRead(path);
        var head = new byte[16];
        return stream.ReadAtLeast(head, 16, throwOnEndOfStream: false) == 16 && head.AsSpan(0, 8).SequenceEqual(SnapshotFile.Magic)
            ? Math.Clamp(BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(12)), 1, 1024)
            : 1024;
    }
}
