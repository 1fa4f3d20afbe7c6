using System.Text.Json.Nodes;
using Mnemo.Internal.Documents;

namespace Mnemo.Documents;

/// <summary>
/// A filter over documents, composed from <see cref="Field"/> conditions with <c>&amp;</c>,
/// <c>|</c> and <c>!</c>. Comparison rules are in docs/documents.md: null (and missing) &lt;
/// booleans &lt; numbers &lt; strings; numbers compare by value across integer and floating
/// forms; a range condition only matches values of its constant's kind.
/// </summary>
/// <example>
/// <code>
/// using static Mnemo.Documents.Query;
/// var young = users.Find(Field("age") &lt; 30 &amp; Field("name") == "Alice");
/// </code>
/// </example>
public abstract partial class Query
{
    private protected Query()
    {
    }

    /// <summary>Matches every document.</summary>
    public static Query All { get; } = new AllQuery();

    /// <summary>A field of the document, by dotted path (<c>"address.city"</c>; integer segments index arrays).</summary>
    /// <exception cref="ArgumentException">The path is empty, too long or has an empty segment.</exception>
    public static QueryField Field(string path) => new(FieldPath.Parse(path));

    /// <summary>Both conditions.</summary>
    public static Query operator &(Query left, Query right) => And(left, right);

    /// <summary>Either condition.</summary>
    public static Query operator |(Query left, Query right) => Or(left, right);

    /// <summary>The negation (also matches documents where the field is missing).</summary>
    public static Query operator !(Query query) => Not(query);

    /// <summary>All the conditions.</summary>
    public static Query And(params Query[] queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var parts = new List<Query>();
        foreach (var q in queries)
        {
            ArgumentNullException.ThrowIfNull(q, nameof(queries));
            if (q is AndQuery and)
            {
                parts.AddRange(and.Parts);
            }
            else if (q is not AllQuery)
            {
                parts.Add(q);
            }
        }
        return parts.Count switch { 0 => All, 1 => parts[0], _ => new AndQuery([.. parts]) };
    }

    /// <summary>Any of the conditions.</summary>
    public static Query Or(params Query[] queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var parts = new List<Query>();
        foreach (var q in queries)
        {
            ArgumentNullException.ThrowIfNull(q, nameof(queries));
            if (q is AllQuery)
            {
                return All;
            }
            parts.AddRange(q is OrQuery or ? or.Parts : [q]);
        }
        return parts.Count == 1 ? parts[0] : new OrQuery([.. parts]);
    }

    /// <summary>The negation of a condition.</summary>
    public static Query Not(Query query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query is NotQuery not ? not.Inner : new NotQuery(query);
    }

    /// <summary>Whether a document (a JSON object) satisfies this filter.</summary>
    public bool Matches(JsonNode? document) => Evaluate(document);

    internal abstract bool Evaluate(JsonNode? root);

    /// <summary>
    /// Whether a stored document, given as its UTF-8 JSON, satisfies this filter: the same answer
    /// as <see cref="Evaluate(JsonNode?)"/> on the parsed document, read with <see cref="System.Text.Json.Utf8JsonReader"/>.
    /// </summary>
    internal abstract bool Evaluate(ReadOnlySpan<byte> utf8);
}

internal sealed class AllQuery : Query
{
    internal override bool Evaluate(JsonNode? root) => true;

    internal override bool Evaluate(ReadOnlySpan<byte> utf8) => true;

    public override string ToString() => "all";
}

internal sealed class AndQuery(Query[] parts) : Query
{
    public Query[] Parts { get; } = parts;

    internal override bool Evaluate(JsonNode? root)
    {
        foreach (var p in Parts)
        {
            if (!p.Evaluate(root))
            {
                return false;
            }
        }
        return true;
    }

