using System.Text;
using System.Text.Json.Nodes;
using Mnemo.Internal.Json;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Server.Commands;

/// <summary>JSON.NUMINCRBY/NUMMULTBY, STRAPPEND/STRLEN, TOGGLE, CLEAR, OBJKEYS/OBJLEN, RESP.</summary>
internal static partial class JsonCommands
{
    /// <summary>The result of a match whose type the command does not apply to (nil per match; legacy paths error when all are).</summary>
    private static readonly object NotApplicable = new();

    /// <summary>Edits one match: returns its reply item (or <see cref="NotApplicable"/>), may replace the root, sets changed.</summary>
    private delegate object? MatchEdit(ref JsonNode? root, JsonMatch match, ref bool changed);

    /// <summary>
    /// Runs <paramref name="edit"/> on every match of the path in the document at argument 1 (an
    /// error when the key is missing) and returns the per-match results in match order. With
    /// <paramref name="mutationOrder"/> the edits run deepest and highest index first.
    /// </summary>
    private static (JsonPath Path, object?[] Results) EditEach(CommandContext ctx, string pathText, MatchEdit edit, bool mutationOrder = false) =>
        ctx.Db.JsonEdit(ctx.Arg(1), (copy, exists) =>
        {
            if (!exists)
            {
                throw new MnemoException(JsonErrors.NonexistentKey);
            }
            var path = JsonPath.Parse(pathText);
            var matches = path.Evaluate(copy);
            var results = new object?[matches.Count];
            bool changed = false;
            IEnumerable<int> order = mutationOrder ? JsonPath.MutationOrder(matches) : Enumerable.Range(0, matches.Count);
            foreach (int i in order)
            {
                results[i] = edit(ref copy, matches[i], ref changed);
            }
            return new JsonEditOutcome<(JsonPath, object?[])>((path, results), changed, copy);
        });

    /// <summary>JSONPath: an array with nil for inapplicable matches. Legacy: the last applicable result, or the error.</summary>
    private static void ReplyEach(CommandContext ctx, JsonPath path, object?[] results, string legacyPath, string or)
    {
        if (path.IsLegacy)
        {
            var last = Array.FindLast(results, r => r != NotApplicable);
            if (last is null && !Array.Exists(results, r => r != NotApplicable))
            {
                throw JsonErrors.PathMissingOr(legacyPath, or);
            }
            WriteItem(ctx, last);
            return;
        }
        WriteItem(ctx, results.Select(r => r == NotApplicable ? null : r).ToList());
    }

    /// <summary>JSON.NUMINCRBY / JSON.NUMMULTBY key path number.</summary>
    private static void NumberOp(CommandContext ctx, bool multiply)
    {
        string pathText = ctx.ArgString(2);
        byte[] numberText = ctx.ArgArray(3);
        JsonNode? operand = null;
        var (path, results) = EditEach(ctx, pathText, (ref JsonNode? root, JsonMatch m, ref bool changed) =>
        {
            var kind = JsonText.KindOf(m.Value);
            if (kind is not (JsonKind.Integer or JsonKind.Number))
            {
                return NotApplicable;
            }
            operand ??= JsonText.Parse(numberText);
            var operandKind = JsonText.KindOf(operand);
            if (operandKind is not (JsonKind.Integer or JsonKind.Number))
            {
                throw new MnemoException(JsonErrors.BadInputNumber);
            }
            JsonNode result = Compute(m.Value!, operand!, multiply);
            root = m.Replace(root, result);
            changed = true;
            return result;
        });
        if (ctx.Reply.IsResp3)
        {
            WriteItem(ctx, results.Select(r => r is JsonNode n ? NumberItem(n) : null).ToList());
        }
        else if (path.IsLegacy)
        {
            var last = Array.FindLast(results, r => r != NotApplicable);
            ctx.Reply.WriteBulkString(last is JsonNode n ? JsonText.Serialize(n) : throw JsonErrors.PathMissingOr(path.Normalized, "does not contains a number"));
        }
        else
        {
            ctx.Reply.WriteBulkString(JsonText.SerializeArray(results.Select(r => r as JsonNode)));
        }
    }

    private static object NumberItem(JsonNode n) => JsonText.TryGetInt64(n, out long l) ? l : (object)JsonText.GetDouble(n);

