using Mnemo.Changes;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// Reads a data directory's journal segments after a sequence number, with the rules recovery and
/// <c>mnemo check</c> share: segments wholly before the sequence are skipped, numbering continues
/// without a gap, every frame decodes, and only the last segment may end with a torn frame.
/// </summary>
internal static class JournalWalk
{
    /// <summary>What the walk found in one segment.</summary>
    public sealed record Segment(string Path, long First, long Last, int Frames, long Records, long Bytes, bool Skipped);

    /// <summary>A torn final frame of the last segment, left for the caller to cut or report.</summary>
    public sealed record TornTail(string Path, JournalFile.ReadResult Read, string Problem);

    /// <summary>
    /// Hands every batch after <paramref name="sequence"/> to <paramref name="batch"/> in order,
    /// advancing <paramref name="sequence"/>. Throws <see cref="PersistenceDamageException"/> (file
    /// and offset) for any damage except a torn tail, which it returns.
    /// </summary>
    public static TornTail? Run(IFileLayer files, string directory, ref long sequence, Action<List<ChangeRecord>> batch, List<Segment>? segmentsFound = null)
    {
        var segments = Recovery.Segments(directory);
        TornTail? torn = null;
        for (int s = 0; s < segments.Count; s++)
        {
            var (first, path) = segments[s];
            bool last = s == segments.Count - 1;
            long bytes = new FileInfo(path).Length;
            if (!last && segments[s + 1].First - 1 <= sequence)
            {
                segmentsFound?.Add(new Segment(path, first, segments[s + 1].First - 1, 0, 0, bytes, Skipped: true));
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
            long records = 0;
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
                List<ChangeRecord> decoded;
                try
                {
                    decoded = ChangeReader.ReadAll(frame.Records.Span);
                }
                catch (InvalidDataException e)
                {
                    throw new PersistenceDamageException(path, frame.Offset, e.Message);
                }
                batch(decoded);
                records += decoded.Count;
                sequence = frameLast;
            }
            segmentsFound?.Add(new Segment(path, first, read.LastSequence, read.Frames.Count, records, bytes, Skipped: false));
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
                torn = new TornTail(path, read, damage);
            }
        }
        return torn;
    }
}
