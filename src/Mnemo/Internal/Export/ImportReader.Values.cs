using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Export;

/// <summary>The value shapes of each type, validated.</summary>
internal static partial class ImportReader
{
    /// <summary>A byte string: a JSON string (its UTF-8 bytes) or <c>{"base64": "..."}</c>.</summary>
    private static byte[] ReadBytes(long line, JsonElement element, string what)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    throw new MnemoImportException(line, $"{what} {NotUnicode}");
                }
                return Encoding.UTF8.GetBytes(text);
            case JsonValueKind.Object:
                byte[]? bytes = null;
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name != ExportFormat.Base64 || bytes is not null || property.Value.ValueKind != JsonValueKind.String)
                    {
                        throw new MnemoImportException(line, $"{what} must be a string or {{\"base64\": \"...\"}}; this object has other fields");
                    }
                    string encoded = property.Value.GetString()!;
                    bytes = new byte[(encoded.Length / 4 * 3) + 3];
                    if (!Convert.TryFromBase64String(encoded, bytes, out int written))
                    {
                        throw new MnemoImportException(line, $"{what} has invalid base64 {Shorten(encoded)}");
                    }
                    Array.Resize(ref bytes, written);
                }
                return bytes ?? throw new MnemoImportException(line, $"{what} must be a string or {{\"base64\": \"...\"}}; found an empty object");
            default:
                throw new MnemoImportException(line, $"{what} must be a string or {{\"base64\": \"...\"}}, found {Describe(element)}");
        }
    }

    private const string NotUnicode = "is not valid Unicode text (it has an unpaired surrogate escape such as \\ud800); write bytes that are not UTF-8 as {\"base64\": \"...\"}";

    private static List<byte[]> ReadList(long line, JsonElement value)
    {
        RequireNonEmptyArray(line, value, "list");
        var list = new List<byte[]>(value.GetArrayLength());
        int n = 0;
        foreach (var element in value.EnumerateArray())
        {
            list.Add(ReadBytes(line, element, $"list element {n++}"));
        }
        return list;
    }

    private static List<byte[]> ReadSet(long line, JsonElement value)
    {
        RequireNonEmptyArray(line, value, "set");
        var members = new List<byte[]>(value.GetArrayLength());
        var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
        int n = 0;
        foreach (var element in value.EnumerateArray())
        {
            var member = ReadBytes(line, element, $"set member {n}");
            if (!seen.Add(member))
            {
                throw new MnemoImportException(line, $"set member {n} ({Show(member)}) appears twice");
            }
            members.Add(member);
            n++;
        }
        return members;
    }

    /// <summary>An object <c>{field: value}</c>, or an array of <c>[field, value]</c> pairs (fields that are not UTF-8).</summary>
    private static List<KeyValuePair<byte[], byte[]>> ReadHash(long line, JsonElement value)
    {
        var pairs = new List<KeyValuePair<byte[], byte[]>>();
        var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
        void Add(byte[] field, byte[] fieldValue)
        {
            if (!seen.Add(field))
            {
                throw new MnemoImportException(line, $"hash field {Show(field)} appears twice");
            }
            pairs.Add(new(field, fieldValue));
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                var field = Encoding.UTF8.GetBytes(property.Name);
                Add(field, ReadBytes(line, property.Value, $"the value of hash field {Show(field)}"));
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            int n = 0;
            foreach (var pair in value.EnumerateArray())
            {
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
                {
                    throw new MnemoImportException(line, $"hash entry {n} must be a [field, value] pair, found {Describe(pair)}");
                }
                var field = ReadBytes(line, pair[0], $"the field of hash entry {n}");
                Add(field, ReadBytes(line, pair[1], $"the value of hash entry {n}"));
                n++;
            }
        }
        else
        {
            throw new MnemoImportException(line, $"a hash value must be an object or an array of [field, value] pairs, found {Describe(value)}");
        }
        if (pairs.Count == 0)
        {
            throw new MnemoImportException(line, "empty hash (Redis has no empty collections: leave the key out)");
        }
        return pairs;
    }

    /// <summary>An array of <c>[member, score]</c>: scores are JSON numbers, or <c>"inf"</c> / <c>"-inf"</c>.</summary>
    private static List<ScoredMember> ReadSortedSet(long line, JsonElement value)
    {
        RequireNonEmptyArray(line, value, "zset");
        var entries = new List<ScoredMember>(value.GetArrayLength());
        var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
        int n = 0;
        foreach (var pair in value.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
            {
                throw new MnemoImportException(line, $"zset entry {n} must be a [member, score] pair, found {Describe(pair)}");
            }
            var member = ReadBytes(line, pair[0], $"the member of zset entry {n}");
            if (!seen.Add(member))
            {
                throw new MnemoImportException(line, $"zset member {Show(member)} appears twice");
            }
            entries.Add(new ScoredMember(ReadScore(line, pair[1], n), member));
            n++;
        }
        return entries;
    }

    private static double ReadScore(long line, JsonElement score, int n)
    {
        if (score.ValueKind == JsonValueKind.Number && score.TryGetDouble(out double number) && double.IsFinite(number))
        {
            return number;
        }
        if (score.ValueKind == JsonValueKind.String)
        {
            switch (score.GetString()!.ToLowerInvariant())
            {
                case "inf" or "+inf":
                    return double.PositiveInfinity;
                case "-inf":
                    return double.NegativeInfinity;
            }
        }
        throw new MnemoImportException(line, $"the score of zset entry {n} must be a finite number, \"inf\" or \"-inf\", found {Describe(score)}");
    }

    private static readonly JsonDocumentOptions DocumentLimits = new() { MaxDepth = Json.JsonText.MaxDepth };

    private static JsonNode? ReadDocument(long line, JsonElement value)
    {
        RejectDuplicateNames(line, value);
        try
        {
            var utf8 = Encoding.UTF8.GetBytes(value.GetRawText());
            using (JsonDocument.Parse(utf8, DocumentLimits))
            {
                // the nesting JSON.SET accepts (RedisJSON's 128 levels), so an import stores nothing JSON.SET would refuse
            }
            return JsonDocumentValue.Parse(utf8);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new MnemoImportException(line, $"the JSON document cannot be stored: {e.Message}", e);
        }
    }

    /// <summary>JSON allows repeated names in an object, a document cannot hold them (which one would win is unclear).</summary>
    private static void RejectDuplicateNames(long line, JsonElement element)
    {
        if (Documents.DuplicateNames.Find(element) is { } name)
        {
            throw new MnemoImportException(line, $"the JSON document has the name {JsonSerializer.Serialize(name)} twice in one object");
        }
    }

    private static void RequireNonEmptyArray(long line, JsonElement value, string type)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new MnemoImportException(line, $"a {type} value must be an array, found {Describe(value)}");
        }
        if (value.GetArrayLength() == 0)
        {
            throw new MnemoImportException(line, $"empty {type} (Redis has no empty collections: leave the key out)");
        }
    }

    private static string Shorten(string text) =>
        JsonSerializer.Serialize(text.Length > 40 ? text[..40] + "..." : text);
}
