using System.Text.Json.Nodes;
using Mnemo.Internal.Json;

namespace Mnemo.Server.Commands;

/// <summary>JSON.ARRAPPEND, ARRINSERT, ARRLEN, ARRPOP, ARRINDEX, ARRTRIM.</summary>
internal static partial class JsonCommands
{
    /// <summary>Parses the JSON values from argument <paramref name="start"/> on (before the key is looked at, as RedisJSON does).</summary>
    private static List<JsonNode?> Values(CommandContext ctx, int start)
    {
        var values = new List<JsonNode?>(ctx.Count - start);
        for (int i = start; i < ctx.Count; i++)
        {
            values.Add(JsonText.Parse(ctx.Arg(i)));
        }
        return values;
    }

    /// <summary>JSON.ARRAPPEND key path json [json ...]: the new lengths.</summary>
    private static void ArrAppend(CommandContext ctx)
    {
        string pathText = ctx.ArgString(2);
        var values = Values(ctx, 3);
        var (path, results) = EditEach(ctx, pathText, (ref JsonNode? root, JsonMatch m, ref bool changed) =>
        {
            if (m.Value is not JsonArray a)
            {
                return NotApplicable;
            }
            foreach (var value in values)
            {
                a.Add(value?.DeepClone());
            }
            changed = true;
            return (long)a.Count;
        });
        ReplyEach(ctx, path, results, path.Text, "not an array");
    }

    /// <summary>JSON.ARRINSERT key path index json [json ...]: inserts before the index (negative from the end); the new lengths.</summary>
    private static void ArrInsert(CommandContext ctx)
    {
        string pathText = ctx.ArgString(2);
        long index = ctx.ArgInt64(3);
        var values = Values(ctx, 4);
        var (path, results) = EditEach(ctx, pathText, (ref JsonNode? root, JsonMatch m, ref bool changed) =>
        {
            if (m.Value is not JsonArray a)
            {
                return NotApplicable;
            }
            long at = index < 0 ? a.Count + index : index;
            if (at < 0 || at > a.Count)
            {
                throw new MnemoException(JsonErrors.IndexOutOfBounds);
            }
            for (int i = 0; i < values.Count; i++)
            {
                a.Insert((int)at + i, values[i]?.DeepClone());
            }
            changed = true;
            return (long)a.Count;
        }, mutationOrder: true);
        ReplyEach(ctx, path, results, path.Normalized, "not an array");
    }

    /// <summary>JSON.ARRLEN key [path].</summary>
    private static void ArrLen(CommandContext ctx)
    {
        string pathText = OptionalPathText(ctx);
        object? result = ctx.Db.JsonRead(ctx.Arg(1), (root, found) =>
        {
            if (!found)
            {
                return pathText.StartsWith('$') ? throw new MnemoException(JsonErrors.NonexistentKey) : (false, (object?)null);
            }
            var path = JsonPath.Parse(pathText);
            var matches = path.Evaluate(root);
            if (path.IsLegacy)
            {
                return (true, matches.Count > 0 && matches[0].Value is JsonArray a ? (long)a.Count
                    : throw JsonErrors.PathMissingOr(path.Text, "not an array"));
            }
            return (true, matches.Select(m => m.Value is JsonArray a ? (object?)(long)a.Count : null).ToList());
        }, out _);
        WriteItem(ctx, result);
    }

    /// <summary>
    /// JSON.ARRPOP key [path [index]]: removes and returns the element (as JSON text) at the index,
    /// clamped to the array; the last one by default. An index that is not an integer counts as -1,
    /// as in RedisJSON.
    /// </summary>
    private static void ArrPop(CommandContext ctx)
    {
        string pathText = OptionalPathText(ctx);
        long index = ctx.Count <= 2 ? long.MaxValue
            : ctx.Count > 3 && Internal.Text.NumberText.TryParseInt64(ctx.Arg(3), out long given) ? given
            : -1;
        var (path, results) = EditEach(ctx, pathText, (ref JsonNode? root, JsonMatch m, ref bool changed) =>
        {
            if (m.Value is not JsonArray a)
            {
                return NotApplicable;
            }
            if (a.Count == 0)
            {
                return null;
            }
            int at = (int)(index < 0 ? Math.Max(0, a.Count + index) : Math.Min(index, a.Count - 1));
            var element = a[at];
            a.RemoveAt(at);
            changed = true;
            return JsonText.Serialize(element);
        }, mutationOrder: true);
        ReplyEach(ctx, path, results, path.Normalized, "not an array");
    }

    /// <summary>JSON.ARRINDEX key path json [start [stop]]: the first index of the value (-1 when absent), stop exclusive, 0 = the end.</summary>
    private static void ArrIndex(CommandContext ctx)
    {
        if (ctx.Count > 6)
        {
            throw WrongArity(ctx);
        }
        string pathText = ctx.ArgString(2);
        byte[] json = ctx.ArgArray(3);
        long start = ctx.Count > 4 ? ctx.ArgInt64(4) : 0;
        long stop = ctx.Count > 5 ? ctx.ArgInt64(5) : 0;
        object? result = ctx.Db.JsonRead<object?>(ctx.Arg(1), (root, found) =>
        {
            if (!found)
            {
                throw JsonErrors.PathMissing(pathText);
            }
            var value = JsonText.Parse(json);
            var path = JsonPath.Parse(pathText);
            var matches = path.Evaluate(root);
            if (path.IsLegacy)
            {
                return (true, matches.Count == 0 ? throw JsonErrors.PathMissing(path.Normalized)
                    : matches[0].Value is JsonArray a ? IndexOf(a, value, start, stop)
                    : throw JsonErrors.Expected("array", JsonText.TypeName(matches[0].Value)));
            }
            return (true, matches.Select(m => m.Value is JsonArray a ? (object?)IndexOf(a, value, start, stop) : null).ToList());
        }, out _);
        WriteItem(ctx, result);
    }

    private static long IndexOf(JsonArray array, JsonNode? value, long start, long stop)
    {
        long count = array.Count;
        if (count == 0)
        {
            return -1;
        }
        start = start < 0 ? Math.Max(0, count + start) : Math.Min(start, count - 1);
        stop = stop == 0 ? count : stop < 0 ? Math.Max(0, count + stop) : Math.Min(stop, count);
        for (long i = start; i < stop; i++)
        {
            if (JsonText.DeepEquals(array[(int)i], value))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>JSON.ARRTRIM key path start stop: keeps the inclusive range (LTRIM's rules); the new lengths.</summary>
    private static void ArrTrim(CommandContext ctx)
    {
        string pathText = ctx.ArgString(2);
        long start = ctx.ArgInt64(3);
        long stop = ctx.ArgInt64(4);
        var (path, results) = EditEach(ctx, pathText, (ref JsonNode? root, JsonMatch m, ref bool changed) =>
        {
            if (m.Value is not JsonArray a)
            {
                return NotApplicable;
            }
            long count = a.Count;
            long first = start < 0 ? Math.Max(0, count + start) : start;
            long last = stop < 0 ? count + stop : Math.Min(stop, count - 1);
            if (first >= count || first > last)
            {
                changed |= count > 0;
                a.Clear();
                return 0L;
            }
            for (long i = count - 1; i > last; i--)
            {
                a.RemoveAt((int)i);
            }
            for (long i = 0; i < first; i++)
            {
                a.RemoveAt(0);
            }
            changed |= a.Count != count;
            return (long)a.Count;
        }, mutationOrder: true);
        ReplyEach(ctx, path, results, path.Normalized, "not an array");
    }
}
