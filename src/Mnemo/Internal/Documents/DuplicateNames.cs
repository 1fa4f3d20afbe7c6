using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Mnemo.Internal.Documents;

/// <summary>
/// JSON objects with one name twice. System.Text.Json writes them when a type's extension data
/// holds a name its properties also write (or a custom converter does), and readers then disagree:
/// typed deserialization and <see cref="JsonDocument"/> take the last value, the stored-bytes scanner
/// (queries, indexes) the first, <c>JsonNode</c> throws. Stored documents therefore never have them.
/// </summary>
internal static class DuplicateNames
{
    /// <summary>The first name found twice in one object of <paramref name="element"/>, or null.</summary>
    public static string? Find(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    return property.Name;
                }
                if (Find(property.Value) is { } nested)
                {
                    return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (Find(item) is { } nested)
                {
                    return nested;
                }
            }
        }
        return null;
    }

    /// <summary>The first name found twice in one object of the UTF-8 JSON <paramref name="utf8"/>, or null.</summary>
    public static string? Find(ReadOnlyMemory<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = Values.JsonDocumentValue.MaxDepth });
        return Find(document.RootElement);
    }

    /// <summary>
    /// Whether serializing with <paramref name="root"/> can write a name twice: some type reachable
    /// from it has extension data, a custom converter, or holds raw JSON (<see cref="JsonElement"/>,
    /// <see cref="JsonDocument"/>, <c>object</c>). False for plain records and classes, which then
    /// pay no check per write.
    /// </summary>
    public static bool MayBeWritten(JsonTypeInfo root) => MayBeWritten(root, new HashSet<Type>());

    private static bool MayBeWritten(JsonTypeInfo info, HashSet<Type> seen)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (!seen.Add(type))
        {
            return false;
        }
        if (type == typeof(object) || type == typeof(JsonElement) || type == typeof(JsonDocument))
        {
            return true;
        }
        var converterAssembly = info.Converter.GetType().Assembly;
        if (converterAssembly != typeof(JsonSerializer).Assembly && converterAssembly != typeof(DuplicateNames).Assembly)
        {
            return true; // a converter of the application's may write anything (Mnemo's write DateTime text)
        }
        foreach (var property in info.Properties)
        {
            if (property.IsExtensionData || property.CustomConverter is not null
                || MayBeWritten(info.Options.GetTypeInfo(property.PropertyType), seen))
            {
                return true;
            }
        }
        return info.ElementType is { } element && MayBeWritten(info.Options.GetTypeInfo(element), seen);
    }
}
