using System.Text.Json.Nodes;

namespace Mnemo.Internal.Documents;

/// <summary>
/// A dotted path into a document (<c>a.b.c</c>); a segment that is a non-negative integer also
/// indexes arrays (<c>tags.0</c>). Parsed once, then walked without allocating.
/// </summary>
internal sealed class FieldPath : IEquatable<FieldPath>
{
    /// <summary>Longest accepted path, in characters.</summary>
    public const int MaxLength = 1024;

    private readonly string[] _segments;
    private readonly int[] _indexes;

    private FieldPath(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
        _indexes = new int[segments.Length];
        for (int i = 0; i < segments.Length; i++)
        {
            _indexes[i] = int.TryParse(segments[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : -1;
        }
    }

    public string Text { get; }

    public IReadOnlyList<string> Segments => _segments;

    /// <summary>Parses a path; an invalid one is an <see cref="ArgumentException"/> that says where.</summary>
    public static FieldPath Parse(string path, string parameterName = "path")
    {
        ArgumentNullException.ThrowIfNull(path, parameterName);
        if (path.Length == 0)
        {
            throw new ArgumentException("A field path cannot be empty.", parameterName);
        }
        if (path.Length > MaxLength)
        {
            throw new ArgumentException($"The field path is longer than {MaxLength} characters.", parameterName);
        }
        var segments = path.Split('.');
        for (int i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length == 0)
            {
                throw new ArgumentException($"Invalid field path '{path}': empty segment at position {i + 1} (paths look like 'a.b.c').", parameterName);
            }
        }
        return new FieldPath(path, segments);
    }

    /// <summary>A hash field name taken whole (dots included), for indexes over hashes.</summary>
    public static FieldPath ForHashField(string field) => new(field, [field]);

    /// <summary>The node at this path, or null when it is absent; <paramref name="found"/> tells absent from JSON null.</summary>
    public JsonNode? Resolve(JsonNode? root, out bool found)
    {
        JsonNode? node = root;
        for (int i = 0; i < _segments.Length; i++)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (!obj.TryGetPropertyValue(_segments[i], out node))
                    {
                        found = false;
                        return null;
                    }
                    break;
                case JsonArray array when _indexes[i] >= 0 && _indexes[i] < array.Count:
                    node = array[_indexes[i]];
                    break;
                default:
                    found = false;
                    return null;
            }
        }
        found = true;
        return node;
    }

    public DocValue Value(JsonNode? root) => DocValue.From(Resolve(root, out _));

    /// <summary><see cref="Value(JsonNode?)"/> over the element a node was built from (the same answer).</summary>
    public DocValue Value(System.Text.Json.JsonElement root)
    {
        var element = root;
        for (int i = 0; i < _segments.Length; i++)
        {
            if (element.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                if (!element.TryGetProperty(_segments[i], out element))
                {
                    return DocValue.Null;
                }
            }
            else if (element.ValueKind == System.Text.Json.JsonValueKind.Array && _indexes[i] >= 0 && _indexes[i] < element.GetArrayLength())
            {
                element = element[_indexes[i]];
            }
            else
            {
                return DocValue.Null;
            }
        }
        return DocValue.From(element);
    }

    /// <summary>
    /// The parent object of the last segment, creating missing intermediate objects when
    /// <paramref name="create"/> (update operators). Throws when a segment crosses a non-object.
    /// </summary>
    public JsonObject? Parent(JsonObject root, bool create)
    {
        JsonObject current = root;
        for (int i = 0; i < _segments.Length - 1; i++)
        {
            if (!current.TryGetPropertyValue(_segments[i], out var next) || next is null)
            {
                if (!create)
                {
                    return null;
                }
                var made = new JsonObject();
                current[_segments[i]] = made;
                current = made;
                continue;
            }
            if (next is not JsonObject obj)
            {
                throw new ArgumentException($"Cannot update '{Text}': '{string.Join('.', _segments, 0, i + 1)}' is not an object.");
            }
            current = obj;
        }
        return current;
    }

    public string Last => _segments[^1];

    public bool Equals(FieldPath? other) => other is not null && other.Text == Text;

    public override bool Equals(object? obj) => Equals(obj as FieldPath);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;
}
