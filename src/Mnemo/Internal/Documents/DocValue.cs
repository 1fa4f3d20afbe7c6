using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnemo.Internal.Documents;

/// <summary>The rank of a value in the total order of document values (see docs/documents.md).</summary>
internal enum DocRank : byte
{
    Null = 0,
    Boolean = 1,
    Number = 2,
    String = 3,
    Composite = 4,
}

/// <summary>
/// A scalar taken out of a document (or a query constant), compared in one total order: null
/// (and missing) &lt; booleans &lt; numbers &lt; strings &lt; objects and arrays. Numbers compare by value
/// across integer and floating forms (exactly as decimals when both fit, else as doubles);
/// strings compare ordinally. A "floor" value of a rank sorts before every value of that rank
/// (range bounds).
/// </summary>
internal readonly struct DocValue : IEquatable<DocValue>, IComparable<DocValue>
{
    private readonly double _double;
    private readonly decimal _decimal;
    private readonly string? _string;
    private readonly byte _flags; // 1: has decimal, 2: floor, 4: boolean true

    private DocValue(DocRank rank, double d, decimal m, string? s, byte flags)
    {
        Rank = rank;
        _double = d;
        _decimal = m;
        _string = s;
        _flags = flags;
    }

    public DocRank Rank { get; }

    public static DocValue Null => default;

    public static readonly DocValue Composite = new(DocRank.Composite, 0, 0, null, 0);

    public bool IsFloor => (_flags & 2) != 0;

    public string? String => _string;

    public double Double => _double;

    public bool Boolean => (_flags & 4) != 0;

    /// <summary>Whether this is a number holding exactly an integer that fits a long (then it compares with other numbers as that long would).</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (Rank != DocRank.Number || (_flags & 1) == 0 || decimal.Truncate(_decimal) != _decimal || _decimal < long.MinValue || _decimal > long.MaxValue)
        {
            return false;
        }
        value = (long)_decimal;
        return true;
    }

    public static DocValue Floor(DocRank rank) => new(rank, 0, 0, null, 2);

    public static DocValue From(bool value) => new(DocRank.Boolean, 0, 0, null, value ? (byte)4 : (byte)0);

    public static DocValue From(string? value) => value is null ? Null : new(DocRank.String, 0, 0, value, 0);

    public static DocValue From(long value) => new(DocRank.Number, value, value, null, 1);

    public static DocValue From(decimal value) => new(DocRank.Number, (double)value, value, null, 1);

    public static DocValue From(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN cannot be stored or compared in a document.", nameof(value));
        }
        if (Math.Abs(value) < 7.9e28 && !double.IsInfinity(value))
        {
            try
            {
                return new(DocRank.Number, value, (decimal)value, null, 1);
            }
            catch (OverflowException)
            {
            }
        }
        return new(DocRank.Number, value, 0, null, 0);
    }

    /// <summary>The value of a node: missing (null) and JSON null are both <see cref="Null"/>.</summary>
    public static DocValue From(JsonNode? node)
    {
        if (node is null)
        {
            return Null;
        }
        if (node is not JsonValue value)
        {
            return Composite;
        }
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return new(DocRank.String, 0, 0, value.GetValue<string>(), 0);
            case JsonValueKind.True:
                return From(true);
            case JsonValueKind.False:
                return From(false);
            case JsonValueKind.Number:
                return Number(value);
            default:
                return Null;
        }
    }

    private static DocValue Number(JsonElement element)
    {
        // Most stored numbers are integers: one parse gives both forms exactly.
        if (element.TryGetInt64(out long whole))
        {
            return From(whole);
        }
        if (element.TryGetDecimal(out decimal m))
        {
            return new(DocRank.Number, element.GetDouble(), m, null, 1);
        }
        return new(DocRank.Number, element.GetDouble(), 0, null, 0);
    }

    private static DocValue Number(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return Number(element);
        }
        if (value.TryGetValue(out long l))
        {
            return From(l);
        }
        if (value.TryGetValue(out int i))
        {
            return From(i);
        }
        if (value.TryGetValue(out decimal d))
        {
            return From(d);
        }
        if (value.TryGetValue(out double f))
        {
            return From(f);
        }
        if (value.TryGetValue(out float g))
        {
            return From((double)g);
        }
        if (value.TryGetValue(out ulong u))
        {
            return From((decimal)u);
        }
        // Any other CLR number inside a node: go through its JSON text.
        using var doc = JsonDocument.Parse(value.ToJsonString());
        var e = doc.RootElement;
        return e.TryGetDecimal(out decimal m2) ? new(DocRank.Number, e.GetDouble(), m2, null, 1) : new(DocRank.Number, e.GetDouble(), 0, null, 0);
    }

    /// <summary>The value at the reader's current token (the start of an object or array is <see cref="Composite"/>); same rules as <see cref="From(JsonElement)"/>.</summary>
    public static DocValue Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new(DocRank.String, 0, 0, reader.GetString(), 0);
            case JsonTokenType.True:
                return From(true);
            case JsonTokenType.False:
                return From(false);
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out long whole))
                {
                    return From(whole);
                }
                if (reader.TryGetDecimal(out decimal m))
                {
                    return new(DocRank.Number, reader.GetDouble(), m, null, 1);
                }
                return new(DocRank.Number, reader.GetDouble(), 0, null, 0);
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                return Composite;
            default:
                return Null;
        }
    }

    /// <summary>The value of a JSON element (query constants serialized with the collection's options).</summary>
    public static DocValue From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => new(DocRank.String, 0, 0, element.GetString(), 0),
        JsonValueKind.True => From(true),
        JsonValueKind.False => From(false),
        JsonValueKind.Number => Number(element),
        JsonValueKind.Null or JsonValueKind.Undefined => Null,
        _ => Composite,
    };

    public int CompareTo(DocValue other)
    {
        if (Rank != other.Rank)
        {
            return Rank < other.Rank ? -1 : 1;
        }
        if (IsFloor || other.IsFloor)
        {
            return IsFloor == other.IsFloor ? 0 : IsFloor ? -1 : 1;
        }
        switch (Rank)
        {
            case DocRank.Boolean:
                return Boolean.CompareTo(other.Boolean);
            case DocRank.Number:
                if ((_flags & 1) != 0 && (other._flags & 1) != 0)
                {
                    return _decimal.CompareTo(other._decimal);
                }
                return _double.CompareTo(other._double);
            case DocRank.String:
                return string.CompareOrdinal(_string, other._string) switch { < 0 => -1, > 0 => 1, _ => 0 };
            default:
                return 0;
        }
    }

    public bool Equals(DocValue other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is DocValue v && Equals(v);

    public override int GetHashCode() => Rank switch
    {
        DocRank.Boolean => Boolean ? 1 : 2,
        DocRank.Number => _double.GetHashCode(),
        DocRank.String => string.GetHashCode(_string, StringComparison.Ordinal),
        _ => (int)Rank,
    };

    public static bool operator ==(DocValue left, DocValue right) => left.Equals(right);

    public static bool operator !=(DocValue left, DocValue right) => !left.Equals(right);

    public static bool operator <(DocValue left, DocValue right) => left.CompareTo(right) < 0;

    public static bool operator >(DocValue left, DocValue right) => left.CompareTo(right) > 0;

    public static bool operator <=(DocValue left, DocValue right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DocValue left, DocValue right) => left.CompareTo(right) >= 0;

    /// <summary>Approximate bytes this value holds in an index.</summary>
    public int ByteSize => 32 + (_string is null ? 0 : 24 + (2 * _string.Length));

    public override string ToString() => Rank switch
    {
        DocRank.Null => "null",
        DocRank.Boolean => Boolean ? "true" : "false",
        DocRank.Number => (_flags & 1) != 0 ? _decimal.ToString(CultureInfo.InvariantCulture) : _double.ToString("R", CultureInfo.InvariantCulture),
        DocRank.String => JsonSerializer.Serialize(_string),
        _ => "<object or array>",
    };
}
