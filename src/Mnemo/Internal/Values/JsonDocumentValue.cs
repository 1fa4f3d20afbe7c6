using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>
/// A JSON document stored at a key (collections' documents and JSON.SET values), held as its
/// compact UTF-8 text. The array is immutable once stored: a write replaces it with a new one.
/// So a reader may take the reference under the shard lock and parse or deserialize it after
/// releasing the lock, and the same bytes serve change records, snapshots and exports without
/// re-serializing. Edits (JSON.* commands, collection updates) parse a private node tree, change
/// it and store its serialization.
/// </summary>
internal sealed class JsonDocumentValue(byte[] key, byte[] utf8) : CollectionValue(key)
{
    /// <summary>
    /// Deepest nesting a stored document may have, for every reader and writer of the stored
    /// bytes (System.Text.Json's default of 64 is below RedisJSON's 128 that JSON.SET accepts).
    /// </summary>
    public const int MaxDepth = 1000;

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, MaxDepth = MaxDepth };

    private static readonly JsonWriterOptions CompactWriter = new() { Indented = false, SkipValidation = true, MaxDepth = MaxDepth };

    /// <summary>Options of a <see cref="Utf8JsonReader"/> over stored bytes.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    private static readonly byte[] NullText = "null"u8.ToArray();

    /// <summary>The document as compact UTF-8 JSON; never mutated (replace the array to change the document).</summary>
    public byte[] Utf8 { get; set; } = utf8;

    /// <summary>Whether the document is a JSON object (collections ignore other documents).</summary>
    public bool IsObject => IsObjectText(Utf8);

    public override ValueKind Kind => ValueKind.Json;

    /// <summary>A document is never empty in the sense of Redis collections: the key stays until deleted.</summary>
    public override int Count => 1;

    /// <summary>The copy shares the immutable bytes.</summary>
    public override CollectionValue Clone() => new JsonDocumentValue(Key, Utf8);

    /// <summary>A fresh node tree of the document (the caller owns it).</summary>
    public JsonNode? ParseRoot() => Parse(Utf8);

    /// <summary>Whether compact JSON text is an object.</summary>
    public static bool IsObjectText(ReadOnlySpan<byte> utf8) => utf8.Length > 0 && utf8[0] == (byte)'{';

    /// <summary>A node tree as compact UTF-8 JSON (JSON null for a null node).</summary>
    public static byte[] ToUtf8(JsonNode? root) =>
        root is null ? NullText : JsonSerializer.SerializeToUtf8Bytes(root, Compact);

    /// <summary>Parses UTF-8 JSON into a node tree.</summary>
    /// <exception cref="JsonException">The bytes are not one well-formed JSON value.</exception>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8) => JsonNode.Parse(utf8, documentOptions: DocumentOptions);

    /// <summary>
    /// Checks that <paramref name="utf8"/> is one well-formed JSON value in valid UTF-8 and returns it in the
    /// stored (compact) form: the same bytes when they hold no whitespace between tokens, else a
    /// compact rewrite.
    /// </summary>
    /// <exception cref="JsonException">The bytes are not one well-formed JSON value.</exception>
    public static byte[] Canonical(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        while (reader.Read())
        {
            // Reading every token validates the text (one value, nothing after it).
        }
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            // The reader does not check the bytes inside strings; stored text must be UTF-8 (the
            // scanner and the reader would otherwise read such a string differently).
            throw new JsonException("The JSON text is not valid UTF-8.");
        }
        if (!HasWhitespaceOutsideStrings(utf8))
        {
            return utf8.ToArray();
        }
        var document = JsonDocument.Parse(utf8.ToArray(), DocumentOptions);
        using (document)
        {
            var buffer = new ArrayBufferWriter<byte>(utf8.Length);
            using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
            {
                document.RootElement.WriteTo(writer);
            }
            return buffer.WrittenSpan.ToArray();
        }
    }

    private static readonly SearchValues<byte> Significant = SearchValues.Create("\" \t\r\n\\"u8);

    /// <summary>Whether JSON text has whitespace between tokens (it jumps from one quote, backslash or whitespace byte to the next).</summary>
    private static bool HasWhitespaceOutsideStrings(ReadOnlySpan<byte> utf8)
    {
        bool inString = false;
        int i = 0;
        while (i < utf8.Length)
        {
            int k = utf8[i..].IndexOfAny(Significant);
            if (k < 0)
            {
                return false;
            }
            i += k;
            byte b = utf8[i];
            if (b == (byte)'"')
            {
                inString = !inString;
                i++;
            }
            else if (b == (byte)'\\')
            {
                i += 2; // only inside strings in valid JSON: the escaped byte cannot end the string
            }
            else if (inString)
            {
                i++;
            }
            else
            {
                return true;
            }
        }
        return false;
    }
}
