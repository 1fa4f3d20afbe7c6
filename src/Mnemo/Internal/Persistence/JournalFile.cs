using System.Buffers.Binary;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// The journal segment layout. A segment is named <c>journal-&lt;first sequence, 20 digits&gt;.mjl</c>.
/// Header (24 bytes): magic <c>MNEMOJNL</c>, version (int32), first sequence (int64), CRC-32C of the
/// preceding 20 bytes. Then frames, one per atomic batch of the change stream:
/// <c>[payload length:int32][CRC-32C:uint32][first sequence:int64][record count:int32][payload]</c>,
/// the CRC covering everything after itself. Payload = change records (<see cref="Mnemo.Changes.ChangeReader"/>).
/// </summary>
internal static class JournalFile
{
    public const int Version = 1;
    public const int HeaderSize = 24;
    public const int FrameHeaderSize = 20;

    /// <summary>Largest frame accepted when reading (a transaction or FLUSHALL batch can be large).</summary>
    public const int MaxPayload = 1 << 30;

    public static ReadOnlySpan<byte> Magic => "MNEMOJNL"u8;

    public static string NameFor(long firstSequence) => $"journal-{firstSequence:D20}.mjl";

    public static bool TryParseName(string fileName, out long firstSequence)
    {
        firstSequence = 0;
        return fileName.Length == 32 && fileName.StartsWith("journal-", StringComparison.Ordinal)
            && fileName.EndsWith(".mjl", StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(8, 20), System.Globalization.NumberStyles.None, null, out firstSequence);
    }

    public static byte[] EncodeHeader(long firstSequence)
    {
        var bytes = new byte[HeaderSize];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), Version);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(12), firstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), Crc32C.Compute(bytes.AsSpan(0, 20)));
        return bytes;
    }

    /// <summary>Appends one frame for a batch to <paramref name="output"/>.</summary>
    public static void AppendFrame(BufferWriter output, long firstSequence, int count, ReadOnlySpan<byte> records)
    {
        int start = output.Reserve(8);
        output.Int64(firstSequence);
        output.Int32(count);
        output.Raw(records);
        var frame = output.WrittenMutable[start..];
        BinaryPrimitives.WriteInt32LittleEndian(frame, records.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32C.Compute(frame[8..]));
    }

    /// <summary>One frame as read back.</summary>
    public readonly record struct Frame(long FirstSequence, int Count, ReadOnlyMemory<byte> Records, long Offset);

    /// <summary>What reading a segment found.</summary>
    public sealed record ReadResult(long FirstSequence, List<Frame> Frames, long ValidLength, long FileLength, string? Damage, bool ReachesEnd = true)
    {
        /// <summary>
        /// The damage is the last thing in the file (an incomplete or unverifiable final frame): what a
        /// crash during a write leaves. Damage followed by more data is corruption.
        /// </summary>
        public bool TornTail => Damage is not null && ReachesEnd;

        /// <summary>Sequence of the last record read, or first - 1 when there are none.</summary>
        public long LastSequence => Frames.Count == 0 ? FirstSequence - 1 : Frames[^1].FirstSequence + Frames[^1].Count - 1;
    }

    /// <summary>
    /// Reads every valid frame of a segment. Stops at the first frame that is incomplete or fails
    /// its checksum and reports it in <see cref="ReadResult.Damage"/> with <see cref="ReadResult.ValidLength"/>
    /// (the offset where the damage starts); the caller decides whether that is a torn tail.
    /// </summary>
    public static ReadResult Read(IFileLayer files, string path, long? expectedFirst = null)
    {
        byte[] data;
        using (var stream = files.OpenRead(path))
        {
            data = new byte[stream.Length];
            stream.ReadExactly(data);
        }
        var frames = new List<Frame>();
        if (data.Length < HeaderSize || !data.AsSpan(0, 8).SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(20)) != Crc32C.Compute(data.AsSpan(0, 20)))
        {
            return new ReadResult(expectedFirst ?? 0, frames, 0, data.Length, "journal segment header is incomplete or damaged", ReachesEnd: data.Length <= HeaderSize);
        }
        int version = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(8));
        long first = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(12));
        if (version != Version)
        {
            return new ReadResult(first, frames, 0, data.Length, $"journal format version {version} is not supported", ReachesEnd: false);
        }
        long next = first;
        int offset = HeaderSize;
        while (offset < data.Length)
        {
            if (data.Length - offset < FrameHeaderSize)
            {
                return new ReadResult(first, frames, offset, data.Length, "incomplete frame header");
            }
            int length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset));
            if (length < 0 || length > MaxPayload || length > data.Length - offset - FrameHeaderSize)
            {
                return new ReadResult(first, frames, offset, data.Length, $"frame length {length} runs past the end of the file");
            }
            var body = data.AsSpan(offset + 8, 12 + length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset + 4)) != Crc32C.Compute(body))
            {
                bool last = offset + FrameHeaderSize + length == data.Length;
                return new ReadResult(first, frames, offset, data.Length, "frame checksum mismatch", last);
            }
            long firstSequence = BinaryPrimitives.ReadInt64LittleEndian(body);
            int count = BinaryPrimitives.ReadInt32LittleEndian(body[8..]);
            if (firstSequence != next || count <= 0)
            {
                return new ReadResult(first, frames, offset, data.Length, $"frame sequence {firstSequence} does not follow {next - 1}", ReachesEnd: false);
            }
            frames.Add(new Frame(firstSequence, count, data.AsMemory(offset + FrameHeaderSize, length), offset));
            next = firstSequence + count;
            offset += FrameHeaderSize + length;
        }
        return new ReadResult(first, frames, offset, data.Length, null);
    }
}
