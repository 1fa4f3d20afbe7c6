using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>
/// A JSON document stored at a key (collections' documents and JSON.SET values). The root is
/// never handed out: readers get deep copies or read under the shard lock, and every edit works
/// on a copy that replaces the root only once the edit has succeeded.
/// </summary>
internal sealed class JsonDocumentValue(byte[] key, JsonNode? root) : CollectionValue(key)
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The document; JSON <c>null</c> is a valid document and is held as a null node.</summary>
    public JsonNode? Root { get; set; } = root;

    public override ValueKind Kind => ValueKind.Json;

    /// <summary>A document is never empty in the sense of Redis collections: the key stays until deleted.</summary>
    public override int Count => 1;

    public override CollectionValue Clone() => new JsonDocumentValue(Key, Root?.DeepClone());

    /// <summary>The document as compact UTF-8 JSON (change records, snapshots, export).</summary>
    public byte[] ToUtf8() => ToUtf8(Root);

    public static byte[] ToUtf8(JsonNode? root) =>
        root is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(root, Compact);

    /// <summary>Parses UTF-8 JSON into a document root.</summary>
    /// <exception cref="JsonException">The bytes are not one well-formed JSON value.</exception>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8) => JsonNode.Parse(utf8);
}