    /// <summary>Integer op integer stays an integer (a float on overflow); anything else is a float, which must stay finite.</summary>
    private static JsonNode Compute(JsonNode value, JsonNode operand, bool multiply)
    {
        if (JsonText.TryGetInt64(value, out long a) && JsonText.TryGetInt64(operand, out long b))
        {
            long r;
            bool overflow;
            try
            {
                r = checked(multiply ? a * b : a + b);
                overflow = false;
            }
            catch (OverflowException)
            {
                r = 0;
                overflow = true;
            }
            if (!overflow)
            {
                return JsonValue.Create(r);
            }
        }
        double x = JsonText.GetDouble(value), y = JsonText.GetDouble(operand);
        double result = multiply ? x * y : x + y;
        return double.IsFinite(result) ? JsonText.Float(result) : throw new MnemoException(JsonErrors.ResultNotNumber);
    }

    /// <summary>JSON.STRAPPEND key [path] json-string: the new lengths (UTF-8 bytes, as RedisJSON counts).</summary>
    private static void StrAppend(CommandContext ctx)
    {
        string pathText = ctx.Count > 3 ? ctx.ArgString(2) : ".";
        byte[] json = ctx.ArgArray(ctx.Count > 3 ? 3 : 2);
        string? suffix = null;
        var (path, results) = EditEach(ctx, pathText, (ref JsonNode? root, JsonMatch m, ref bool changed) =>
        {
            if (JsonText.KindOf(m.Value) != JsonKind.String)
            {
                return NotApplicable;
            }
            if (suffix is null)
            {
                var parsed = JsonText.Parse(json);
                suffix = JsonText.KindOf(parsed) == JsonKind.String ? JsonText.GetString(parsed!)
                    : throw JsonErrors.Expected("string", Encoding.UTF8.GetString(json));
            }
            string value = JsonText.GetString(m.Value!) + suffix;
            root = m.Replace(root, JsonValue.Create(value));
            changed |= suffix.Length > 0;
            return (long)Encoding.UTF8.GetByteCount(value);
        });
        ReplyEach(ctx, path, results, path.Normalized, "not a string");
    }

    /// <summary>JSON.STRLEN key [path].</summary>
    private static void StrLen(CommandContext ctx)
    {
        var path = OptionalPathText(ctx);
        object? result = ctx.Db.JsonRead(ctx.Arg(1), (root, found) =>
        {
            if (!found)
            {
                return path.StartsWith('$') ? throw new MnemoException(JsonErrors.NonexistentKey) : (false, (object?)null);
            }
            var parsed = JsonPath.Parse(path);
            var matches = parsed.Evaluate(root);
            if (parsed.IsLegacy)
            {
                return (true, matches.Count == 0 ? throw JsonErrors.PathMissing(parsed.Normalized)
                    : JsonText.KindOf(matches[0].Value) == JsonKind.String ? (long)Encoding.UTF8.GetByteCount(JsonText.GetString(matches[0].Value!))
                    : throw JsonErrors.Expected("string", JsonText.TypeName(matches[0].Value)));
            }
            return (true, matches.Select(m => JsonText.KindOf(m.Value) == JsonKind.String ? (object?)(long)Encoding.UTF8.GetByteCount(JsonText.GetString(m.Value!)) : null).ToList());
        }, out _);
        WriteItem(ctx, result);
    }

    private static string OptionalPathText(CommandContext ctx, int index = 2) => index < ctx.Count ? ctx.ArgString(index) : ".";

    /// <summary>JSON.TOGGLE key path: the new values (1/0 per match, or "true"/"false" for a legacy path).</summary>
    private static void Toggle(CommandContext ctx)
    {
        var (path, results) = EditEach(ctx, ctx.ArgString(2), (ref JsonNode? root, JsonMatch m, ref bool changed) =>
        {
            if (JsonText.KindOf(m.Value) != JsonKind.Boolean)
            {
                return NotApplicable;
            }
            bool value = !JsonText.GetBoolean(m.Value!);
            root = m.Replace(root, JsonValue.Create(value));
            changed = true;
            return value;
        });
        var items = results.Select(r => r is bool b ? (path.IsLegacy ? (object)(b ? "true" : "false") : b ? 1L : 0L) : r).ToArray();
        ReplyEach(ctx, path, items, path.Normalized, "not a bool");
    }

