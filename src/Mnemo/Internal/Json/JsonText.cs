using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnemo.Internal.Json;

/// <summary>The JSON types RedisJSON distinguishes (JSON.TYPE names them).</summary>
internal enum JsonKind
{
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

/// <summary>
/// JSON text as RedisJSON reads and writes it: parsing with integers kept apart from floats
/// (<c>3</c> is an integer, <c>3.0</c> and <c>1e2</c> are floats), and serialization as serde_json
/// does (floats in shortest round-trip form with <c>.0</c> when integral, only quotes, backslashes
/// and control characters escaped), optionally with RedisJSON's INDENT/NEWLINE/SPACE formatting.
/// </summary>
internal static partial class JsonText
{
    /// <summary>RedisJSON's nesting limit.</summary>
    public const int MaxDepth = 128;

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = MaxDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Parses one JSON value (surrounding whitespace allowed) into fresh nodes with canonical numbers.</summary>
    /// <exception cref="MnemoException">The text is not one well-formed JSON value.</exception>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), ReadOptions);
        }
        catch (JsonException e)
        {
            throw ParseError(utf8, e);
        }
        using (document)
        {
            return Build(document.RootElement);
        }
    }

    private static MnemoException ParseError(ReadOnlySpan<byte> utf8, JsonException e)
    {
        long line = (e.LineNumber ?? 0) + 1;
        long column = (e.BytePositionInLine ?? 0) + 1;
        string what = e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? "recursion limit exceeded"
            : utf8.Trim(" \t\r\n"u8).IsEmpty ? "EOF while parsing a value"
            : "expected value";
        return new MnemoException($"ERR {what} at line {line} column {column}");
    }

    private static JsonNode? Build(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var o = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    o[property.Name] = Build(property.Value); // a repeated name keeps the last value
                }
                return o;
            case JsonValueKind.Array:
                var a = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    a.Add(Build(item));
                }
                return a;
            case JsonValueKind.String:
                return JsonValue.Create(element.GetString()!);
            case JsonValueKind.Number:
                return Number(element.GetRawText());
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    /// <summary>A number node from JSON number text: an integer when the text is one that fits 64 bits, a float otherwise.</summary>
    public static JsonNode Number(string text)
    {
        if (IsIntegerText(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
            {
                return JsonValue.Create(l);
            }
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong u))
            {
                return JsonValue.Create(u);
            }
        }
        double d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(d))
        {
            throw new MnemoException("ERR number out of range");
        }
        return Float(d);
    }

    /// <summary>
    /// A float node. It holds its canonical text (<c>3.0</c>), so a document serialized by any
    /// serializer (change records, snapshots) still reads back as a float.
    /// </summary>
    public static JsonNode Float(double value)
    {
        using var document = JsonDocument.Parse(FormatDouble(value));
        return JsonValue.Create(document.RootElement.Clone())!;
    }

    private static bool IsIntegerText(ReadOnlySpan<char> text)
    {
        if (text.StartsWith('-'))
        {
            text = text[1..];
        }
        return !text.IsEmpty && !text.ContainsAnyExcept("0123456789");
    }

    /// <summary>The RedisJSON type of a node.</summary>
    public static JsonKind KindOf(JsonNode? node) => node switch
    {
        null => JsonKind.Null,
        JsonObject => JsonKind.Object,
        JsonArray => JsonKind.Array,
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => JsonKind.String,
            JsonValueKind.True or JsonValueKind.False => JsonKind.Boolean,
            JsonValueKind.Number => IsIntegerText(node.ToJsonString()) ? JsonKind.Integer : JsonKind.Number,
            _ => JsonKind.Null,
        },
    };

    /// <summary>The name JSON.TYPE gives a kind.</summary>
    public static string TypeName(JsonKind kind) => kind switch
    {
        JsonKind.Null => "null",
        JsonKind.Boolean => "boolean",
        JsonKind.Integer => "integer",
        JsonKind.Number => "number",
        JsonKind.String => "string",
        JsonKind.Array => "array",
        _ => "object",
    };

    public static string TypeName(JsonNode? node) => TypeName(KindOf(node));

    /// <summary>An integer node's value (false for floats and integers beyond 64 bits).</summary>
    public static bool TryGetInt64(JsonNode? node, out long value)
    {
        value = 0;
        return KindOf(node) == JsonKind.Integer
            && long.TryParse(node!.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A number node's value as a double.</summary>
    public static double GetDouble(JsonNode node) =>
        double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static bool GetBoolean(JsonNode node) => node.GetValueKind() == JsonValueKind.True;

    public static string GetString(JsonNode node) => node.GetValue<string>();

    /// <summary>Deep equality as JSON.ARRINDEX uses it: same type and value (an integer never equals a float).</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var kind = KindOf(a);
        if (kind != KindOf(b))
        {
            return false;
        }
        switch (kind)
        {
            case JsonKind.Null:
                return true;
            case JsonKind.Boolean:
                return GetBoolean(a!) == GetBoolean(b!);
            case JsonKind.Integer:
                return a!.ToJsonString() == b!.ToJsonString();
            case JsonKind.Number:
                return GetDouble(a!) == GetDouble(b!);
            case JsonKind.String:
                return GetString(a!) == GetString(b!);
            case JsonKind.Array:
                var (x, y) = ((JsonArray)a!, (JsonArray)b!);
                if (x.Count != y.Count)
                {
                    return false;
                }
                for (int i = 0; i < x.Count; i++)
                {
                    if (!DeepEquals(x[i], y[i]))
                    {
                        return false;
                    }
                }
                return true;
            default:
                var (p, q) = ((JsonObject)a!, (JsonObject)b!);
                if (p.Count != q.Count)
                {
                    return false;
                }
                foreach (var (name, value) in p)
                {
                    if (!q.TryGetPropertyValue(name, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }
                return true;
        }
    }

    /// <summary>
    /// A double as serde_json (ryu) prints it: shortest round-trip digits, <c>.0</c> on integral
    /// values, exponent form (<c>1e20</c>, <c>1e-7</c>) outside [1e-5, 1e16).
    /// </summary>
    public static string FormatDouble(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }
        string r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOfAny(['E', 'e']);
        int exp10 = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = e < 0 ? r : r[..e];
        int point = mantissa.IndexOf('.');
        string digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        int k = (point < 0 ? mantissa.Length : point) + exp10;
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }
        digits = digits[lead..].TrimEnd('0');
        k -= lead;
        var text = new StringBuilder(32);
        if (value < 0)
        {
            text.Append('-');
        }
        int n = digits.Length;
        if (k >= n && k <= 16)
        {
            text.Append(digits).Append('0', k - n).Append(".0");
        }
        else if (k > 0 && k <= 16)
        {
            text.Append(digits, 0, k).Append('.').Append(digits, k, n - k);
        }
        else if (k > -5 && k <= 0)
        {
            text.Append("0.").Append('0', -k).Append(digits);
        }
        else
        {
            text.Append(digits[0]);
            if (n > 1)
            {
                text.Append('.').Append(digits, 1, n - 1);
            }
            text.Append('e').Append((k - 1).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
