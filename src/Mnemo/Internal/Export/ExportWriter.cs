using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Export;

/// <summary>
/// Writes keys as JSON lines (docs/export-format.md): one object per line, byte strings as JSON
/// strings when they are valid UTF-8 and as <c>{"base64": "..."}</c> otherwise. Output is buffered
/// and written to the stream in blocks of about 64 KiB.
/// </summary>
internal sealed class ExportWriter
{
    private const int FlushThreshold = 1 << 16;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        // Human-readable: non-ASCII text stays as it is; quotes, backslashes and control characters are escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Stream _destination;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly Utf8JsonWriter _json;
    private readonly long[] _counts = new long[6];

    public ExportWriter(Stream destination)
    {
        _destination = destination;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    public long Strings => _counts[0];

    public long Lists => _counts[1];

    public long Sets => _counts[2];

    public long Hashes => _counts[3];

    public long SortedSets => _counts[4];

    public long Documents => _counts[5];

    public void WriteHeader(long sequence, long exportedAtMs, int databases)
    {
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString(ExportFormat.Format, ExportFormat.Name);
        _json.WriteNumber(ExportFormat.FormatVersion, ExportFormat.Version);
        _json.WriteNumber(ExportFormat.ExportedAtMs, exportedAtMs);
        _json.WriteString(ExportFormat.ExportedAt, ExportFormat.IsoTime(exportedAtMs));
        _json.WriteNumber(ExportFormat.Sequence, sequence);
        _json.WriteNumber(ExportFormat.Databases, databases);
        _json.WriteEndObject();
        EndLine();
    }

    /// <summary>Writes one key; <paramref name="nowMs"/> is the export's point in time (for <c>ttl_ms</c>).</summary>
    public void WriteEntry(int database, ReadOnlySpan<byte> key, ValueKind kind, object item, long expiresAt, long nowMs)
    {
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteNumber(ExportFormat.Db, database);
        _json.WritePropertyName(ExportFormat.Key);
        WriteBytes(_json, key);
        _json.WriteString(ExportFormat.Type, TypeName(kind));
        if (expiresAt != 0)
        {
            _json.WriteNumber(ExportFormat.ExpiresAtMs, expiresAt);
            _json.WriteString(ExportFormat.ExpiresAt, ExportFormat.IsoTime(expiresAt));
            _json.WriteNumber(ExportFormat.TtlMs, Math.Max(0, expiresAt - nowMs));
        }
        _json.WritePropertyName(ExportFormat.Value);
        WriteValue(kind, item);
        _json.WriteEndObject();
        EndLine();
        _counts[CountIndex(kind)]++;
    }

    /// <summary>Writes what is buffered to the stream and flushes it.</summary>
    public void Flush()
    {
        if (_buffer.WrittenCount > 0)
        {
            _destination.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }
        _destination.Flush();
    }

    private void EndLine()
    {
        _json.Flush();
        _buffer.Write("\n"u8);
        if (_buffer.WrittenCount >= FlushThreshold)
        {
            _destination.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }
    }

    /// <remarks>Entries come decoded from a snapshot, so a string is a standalone record (offset 0).</remarks>
    private void WriteValue(ValueKind kind, object item)
    {
        switch (kind)
        {
            case ValueKind.StringRaw:
                WriteBytes(_json, StringRecord.Value((byte[])item, 0));
                break;
            case ValueKind.StringInt:
                _json.WriteStringValue(StringRecord.IntValue((byte[])item, 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ValueKind.List:
                var list = Unsafe.As<ListValue>(item);
                _json.WriteStartArray();
                for (var cursor = list.Walk(0, forward: true); cursor.MoveNext();)
                {
                    WriteBytes(_json, cursor.Current);
                }
                _json.WriteEndArray();
                break;
            case ValueKind.Set:
                var members = Unsafe.As<SetValue>(item).Members;
                _json.WriteStartArray();
                for (int i = 0; i < members.Count; i++)
                {
                    WriteBytes(_json, members.MemberAt(i));
                }
                _json.WriteEndArray();
                break;
            case ValueKind.Hash:
                WriteHash(Unsafe.As<HashValue>(item).Fields);
                break;
            case ValueKind.SortedSet:
                _json.WriteStartArray();
                for (var node = Unsafe.As<SortedSetValue>(item).First; node is not null; node = node.Next)
                {
                    _json.WriteStartArray();
                    WriteBytes(_json, node.Member);
                    WriteScore(_json, node.Score);
                    _json.WriteEndArray();
                }
                _json.WriteEndArray();
                break;
            case ValueKind.Json:
                _json.WriteRawValue(Unsafe.As<JsonDocumentValue>(item).Utf8, skipInputValidation: true);
                break;
            default:
                throw new InvalidOperationException($"No export encoding for value kind {kind}.");
        }
    }

    /// <summary>An object of field to value when every field is valid UTF-8, else an array of <c>[field, value]</c> pairs.</summary>
    private void WriteHash(MemberTable fields)
    {
        bool textFields = true;
        for (int i = 0; i < fields.Count && textFields; i++)
        {
            textFields = Utf8.IsValid(fields.MemberAt(i));
        }
        if (textFields)
        {
            _json.WriteStartObject();
            for (int i = 0; i < fields.Count; i++)
            {
                _json.WritePropertyName(fields.MemberAt(i));
                WriteBytes(_json, fields.ValueAt(i)!);
            }
            _json.WriteEndObject();
            return;
        }
        _json.WriteStartArray();
        for (int i = 0; i < fields.Count; i++)
        {
            _json.WriteStartArray();
            WriteBytes(_json, fields.MemberAt(i));
            WriteBytes(_json, fields.ValueAt(i)!);
            _json.WriteEndArray();
        }
        _json.WriteEndArray();
    }

    /// <summary>A JSON string when the bytes are valid UTF-8, else <c>{"base64": "..."}</c>.</summary>
    public static void WriteBytes(Utf8JsonWriter json, ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            json.WriteStringValue(bytes);
            return;
        }
        json.WriteStartObject();
        json.WriteBase64String(ExportFormat.Base64, bytes);
        json.WriteEndObject();
    }

    /// <summary>A JSON number; infinities (which JSON cannot express) as the strings <c>"inf"</c> and <c>"-inf"</c>.</summary>
    public static void WriteScore(Utf8JsonWriter json, double score)
    {
        if (double.IsPositiveInfinity(score))
        {
            json.WriteStringValue("inf");
        }
        else if (double.IsNegativeInfinity(score))
        {
            json.WriteStringValue("-inf");
        }
        else
        {
            json.WriteNumberValue(score);
        }
    }

    public static string TypeName(ValueKind kind) => kind switch
    {
        ValueKind.StringRaw or ValueKind.StringInt => ExportFormat.StringType,
        ValueKind.List => ExportFormat.ListType,
        ValueKind.Set => ExportFormat.SetType,
        ValueKind.Hash => ExportFormat.HashType,
        ValueKind.SortedSet => ExportFormat.SortedSetType,
        ValueKind.Json => ExportFormat.JsonType,
        _ => throw new InvalidOperationException($"No export type for value kind {kind}."),
    };

    private static int CountIndex(ValueKind kind) => kind switch
    {
        ValueKind.StringRaw or ValueKind.StringInt => 0,
        ValueKind.List => 1,
        ValueKind.Set => 2,
        ValueKind.Hash => 3,
        ValueKind.SortedSet => 4,
        _ => 5,
    };
}