    /// <summary>JSON.CLEAR key [path]: empties arrays and objects, sets numbers to 0; the count of values changed.</summary>
    private static void Clear(CommandContext ctx)
    {
        var (_, results) = EditEach(ctx, OptionalPathText(ctx), (ref JsonNode? root, JsonMatch m, ref bool changed) =>
        {
            switch (m.Value)
            {
                case JsonArray { Count: > 0 } a:
                    a.Clear();
                    break;
                case JsonObject { Count: > 0 } o:
                    o.Clear();
                    break;
                case JsonValue v when JsonText.KindOf(v) is JsonKind.Integer or JsonKind.Number && JsonText.GetDouble(v) != 0:
                    root = m.Replace(root, JsonValue.Create(0L));
                    break;
                default:
                    return NotApplicable;
            }
            changed = true;
            return null;
        });
        ctx.Reply.WriteInteger(results.Count(r => r != NotApplicable));
    }

    /// <summary>JSON.OBJKEYS key [path].</summary>
    private static void ObjKeys(CommandContext ctx)
    {
        string pathText = OptionalPathText(ctx);
        object? result = ctx.Db.JsonRead(ctx.Arg(1), (root, found) =>
        {
            static List<object?> Keys(JsonObject o) => [.. o.Select(p => (object?)p.Key)];
            if (!found)
            {
                return pathText.StartsWith('$') ? throw new MnemoException(JsonErrors.NonexistentKey) : (false, (object?)null);
            }
            var path = JsonPath.Parse(pathText);
            var matches = path.Evaluate(root);
            if (path.IsLegacy)
            {
                return (true, matches.Count == 0 ? null
                    : matches[0].Value is JsonObject o ? Keys(o)
                    : throw JsonErrors.PathMissingOr(path.Normalized, "not an object"));
            }
            return (true, matches.Select(m => m.Value is JsonObject o ? (object?)Keys(o) : null).ToList());
        }, out _);
        WriteItem(ctx, result);
    }

    /// <summary>JSON.OBJLEN key [path].</summary>
    private static void ObjLen(CommandContext ctx)
    {
        string pathText = OptionalPathText(ctx);
        object? result = ctx.Db.JsonRead(ctx.Arg(1), (root, found) =>
        {
            if (!found)
            {
                return pathText.StartsWith('$')
                    ? throw JsonErrors.PathMissingOr(pathText, "not an object")
                    : (false, (object?)null);
            }
            var path = JsonPath.Parse(pathText);
            var matches = path.Evaluate(root);
            if (path.IsLegacy)
            {
                return (true, matches.Count == 0 ? null
                    : matches[0].Value is JsonObject o ? (long)o.Count
                    : throw JsonErrors.Expected("object", JsonText.TypeName(matches[0].Value)));
            }
            return (true, matches.Select(m => m.Value is JsonObject o ? (object?)(long)o.Count : null).ToList());
        }, out _);
        WriteItem(ctx, result);
    }

    /// <summary>
    /// JSON.RESP key [path]: the value in RESP form: null as nil, booleans as simple strings,
    /// integers, floats as doubles, strings as bulk strings, arrays as <c>[</c> then the elements,
    /// objects as <c>{</c> then names and values.
    /// </summary>
    private static void Resp(CommandContext ctx)
    {
        string pathText = OptionalPathText(ctx);
        object? result = ctx.Db.JsonRead(ctx.Arg(1), (root, found) =>
        {
            if (!found)
            {
                return (false, (object?)null);
            }
            var path = JsonPath.Parse(pathText);
            var matches = path.Evaluate(root);
            if (path.IsLegacy)
            {
                return (true, matches.Count == 0 ? throw JsonErrors.PathMissing(path.Normalized) : RespItem(matches[0].Value));
            }
            return (true, matches.Select(m => RespItem(m.Value)).ToList());
        }, out _);
        WriteItem(ctx, result);
    }

    private static object? RespItem(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray a:
                var items = new List<object?>(a.Count + 1) { new SimpleText("[") };
                items.AddRange(a.Select(RespItem));
                return items;
            case JsonObject o:
                var members = new List<object?>(o.Count * 2 + 1) { new SimpleText("{") };
                foreach (var (name, value) in o)
                {
                    members.Add(name);
                    members.Add(RespItem(value));
                }
                return members;
        }
        return JsonText.KindOf(node) switch
        {
            JsonKind.Null => null,
            JsonKind.Boolean => new SimpleText(JsonText.GetBoolean(node!) ? "true" : "false"),
            JsonKind.Integer => JsonText.TryGetInt64(node, out long l) ? l : (object)JsonText.GetDouble(node!),
            JsonKind.Number => JsonText.GetDouble(node!),
            _ => JsonText.GetString(node!),
        };
    }
}
