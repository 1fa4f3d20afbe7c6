using System.Globalization;
using System.Text;
using System.Text.Json;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Export;

/// <summary>
/// Reads and validates a whole JSON-lines import file (docs/export-format.md) before anything is
/// written: every problem is a <see cref="MnemoImportException"/> naming the line.
/// </summary>
internal static partial class ImportReader
{
    private static readonly JsonDocumentOptions LineOptions = new() { MaxDepth = 256 };

    /// <summary>Every key line of <paramref name="source"/>, validated; <paramref name="nowMs"/> resolves relative <c>ttl_ms</c>.</summary>
    public static List<ImportEntry> ReadAll(Stream source, int databases, long nowMs)
    {
        var entries = new List<ImportEntry>();
        var seen = new Dictionary<(int, byte[]), long>(KeyComparer.Instance);
        var lines = new LineReader(source);
        bool first = true;
        while (lines.TryRead(out var line))
        {
            long number = lines.LineNumber;
            if (number == 1 && line.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                line = line[3..]; // a UTF-8 byte order mark
            }
            if (IsBlank(line.Span))
            {
                continue;
            }
            if (!System.Text.Unicode.Utf8.IsValid(line.Span))
            {
                System.Text.Unicode.Utf8.ToUtf16(line.Span, new char[line.Length], out int offset, out _, replaceInvalidSequences: false);
                throw new MnemoImportException(number, $"invalid UTF-8 at byte {offset + 1} of the line (JSON text must be UTF-8; write bytes that are not UTF-8 as {{\"base64\": \"...\"}})");
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line, LineOptions);
            }
            catch (JsonException e)
            {
                throw new MnemoImportException(number, $"invalid JSON: {e.Message}", e);
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new MnemoImportException(number, $"expected a JSON object, found {Describe(root)}");
                }
                try
                {
                    if (root.TryGetProperty(ExportFormat.Format, out _))
                    {
                        if (!first)
                        {
                            throw new MnemoImportException(number, "a header line (with \"format\") is allowed only as the first line");
                        }
                        ReadHeader(number, root);
                    }
                    else
                    {
                        var entry = ReadEntry(number, root, databases, nowMs);
                        if (!seen.TryAdd((entry.Database, entry.Key), number))
                        {
                            throw new MnemoImportException(number, $"key {Show(entry.Key)} of database {entry.Database} already appears on line {seen[(entry.Database, entry.Key)]}");
                        }
                        entries.Add(entry);
                    }
                }
                catch (InvalidOperationException e)
                {
                    // A field name (or another string) with an unpaired surrogate escape.
                    throw new MnemoImportException(number, "a name or string is not valid Unicode text (it has an unpaired surrogate escape such as \\ud800)", e);
                }
            }
            first = false;
        }
        return entries;
    }

    private static void ReadHeader(long line, JsonElement root)
    {
        CheckFields(line, root, HeaderFields);
        var format = root.GetProperty(ExportFormat.Format);
        if (format.ValueKind != JsonValueKind.String || format.GetString() != ExportFormat.Name)
        {
            throw new MnemoImportException(line, $"\"format\" must be \"{ExportFormat.Name}\", found {Describe(format)}");
        }
        if (!root.TryGetProperty(ExportFormat.FormatVersion, out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out int v))
        {
            throw new MnemoImportException(line, "the header needs an integer \"version\"");
        }
        if (v != ExportFormat.Version)
        {
            throw new MnemoImportException(line, $"format version {v} is not supported (this Mnemo reads version {ExportFormat.Version})");
        }
    }

    private static ImportEntry ReadEntry(long line, JsonElement root, int databases, long nowMs)
    {
        CheckFields(line, root, EntryFields);
        int database = 0;
        if (root.TryGetProperty(ExportFormat.Db, out var db))
        {
            if (db.ValueKind != JsonValueKind.Number || !db.TryGetInt32(out database))
            {
                throw new MnemoImportException(line, $"\"db\" must be an integer, found {Describe(db)}");
            }
            if ((uint)database >= (uint)databases)
            {
                throw new MnemoImportException(line, $"db {database} is out of range (the store has databases 0 to {databases - 1})");
            }
        }
        if (!root.TryGetProperty(ExportFormat.Key, out var keyElement))
        {
            throw new MnemoImportException(line, "missing \"key\"");
        }
        var key = ReadBytes(line, keyElement, "key");
        if (!root.TryGetProperty(ExportFormat.Type, out var typeElement))
        {
            throw new MnemoImportException(line, "missing \"type\"");
        }
        if (typeElement.ValueKind != JsonValueKind.String)
        {
            throw new MnemoImportException(line, $"\"type\" must be a string, found {Describe(typeElement)}");
        }
        string type = typeElement.GetString()!;
        if (!root.TryGetProperty(ExportFormat.Value, out var value))
        {
            throw new MnemoImportException(line, "missing \"value\"");
        }
        long expiresAt = ReadExpiry(line, root, nowMs);
        return type switch
        {
            ExportFormat.StringType => new ImportEntry(line, database, key, ValueKind.StringRaw, ReadBytes(line, value, "value"), expiresAt),
            ExportFormat.ListType => new ImportEntry(line, database, key, ValueKind.List, ReadList(line, value), expiresAt),
            ExportFormat.SetType => new ImportEntry(line, database, key, ValueKind.Set, ReadSet(line, value), expiresAt),
            ExportFormat.HashType => new ImportEntry(line, database, key, ValueKind.Hash, ReadHash(line, value), expiresAt),
            ExportFormat.SortedSetType => new ImportEntry(line, database, key, ValueKind.SortedSet, ReadSortedSet(line, value), expiresAt),
            ExportFormat.JsonType => new ImportEntry(line, database, key, ValueKind.Json, ReadDocument(line, value), expiresAt),
            _ => throw new MnemoImportException(line, $"unknown type {JsonSerializer.Serialize(type)} (expected string, list, set, hash, zset or json)"),
        };
    }

    /// <summary>
    /// The absolute expiry: <c>expires_at_ms</c>; else <c>expires_at</c> (ISO 8601); else
    /// <c>ttl_ms</c> from now. <c>expires_at</c> beside <c>expires_at_ms</c> must agree with it.
    /// </summary>
    private static long ReadExpiry(long line, JsonElement root, long nowMs)
    {
        long? absolute = null;
        if (root.TryGetProperty(ExportFormat.ExpiresAtMs, out var ms))
        {
            if (ms.ValueKind != JsonValueKind.Number || !ms.TryGetInt64(out long at) || at <= 0)
            {
                throw new MnemoImportException(line, $"\"expires_at_ms\" must be a positive integer (Unix time in milliseconds), found {Describe(ms)}");
            }
            absolute = at;
        }
        if (root.TryGetProperty(ExportFormat.ExpiresAt, out var iso))
        {
            if (iso.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(iso.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
                || when.ToUnixTimeMilliseconds() <= 0)
            {
                throw new MnemoImportException(line, $"\"expires_at\" must be an ISO 8601 time after 1970 such as \"2026-11-22T10:00:00.000Z\", found {Describe(iso)}");
            }
            long at = when.ToUnixTimeMilliseconds();
            if (absolute is { } given && given != at)
            {
                throw new MnemoImportException(line, $"\"expires_at\" ({iso.GetString()}) and \"expires_at_ms\" ({given}) disagree");
            }
            absolute = at;
        }
        if (absolute is { } result)
        {
            return result;
        }
        if (root.TryGetProperty(ExportFormat.TtlMs, out var ttl))
        {
            if (ttl.ValueKind != JsonValueKind.Number || !ttl.TryGetInt64(out long relative) || relative <= 0 || relative > long.MaxValue - nowMs)
            {
                throw new MnemoImportException(line, $"\"ttl_ms\" must be a positive integer (milliseconds), found {Describe(ttl)}");
            }
            return nowMs + relative;
        }
        return 0;
    }

    private static readonly string[] HeaderFields =
        [ExportFormat.Format, ExportFormat.FormatVersion, ExportFormat.ExportedAtMs, ExportFormat.ExportedAt, ExportFormat.Sequence, ExportFormat.Databases];

    private static readonly string[] EntryFields =
        [ExportFormat.Db, ExportFormat.Key, ExportFormat.Type, ExportFormat.ExpiresAtMs, ExportFormat.ExpiresAt, ExportFormat.TtlMs, ExportFormat.Value];

    /// <summary>Refuses unknown and repeated fields (a typo would otherwise be silently ignored).</summary>
    private static void CheckFields(long line, JsonElement root, string[] known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                throw new MnemoImportException(line, $"unknown field {JsonSerializer.Serialize(property.Name)} (expected {string.Join(", ", known)})");
            }
            if (!seen.Add(property.Name))
            {
                throw new MnemoImportException(line, $"field \"{property.Name}\" appears twice");
            }
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A short description of a JSON value for error messages.</summary>
    internal static string Describe(JsonElement element)
    {
        string text = element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "the string",
            JsonValueKind.Number => "the number",
            JsonValueKind.True or JsonValueKind.False => "the boolean",
            _ => "null",
        };
        if (element.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            string raw = element.GetRawText();
            text += " " + (raw.Length > 40 ? raw[..40] + "..." : raw);
        }
        return text;
    }

    /// <summary>A key for messages: its JSON string when it is UTF-8 text, else base64.</summary>
    internal static string Show(byte[] key)
    {
        string shown = System.Text.Unicode.Utf8.IsValid(key)
            ? JsonSerializer.Serialize(Encoding.UTF8.GetString(key))
            : "base64:" + Convert.ToBase64String(key);
        return shown.Length > 80 ? shown[..80] + "..." : shown;
    }

    /// <summary>(database, key) pairs compared by content.</summary>
    private sealed class KeyComparer : IEqualityComparer<(int Database, byte[] Key)>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals((int Database, byte[] Key) x, (int Database, byte[] Key) y) =>
            x.Database == y.Database && x.Key.AsSpan().SequenceEqual(y.Key);

        public int GetHashCode((int Database, byte[] Key) obj) => HashCode.Combine(obj.Database, KeyHash.Compute(obj.Key));
    }
}