    internal override bool Evaluate(ReadOnlySpan<byte> utf8)
    {
        foreach (var p in Parts)
        {
            if (!p.Evaluate(utf8))
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString() => "(" + string.Join(" & ", Parts.Select(p => p.ToString())) + ")";
}

internal sealed class OrQuery(Query[] parts) : Query
{
    public Query[] Parts { get; } = parts;

    internal override bool Evaluate(JsonNode? root)
    {
        foreach (var p in Parts)
        {
            if (p.Evaluate(root))
            {
                return true;
            }
        }
        return false;
    }

    internal override bool Evaluate(ReadOnlySpan<byte> utf8)
    {
        foreach (var p in Parts)
        {
            if (p.Evaluate(utf8))
            {
                return true;
            }
        }
        return false;
    }

    public override string ToString() => "(" + string.Join(" | ", Parts.Select(p => p.ToString())) + ")";
}

internal sealed class NotQuery(Query inner) : Query
{
    public Query Inner { get; } = inner;

    internal override bool Evaluate(JsonNode? root) => !Inner.Evaluate(root);

    internal override bool Evaluate(ReadOnlySpan<byte> utf8) => !Inner.Evaluate(utf8);

    public override string ToString() => "!" + Inner;
}

internal enum CompareOp
{
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

internal sealed class CompareQuery(FieldPath path, CompareOp op, DocValue value) : Query
{
    public FieldPath Path { get; } = path;

    public CompareOp Op { get; } = op;

    public DocValue Value { get; } = value;

    // The constant of a string equality as UTF-8, for an in-place comparison. Only for
    // well-formed text without U+FFFD, where comparing the bytes says exactly what an ordinal
    // string comparison would (a stored lone surrogate cannot then compare equal).
    private readonly byte[]? _utf8String = op == CompareOp.Eq && value.Rank == DocRank.String && !value.IsFloor ? WellFormedUtf8(value.String!) : null;

    // The constant when it is a number holding an integer that fits a long.
    private readonly long? _integer = value.Rank == DocRank.Number && !value.IsFloor && value.TryGetInt64(out long n) ? n : null;

    private static byte[]? WellFormedUtf8(string s)
    {
        if (s.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return null;
        }
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s)];
        var status = System.Text.Unicode.Utf8.FromUtf16(s, bytes, out _, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? bytes : null;
    }

    internal override bool Evaluate(JsonNode? root) => Test(Path.Value(root));

    internal override bool Evaluate(ReadOnlySpan<byte> utf8)
    {
        switch (Path.Locate(utf8, out int start, out int end))
        {
            case LocateResult.Missing:
                return Test(DocValue.Null);
            case LocateResult.Found:
                var value = utf8[start..end];
                if (_utf8String is { } text)
                {
                    // Equality with a string: the UTF-8 text compared in place, no string built.
                    return CompactJson.StringEquals(value, text);
                }
                if (_integer is { } constant && CompactJson.TryInt64(value, out long whole))
                {
                    // Integers both: compared as longs (what the decimal comparison would say).
                    int c = whole.CompareTo(constant);
                    return Op switch { CompareOp.Eq => c == 0, CompareOp.Lt => c < 0, CompareOp.Le => c <= 0, CompareOp.Gt => c > 0, _ => c >= 0 };
                }
                return Test(CompactJson.ValueOf(value));
            default:
                var reader = new System.Text.Json.Utf8JsonReader(utf8, Internal.Values.JsonDocumentValue.ReaderOptions);
                if (!Path.Find(ref reader))
                {
                    return Test(DocValue.Null);
                }
                if (_utf8String is { } expected)
                {
                    return reader.TokenType == System.Text.Json.JsonTokenType.String && reader.ValueTextEquals(expected);
                }
                return Test(DocValue.Read(ref reader));
        }
    }

    private bool Test(DocValue v)
    {
        if (Op == CompareOp.Eq)
        {
            return v.Rank == Value.Rank && v.CompareTo(Value) == 0;
        }
        if (v.Rank != Value.Rank)
        {
            return false;
        }
        int c = v.CompareTo(Value);
        return Op switch
        {
            CompareOp.Lt => c < 0,
            CompareOp.Le => c <= 0,
            CompareOp.Gt => c > 0,
            _ => c >= 0,
        };
    }

    public override string ToString() => $"{Path} {Op switch { CompareOp.Eq => "==", CompareOp.Lt => "<", CompareOp.Le => "<=", CompareOp.Gt => ">", _ => ">=" }} {Value}";
}

internal sealed class InQuery(FieldPath path, DocValue[] values) : Query
{
    private readonly HashSet<DocValue> _set = [.. values];

    public FieldPath Path { get; } = path;

    public DocValue[] Values { get; } = values;

    internal override bool Evaluate(JsonNode? root) => Test(Path.Value(root));

    internal override bool Evaluate(ReadOnlySpan<byte> utf8) => Test(Path.Value(utf8));

    private bool Test(DocValue v) => v.Rank != DocRank.Composite && _set.Contains(v);

    public override string ToString() => $"{Path} in [{string.Join(", ", Values.Select(v => v.ToString()))}]";
}

internal sealed class ExistsQuery(FieldPath path) : Query
{
    public FieldPath Path { get; } = path;

    internal override bool Evaluate(JsonNode? root)
    {
        Path.Resolve(root, out bool found);
        return found;
    }

    internal override bool Evaluate(ReadOnlySpan<byte> utf8) => Path.Exists(utf8);

    public override string ToString() => $"exists({Path})";
}

internal sealed class StringQuery(FieldPath path, bool prefix, string text) : Query
{
    public FieldPath Path { get; } = path;

    public bool Prefix { get; } = prefix;

    public string Text { get; } = text;

    internal override bool Evaluate(JsonNode? root) => Test(Path.Value(root));

    internal override bool Evaluate(ReadOnlySpan<byte> utf8) => Test(Path.Value(utf8));

    private bool Test(DocValue v)
    {
        return v.Rank == DocRank.String
            && (Prefix ? v.String!.StartsWith(Text, StringComparison.Ordinal) : v.String!.Contains(Text, StringComparison.Ordinal));
    }

    public override string ToString() => $"{Path} {(Prefix ? "startsWith" : "contains")} {DocValue.From(Text)}";
}

internal sealed class ArrayQuery(FieldPath path, bool all, DocValue[] values) : Query
{
    public FieldPath Path { get; } = path;

    public bool RequireAll { get; } = all;

    public DocValue[] Values { get; } = values;

    internal override bool Evaluate(JsonNode? root)
    {
        if (Path.Resolve(root, out _) is not JsonArray array)
        {
            return false;
        }
        var present = new HashSet<DocValue>();
        foreach (var item in array)
        {
            var v = DocValue.From(item);
            if (v.Rank != DocRank.Composite)
            {
                present.Add(v);
            }
        }
        return Test(present);
    }

    internal override bool Evaluate(ReadOnlySpan<byte> utf8)
    {
        var reader = new System.Text.Json.Utf8JsonReader(utf8, Internal.Values.JsonDocumentValue.ReaderOptions);
        if (!Path.Find(ref reader) || reader.TokenType != System.Text.Json.JsonTokenType.StartArray)
        {
            return false;
        }
        var present = new HashSet<DocValue>();
        while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndArray)
        {
            var v = DocValue.Read(ref reader);
            if (v.Rank != DocRank.Composite)
            {
                present.Add(v);
            }
            reader.Skip();
        }
        return Test(present);
    }

    private bool Test(HashSet<DocValue> present) =>
        RequireAll ? Array.TrueForAll(Values, present.Contains) : Array.Exists(Values, present.Contains);

    public override string ToString() => $"{Path} {(RequireAll ? "containsAll" : "containsAny")} [{string.Join(", ", Values.Select(v => v.ToString()))}]";
}
