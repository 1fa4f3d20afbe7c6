using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Internal.Documents;

namespace Mnemo.Documents;

/// <summary>
/// A constant in a query: null, a boolean, a number, or a string. Converts implicitly from the
/// usual .NET types; dates, offsets and GUIDs become the strings <see cref="DocumentJson.Options"/>
/// writes for them (round-trip <c>"O"</c> format, lowercase <c>"D"</c> GUIDs), so they compare with
/// stored values.
/// </summary>
public readonly struct QueryValue : IEquatable<QueryValue>
{
    internal QueryValue(DocValue value) => Value = value;

    internal DocValue Value { get; }

    /// <summary>JSON null (also matches a missing field in equality).</summary>
    public static QueryValue Null => default;

    /// <summary>From a string (null is JSON null).</summary>
    public static implicit operator QueryValue(string? value) => new(DocValue.From(value));

    /// <summary>From a boolean.</summary>
    public static implicit operator QueryValue(bool value) => new(DocValue.From(value));

    /// <summary>From an integer.</summary>
    public static implicit operator QueryValue(int value) => new(DocValue.From(value));

    /// <summary>From an integer.</summary>
    public static implicit operator QueryValue(long value) => new(DocValue.From(value));

    /// <summary>From a floating-point number (NaN is refused).</summary>
    public static implicit operator QueryValue(double value) => new(DocValue.From(value));

    /// <summary>From a decimal (compared exactly with stored decimals and integers).</summary>
    public static implicit operator QueryValue(decimal value) => new(DocValue.From(value));

    /// <summary>From a GUID (its lowercase "D" form).</summary>
    public static implicit operator QueryValue(Guid value) => new(DocValue.From(value.ToString("D")));

    /// <summary>From a date (its round-trip "O" form, as <see cref="DocumentJson.Options"/> stores it).</summary>
    public static implicit operator QueryValue(DateTime value) => new(DocValue.From(value.ToString("O", CultureInfo.InvariantCulture)));

    /// <summary>From a date and offset (its round-trip "O" form).</summary>
    public static implicit operator QueryValue(DateTimeOffset value) => new(DocValue.From(value.ToString("O", CultureInfo.InvariantCulture)));

    /// <summary>From a JSON scalar node (null is JSON null).</summary>
    /// <exception cref="ArgumentException">The node is an object or an array.</exception>
    public static QueryValue FromJson(JsonNode? node)
    {
        var value = DocValue.From(node);
        if (value.Rank == DocRank.Composite)
        {
            throw new ArgumentException("A query value must be null, a boolean, a number or a string, not an object or array.", nameof(node));
        }
        return new(value);
    }

    internal static QueryValue FromJson(JsonElement element)
    {
        var value = DocValue.From(element);
        if (value.Rank == DocRank.Composite)
        {
            throw new ArgumentException($"A query value must be null, a boolean, a number or a string, not {element.GetRawText()}.");
        }
        return new(value);
    }

    /// <inheritdoc/>
    public bool Equals(QueryValue other) => Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is QueryValue v && Equals(v);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Equality of two constants.</summary>
    public static bool operator ==(QueryValue left, QueryValue right) => left.Equals(right);

    /// <summary>Inequality of two constants.</summary>
    public static bool operator !=(QueryValue left, QueryValue right) => !left.Equals(right);

    /// <summary>The value as JSON text.</summary>
    public override string ToString() => Value.ToString();
}
