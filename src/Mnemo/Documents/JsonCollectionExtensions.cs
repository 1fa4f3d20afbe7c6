using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnemo.Documents;

/// <summary>JSON text in and out of untyped collections, with parse errors that say where.</summary>
public static class JsonCollectionExtensions
{
    /// <summary>Inserts a document given as JSON text (an object); returns its id (its <c>_id</c>, or a generated one).</summary>
    /// <exception cref="ArgumentException">The text is not valid JSON (the message gives line and byte), or not an object.</exception>
    public static string InsertJson(this DocumentCollection<JsonObject> collection, string json, TimeSpan? expiry = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return collection.Insert(ParseObject(json), expiry);
    }

    /// <summary>Inserts a document given as JSON text under <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The text is not valid JSON, or not an object.</exception>
    public static void InsertJson(this DocumentCollection<JsonObject> collection, string id, string json, TimeSpan? expiry = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        collection.Insert(id, ParseObject(json), expiry);
    }

    /// <summary>Inserts or replaces the document <paramref name="id"/> from JSON text.</summary>
    /// <exception cref="ArgumentException">The text is not valid JSON, or not an object.</exception>
    public static void UpsertJson(this DocumentCollection<JsonObject> collection, string id, string json, TimeSpan? expiry = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        collection.Upsert(id, ParseObject(json), expiry);
    }

    /// <summary>Replaces the document <paramref name="id"/> from JSON text; false when there is none.</summary>
    /// <exception cref="ArgumentException">The text is not valid JSON, or not an object.</exception>
    public static bool ReplaceJson(this DocumentCollection<JsonObject> collection, string id, string json)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return collection.Replace(id, ParseObject(json));
    }

    /// <summary>The document <paramref name="id"/> as compact JSON text, or null.</summary>
    public static string? GetJson(this DocumentCollection<JsonObject> collection, string id)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return collection.Get(id)?.ToJsonString();
    }

    /// <summary>Parses JSON text that must be one object.</summary>
    /// <exception cref="ArgumentException">The text is not valid JSON (line and byte given), or not an object.</exception>
    public static JsonObject ParseObject(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException(
                $"Invalid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message}", nameof(json), ex);
        }
        return node as JsonObject
            ?? throw new ArgumentException($"A document must be a JSON object, not {(node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}.", nameof(json));
    }
}
