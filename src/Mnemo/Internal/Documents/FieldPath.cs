using System.Text.Json;
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
    private byte[][]? _utf8Segments; // built on first read of stored bytes (racing builds are equal)

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

    /// <summary>
    /// Moves <paramref name="reader"/> (fresh, over a whole document) onto the first token of the
    /// value at this path; false when the path is absent. The same answer as <see cref="Resolve"/>
    /// on the parsed document, without building it: non-matching values are skipped.
    /// </summary>
    public bool Find(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }
        for (int i = 0; i < _segments.Length; i++)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                if (!FindProperty(ref reader, Utf8Segments[i]))
                {
                    return false;
                }
            }
            else if (reader.TokenType == JsonTokenType.StartArray && _indexes[i] >= 0)
            {
                if (!FindItem(ref reader, _indexes[i]))
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>From the start of an object, onto the value of property <paramref name="name"/> (the first of that name).</summary>
    private static bool FindProperty(ref Utf8JsonReader reader, byte[] name)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                return true;
            }
            reader.Skip();
        }
        return false;
    }

    /// <summary>From the start of an array, onto item <paramref name="index"/>.</summary>
    private static bool FindItem(ref Utf8JsonReader reader, int index)
    {
        int n = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (n == index)
            {
                return true;
            }
            reader.Skip();
            n++;
        }
        return false;
    }

    /// <summary>
    /// Finds the bytes of the value at this path in a document's UTF-8 JSON with
    /// <see cref="CompactJson"/> (<see cref="LocateResult.Unsupported"/>: use <see cref="Find"/>).
    /// </summary>
    public LocateResult Locate(ReadOnlySpan<byte> utf8, out int start, out int end) =>
        CompactJson.Locate(utf8, Utf8Segments, _indexes, out start, out end);

    /// <summary>The segments as UTF-8 (property names compare as bytes).</summary>
    private byte[][] Utf8Segments => _utf8Segments ??= [.. _segments.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary><see cref="Value(JsonNode?)"/> read from a document's UTF-8 JSON.</summary>
    public DocValue Value(ReadOnlySpan<byte> utf8)
    {
        switch (Locate(utf8, out int start, out int end))
        {
            case LocateResult.Found:
                return CompactJson.ValueOf(utf8[start..end]);
            case LocateResult.Missing:
                return DocValue.Null;
            default:
                var reader = new Utf8JsonReader(utf8, Values.JsonDocumentValue.ReaderOptions);
                return Find(ref reader) ? DocValue.Read(ref reader) : DocValue.Null;
        }
    }

    /// <summary>Whether the path is present (even holding null) in a document's UTF-8 JSON.</summary>
    public bool Exists(ReadOnlySpan<byte> utf8)
    {
        var located = Locate(utf8, out _, out _);
        if (located != LocateResult.Unsupported)
        {
            return located == LocateResult.Found;
        }
        var reader = new Utf8JsonReader(utf8, Values.JsonDocumentValue.ReaderOptions);
        return Find(ref reader);
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
