using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Mnemo.Internal.Documents;

/// <summary>
/// Deserializes a stored <see cref="JsonNode"/> into a typed object through a per-thread UTF-8
/// buffer: writing the node and reading the bytes costs well under half of
/// <c>JsonNode.Deserialize</c>, which walks the node through a converter per value.
/// </summary>
internal static class NodeReader
{
    private const int MaxRetained = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? Buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? Writer;

    public static T? Deserialize<T>(JsonNode node, JsonTypeInfo<T> typeInfo)
    {
        var buffer = Buffer ??= new ArrayBufferWriter<byte>(256);
        var writer = Writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        node.WriteTo(writer);
        writer.Flush();
        var result = JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo);
        if (buffer.Capacity > MaxRetained)
        {
            Buffer = null;
            Writer = null;
        }
        return result;
    }
}
