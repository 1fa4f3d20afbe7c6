using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mnemo.Documents;

public abstract partial class Query
{
    /// <summary>
    /// A filter written as JSON in MongoDB's style (for HTTP and tools):
    /// <c>{"age": {"$lt": 30}, "name": "Alice"}</c>. A field maps to a value (equality) or to
    /// operators: <c>$eq $ne $lt $lte $gt $gte $in $nin $exists $startsWith $contains $all $any</c>;
    /// <c>$and</c>, <c>$or</c> (arrays of filters) and <c>$not</c> (a filter) combine. <c>{}</c> matches all.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid JSON, or a filter that does not follow the grammar (the message gives the JSON path of the fault).</exception>
    public static Query FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Invalid JSON filter at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message}", nameof(json), ex);
        }
        return FromJson(node);
    }

    /// <summary>The filter of <see cref="FromJson(string)"/>, from a parsed node.</summary>
    public static Query FromJson(JsonNode? filter) => Filter(filter, "$");

    private static Query Filter(JsonNode? node, string where)
    {
        if (node is not JsonObject obj)
        {
            throw Invalid(where, "a filter must be a JSON object");
        }
        var parts = new List<Query>();
        foreach (var (name, value) in obj)
        {
            string at = $"{where}.{name}";
            switch (name)
            {
                case "$and":
                case "$or":
                    if (value is not JsonArray list || list.Count == 0)
                    {
                        throw Invalid(at, "expected a non-empty array of filters");
                    }
                    var items = list.Select((f, i) => Filter(f, $"{at}[{i}]")).ToArray();
                    parts.Add(name == "$and" ? And(items) : Or(items));
                    break;
                case "$not":
                    parts.Add(Not(Filter(value, at)));
                    break;
                default:
                    if (name.StartsWith('$'))
                    {
                        throw Invalid(at, $"unknown operator '{name}' (fields may not start with '$')");
                    }
                    QueryField field;
                    try
                    {
                        field = Field(name);
                    }
                    catch (ArgumentException ex)
                    {
                        throw Invalid(at, ex.Message);
                    }
                    parts.Add(FieldFilter(field, value, at));
                    break;
            }
        }
        return And([.. parts]);
    }

    private static Query FieldFilter(QueryField field, JsonNode? value, string where)
    {
        if (value is not JsonObject ops)
        {
            return field == Scalar(value, where);
        }
        if (ops.Count == 0 || ops.Any(p => !p.Key.StartsWith('$')))
        {
            throw Invalid(where, "an object value must hold operators ($eq, $lt, ...); to match a nested field use a dotted path");
        }
        var parts = new List<Query>();
        foreach (var (op, operand) in ops)
        {
            string at = $"{where}.{op}";
            parts.Add(op switch
            {
                "$eq" => field == Scalar(operand, at),
                "$ne" => field != Scalar(operand, at),
                "$lt" => field < Scalar(operand, at),
                "$lte" => field <= Scalar(operand, at),
                "$gt" => field > Scalar(operand, at),
                "$gte" => field >= Scalar(operand, at),
                "$in" => field.In(Scalars(operand, at)),
                "$nin" => field.NotIn(Scalars(operand, at)),
                "$all" => field.ContainsAll(Scalars(operand, at)),
                "$any" => field.ContainsAny(Scalars(operand, at)),
                "$exists" => operand is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                    ? (v.GetValue<bool>() ? field.Exists() : field.NotExists())
                    : throw Invalid(at, "expected true or false"),
                "$startsWith" => field.StartsWith(Text(operand, at)),
                "$contains" => field.Contains(Text(operand, at)),
                _ => throw Invalid(at, $"unknown operator '{op}'"),
            });
        }
        return And([.. parts]);
    }

    private static QueryValue Scalar(JsonNode? node, string where)
    {
        try
        {
            return QueryValue.FromJson(node);
        }
        catch (ArgumentException)
        {
            throw Invalid(where, "expected null, a boolean, a number or a string");
        }
    }

    private static QueryValue[] Scalars(JsonNode? node, string where) =>
        node is JsonArray list
            ? [.. list.Select((n, i) => Scalar(n, $"{where}[{i}]"))]
            : throw Invalid(where, "expected an array of values");

    private static string Text(JsonNode? node, string where) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Invalid(where, "expected a string");

    private static ArgumentException Invalid(string where, string what) => new($"Invalid filter at '{where}': {what}.", "filter");
}
