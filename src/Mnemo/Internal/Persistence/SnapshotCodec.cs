using System.Runtime.CompilerServices;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// Encodes the entries of one shard as a snapshot chunk payload and decodes them back into stored
/// values. Payload: <c>[database:varint][entries:int32] entry*</c>; entry:
/// <c>[kind:1][key:bytes][expiresAt:int64 Unix ms, 0 = none][value]</c> where the value is, per kind,
/// raw string <c>bytes</c>; integer string <c>int64</c>; list and set <c>[count:varint] bytes*</c>;
/// hash <c>[count:varint] (field:bytes value:bytes)*</c>; sorted set <c>[count:varint] (member:bytes score:double)*</c>
/// in rank order; JSON document <c>bytes</c> of compact UTF-8 JSON. (<c>bytes</c> = varint length + bytes.)
/// </summary>
internal static class SnapshotCodec
{
    /// <summary>Starts a chunk payload; returns the offset of the entry count, filled in by <see cref="EndShard"/>.</summary>
    public static int BeginShard(int database, BufferWriter output)
    {
        output.VarInt(database);
        return output.Reserve(4);
    }

    public static void EndShard(BufferWriter output, int countOffset, int entries) =>
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(output.WrittenMutable[countOffset..], entries);

    /// <summary>Appends one entry (the value's lock held, or the value immutable).</summary>
    /// <param name="kind">The value's kind.</param>
    /// <param name="key">The key.</param>
    /// <param name="expiresAt">Unix ms, or 0.</param>
    /// <param name="item">The value: a collection, or the array that holds a string's record.</param>
    /// <param name="offset">Where a string's record starts in <paramref name="item"/> (<see cref="Slot.Offset"/>).</param>
    /// <param name="output">Where the entry goes.</param>
    public static void EncodeEntry(ValueKind kind, ReadOnlySpan<byte> key, long expiresAt, object item, int offset, BufferWriter output)
    {
        output.Byte((byte)kind);
        output.Bytes(key);
        output.Int64(expiresAt);
        switch (kind)
        {
            case ValueKind.StringRaw:
                output.Bytes(StringRecord.Value((byte[])item, offset));
                break;
            case ValueKind.StringInt:
                output.Int64(StringRecord.IntValue((byte[])item, offset));
                break;
            case ValueKind.List:
                var list = Unsafe.As<ListValue>(item);
                output.VarInt(list.Count);
                for (var cursor = list.Walk(0, forward: true); cursor.MoveNext();)
                {
                    output.Bytes(cursor.Current);
                }
                break;
            case ValueKind.Set:
                var members = Unsafe.As<SetValue>(item).Members;
                output.VarInt(members.Count);
                for (int i = 0; i < members.Count; i++)
                {
                    output.Bytes(members.MemberAt(i));
                }
                break;
            case ValueKind.Hash:
                var fields = Unsafe.As<HashValue>(item).Fields;
                output.VarInt(fields.Count);
                for (int i = 0; i < fields.Count; i++)
                {
                    output.Bytes(fields.MemberAt(i));
                    output.Bytes(fields.ValueAt(i)!);
                }
                break;
            case ValueKind.SortedSet:
                var sorted = Unsafe.As<SortedSetValue>(item);
                output.VarInt(sorted.Count);
                for (var node = sorted.First; node is not null; node = node.Next)
                {
                    output.Bytes(node.Member);
                    output.Double(node.Score);
                }
                break;
            case ValueKind.Json:
                output.Bytes(Unsafe.As<JsonDocumentValue>(item).Utf8); // the stored compact JSON, written as is
                break;
            default:
                throw new InvalidOperationException($"No snapshot encoding for value kind {kind}.");
        }
    }

    /// <summary>
    /// Decodes a chunk payload and hands each entry, as the object the key table stores, to
    /// <paramref name="entry"/>. Throws <see cref="InvalidDataException"/> on malformed input.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> payload, int databases, EntrySink entry)
    {
        var reader = new SpanReader(payload);
        int database = reader.VarInt();
        if ((uint)database >= (uint)databases)
        {
            throw new InvalidDataException($"Snapshot chunk names database {database}; the store has {databases}.");
        }
        int count = reader.Int32();
        for (int e = 0; e < count; e++)
        {
            var kind = (ValueKind)reader.Byte();
            var key = reader.Bytes().ToArray();
            long expiresAt = reader.Int64();
            object item = kind switch
            {
                ValueKind.StringRaw => StringRecord.Create(key, reader.Bytes()),
                ValueKind.StringInt => StringRecord.CreateInt(key, reader.Int64()),
                ValueKind.List => DecodeList(key, ref reader),
                ValueKind.Set => DecodeSet(key, ref reader),
                ValueKind.Hash => DecodeHash(key, ref reader),
                ValueKind.SortedSet => DecodeSortedSet(key, ref reader),
                ValueKind.Json => DecodeDocument(key, reader.Bytes()),
                _ => throw new InvalidDataException($"Unknown value kind {(int)kind} in snapshot entry."),
            };
            entry(database, key, kind, item, expiresAt);
        }
        if (!reader.End)
        {
            throw new InvalidDataException("Snapshot chunk has bytes after its last entry.");
        }
        return count;
    }

    public delegate void EntrySink(int database, byte[] key, ValueKind kind, object item, long expiresAt);

    /// <summary>A document as stored (compact UTF-8 JSON), checked to be one well-formed JSON value.</summary>
    private static JsonDocumentValue DecodeDocument(byte[] key, ReadOnlySpan<byte> utf8)
    {
        try
        {
            return new JsonDocumentValue(key, JsonDocumentValue.Canonical(utf8));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"Snapshot entry '{System.Text.Encoding.UTF8.GetString(key)}' holds malformed JSON: {e.Message}", e);
        }
    }

    private static ListValue DecodeList(byte[] key, ref SpanReader reader)
    {
        int count = reader.VarInt();
        var list = new ListValue(key);
        for (int i = 0; i < count; i++)
        {
            list.PushRight(reader.Bytes());
        }
        return NonEmpty(list);
    }

    private static SetValue DecodeSet(byte[] key, ref SpanReader reader)
    {
        int count = reader.VarInt();
        var set = new SetValue(key);
        for (int i = 0; i < count; i++)
        {
            if (!set.Add(reader.Bytes()))
            {
                throw new InvalidDataException("Snapshot set has a duplicate member.");
            }
        }
        return NonEmpty(set);
    }

    private static HashValue DecodeHash(byte[] key, ref SpanReader reader)
    {
        int count = reader.VarInt();
        var hash = new HashValue(key);
        for (int i = 0; i < count; i++)
        {
            var field = reader.Bytes();
            if (!hash.Set(field, reader.Bytes()))
            {
                throw new InvalidDataException("Snapshot hash has a duplicate field.");
            }
        }
        return NonEmpty(hash);
    }

    private static SortedSetValue DecodeSortedSet(byte[] key, ref SpanReader reader)
    {
        int count = reader.VarInt();
        var sorted = new SortedSetValue(key);
        for (int i = 0; i < count; i++)
        {
            var member = reader.Bytes().ToArray();
            double score = reader.Double();
            if (double.IsNaN(score) || sorted.Find(member) is not null)
            {
                throw new InvalidDataException("Snapshot sorted set has a duplicate member or a NaN score.");
            }
            sorted.Add(member, score);
        }
        return NonEmpty(sorted);
    }

    private static T NonEmpty<T>(T value) where T : CollectionValue =>
        value.Count > 0 ? value : throw new InvalidDataException("Snapshot holds an empty collection.");
}
