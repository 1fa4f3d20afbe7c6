using Mnemo.Internal.Documents;

namespace Mnemo.Documents;

/// <summary>A document field in a query: compare it with constants to make a <see cref="Query"/>.</summary>
public readonly struct QueryField : IEquatable<QueryField>
{
    internal QueryField(FieldPath path) => Path = path;

    internal FieldPath Path { get; }

    /// <summary>The dotted path.</summary>
    public string Name => Path?.Text ?? "";

    /// <summary>Equal (null matches null and missing fields).</summary>
    public static Query operator ==(QueryField field, QueryValue value) => new CompareQuery(field.Path, CompareOp.Eq, value.Value);

    /// <summary>Not equal (matches missing fields and values of other kinds).</summary>
    public static Query operator !=(QueryField field, QueryValue value) => Query.Not(field == value);

    /// <summary>Less than (values of the constant's kind only).</summary>
    public static Query operator <(QueryField field, QueryValue value) => new CompareQuery(field.Path, CompareOp.Lt, value.Value);

    /// <summary>Less than or equal (values of the constant's kind only).</summary>
    public static Query operator <=(QueryField field, QueryValue value) => new CompareQuery(field.Path, CompareOp.Le, value.Value);

    /// <summary>Greater than (values of the constant's kind only).</summary>
    public static Query operator >(QueryField field, QueryValue value) => new CompareQuery(field.Path, CompareOp.Gt, value.Value);

    /// <summary>Greater than or equal (values of the constant's kind only).</summary>
    public static Query operator >=(QueryField field, QueryValue value) => new CompareQuery(field.Path, CompareOp.Ge, value.Value);

    /// <summary>Equal to one of the values.</summary>
    public Query In(params QueryValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new InQuery(Path, [.. values.Select(v => v.Value)]);
    }

    /// <summary>Equal to none of the values (matches missing fields).</summary>
    public Query NotIn(params QueryValue[] values) => Query.Not(In(values));

    /// <summary>The field is present (even if null).</summary>
    public Query Exists() => new ExistsQuery(Path);

    /// <summary>The field is absent.</summary>
    public Query NotExists() => Query.Not(Exists());

    /// <summary>The field is null or missing.</summary>
    public Query IsNull() => this == QueryValue.Null;

    /// <summary>A string starting with <paramref name="prefix"/> (ordinal).</summary>
    public Query StartsWith(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return new StringQuery(Path, true, prefix);
    }

    /// <summary>A string containing <paramref name="text"/> (ordinal).</summary>
    public Query Contains(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new StringQuery(Path, false, text);
    }

    /// <summary>An array holding at least one of the values.</summary>
    public Query ContainsAny(params QueryValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ArrayQuery(Path, false, [.. values.Select(v => v.Value)]);
    }

    /// <summary>An array holding every one of the values.</summary>
    public Query ContainsAll(params QueryValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ArrayQuery(Path, true, [.. values.Select(v => v.Value)]);
    }

    /// <summary>Ascending sort on this field.</summary>
    public SortField Ascending() => new(Name, false);

    /// <summary>Descending sort on this field.</summary>
    public SortField Descending() => new(Name, true);

    /// <summary>Same path.</summary>
    public bool Equals(QueryField other) => Name == other.Name;

    /// <summary>Same path.</summary>
    public override bool Equals(object? obj) => obj is QueryField f && Equals(f);

    /// <inheritdoc/>
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>One key of a sort: a field path and a direction.</summary>
/// <param name="Path">The dotted field path.</param>
/// <param name="Descending">True for descending order.</param>
public readonly record struct SortField(string Path, bool Descending = false)
{
    /// <summary>
    /// Parses a sort list as written in URLs: comma-separated paths, <c>-</c> before a path for
    /// descending (<c>"age,-name"</c>).
    /// </summary>
    /// <exception cref="ArgumentException">An empty or invalid path.</exception>
    public static IReadOnlyList<SortField> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new List<SortField>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            bool descending = part.StartsWith('-');
            string path = descending || part.StartsWith('+') ? part[1..] : part;
            Internal.Documents.FieldPath.Parse(path, nameof(text));
            fields.Add(new SortField(path, descending));
        }
        return fields;
    }
}
