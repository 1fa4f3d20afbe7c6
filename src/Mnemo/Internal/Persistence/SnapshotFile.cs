using System.Buffers.Binary;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// The snapshot file layout. Header (40 bytes): magic <c>MNEMOSNP</c>, format version (int32),
/// database count (int32), shards per database (int32), the change-stream sequence the snapshot
/// reflects (int64), creation time (int64 Unix ms), CRC-32C of the preceding 36 bytes. Then chunks
/// <c>[tag 1][payload length:int32][CRC-32C of payload:uint32][payload]</c> (one per non-empty
/// shard, see <see cref="SnapshotCodec"/>), then the end record
/// <c>[tag 0xFF][entries:int64][chunks:int32][CRC-32C of the previous 13 bytes]</c>.
/// A file without a valid end record is incomplete and never used.
/// </summary>
internal static class SnapshotFile
{
    public const int Version = 1;
    public const int HeaderSize = 40;
    public const byte ChunkTag = 1;
    public const byte EndTag = 0xFF;
    public const int ChunkHeaderSize = 9;
    public const int EndSize = 17;

    public static ReadOnlySpan<byte> Magic => "MNEMOSNP"u8;

    public readonly record struct Header(int Databases, int ShardsPerDatabase, long Sequence, long CreatedAtMs);

    public static byte[] EncodeHeader(Header header)
    {
        var bytes = new byte[HeaderSize];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), header.Databases);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), header.ShardsPerDatabase);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(20), header.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(28), header.CreatedAtMs);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(36), Crc32C.Compute(bytes.AsSpan(0, 36)));
        return bytes;
    }

    /// <summary>Writes a chunk frame around a payload that starts at offset <see cref="ChunkHeaderSize"/> of <paramref name="frame"/>.</summary>
    public static void SealChunk(Span<byte> frame)
    {
        var payload = frame[ChunkHeaderSize..];
        frame[0] = ChunkTag;
        BinaryPrimitives.WriteInt32LittleEndian(frame[1..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[5..], Crc32C.Compute(payload));
    }

    public static byte[] EncodeEnd(long entries, int chunks)
    {
        var bytes = new byte[EndSize];
        bytes[0] = EndTag;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), entries);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(9), chunks);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(13), Crc32C.Compute(bytes.AsSpan(0, 13)));
        return bytes;
    }

    /// <summary>
    /// Reads and verifies a whole snapshot file, handing every chunk payload to <paramref name="chunk"/>
    /// in file order. Throws <see cref="PersistenceDamageException"/> naming the file and offset of
    /// the first damage.
    /// </summary>
    public static Header Read(IFileLayer files, string path, Action<ReadOnlyMemory<byte>> chunk)
    {
        using var stream = files.OpenRead(path);
        var head = new byte[HeaderSize];
        if (stream.ReadAtLeast(head, HeaderSize, throwOnEndOfStream: false) < HeaderSize || !head.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new PersistenceDamageException(path, 0, "not a Mnemo snapshot (bad magic or too short)");
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(36)) != Crc32C.Compute(head.AsSpan(0, 36)))
        {
            throw new PersistenceDamageException(path, 0, "snapshot header checksum mismatch");
        }
        int version = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(8));
        if (version != Version)
        {
            throw new PersistenceDamageException(path, 8, $"snapshot format version {version} is not supported (this build reads {Version})");
        }
        var header = new Header(
            BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(12)),
            BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(16)),
            BinaryPrimitives.ReadInt64LittleEndian(head.AsSpan(20)),
            BinaryPrimitives.ReadInt64LittleEndian(head.AsSpan(28)));
        long offset = HeaderSize;
        int chunks = 0;
        var frame = new byte[EndSize];
        while (true)
        {
            if (stream.ReadAtLeast(frame.AsSpan(0, 1), 1, throwOnEndOfStream: false) < 1)
            {
                throw new PersistenceDamageException(path, offset, "snapshot ends without its end record (incomplete file)");
            }
            if (frame[0] == EndTag)
            {
                if (stream.ReadAtLeast(frame.AsSpan(1), EndSize - 1, throwOnEndOfStream: false) < EndSize - 1
                    || BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(13)) != Crc32C.Compute(frame.AsSpan(0, 13)))
                {
                    throw new PersistenceDamageException(path, offset, "snapshot end record is damaged");
                }
                if (BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(9)) != chunks)
                {
                    throw new PersistenceDamageException(path, offset, "snapshot end record counts a different number of chunks");
                }
                if (stream.ReadByte() != -1)
                {
                    throw new PersistenceDamageException(path, offset + EndSize, "bytes after the snapshot's end record");
                }
                return header;
            }
            if (frame[0] != ChunkTag || stream.ReadAtLeast(frame.AsSpan(1, 8), 8, throwOnEndOfStream: false) < 8)
            {
                throw new PersistenceDamageException(path, offset, "snapshot chunk header is damaged");
            }
            int length = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(1));
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(5));
            if (length < 0 || length > stream.Length - offset - ChunkHeaderSize)
            {
                throw new PersistenceDamageException(path, offset, $"snapshot chunk length {length} runs past the end of the file");
            }
            var payload = new byte[length];
            stream.ReadExactly(payload);
            if (Crc32C.Compute(payload) != crc)
            {
                throw new PersistenceDamageException(path, offset, "snapshot chunk checksum mismatch");
            }
            try
            {
                chunk(payload);
            }
            catch (InvalidDataException e)
            {
                throw new PersistenceDamageException(path, offset, e.Message);
            }
            offset += ChunkHeaderSize + length;
            chunks++;
        }
    }
}
