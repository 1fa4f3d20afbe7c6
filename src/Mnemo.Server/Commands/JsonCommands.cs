using System.Text.Json.Nodes;
using Mnemo.Internal.Json;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Server.Commands;

/// <summary>
/// RedisJSON 2.x commands on JSON documents (ValueKind.Json, TYPE <c>ReJSON-RL</c>), built on the
/// engine's <see cref="Db.JsonRead{T}"/> and <see cref="Db.JsonEdit{T}"/>: reads run under the key's
/// lock without copying, edits work on a private copy that replaces the document only when the edit
/// changed something. JSONPath (<c>$...</c>) replies are per match; legacy paths reply with one value.
/// </summary>
[CommandFamily]
internal static partial class JsonCommands
{
    private const CommandFlags Read = CommandFlags.ReadOnly;
    private const CommandFlags Write = CommandFlags.Write;
    private const CommandFlags Grow = CommandFlags.Write | CommandFlags.DenyOom;

    public static void Register(CommandTable table)
    {
        table.Add("JSON.SET", -4, Grow, 1, 1, 1, Set);
        table.Add("JSON.GET", -2, Read, 1, 1, 1, Get);
        table.Add("JSON.MGET", -3, Read, 1, -2, 1, MGet);
        table.Add("JSON.DEL", -2, Write, 1, 1, 1, Del);
        table.Add("JSON.FORGET", -2, Write, 1, 1, 1, Del);
        table.Add("JSON.TYPE", -2, Read, 1, 1, 1, TypeOf);
        table.Add("JSON.RESP", -2, Read, 1, 1, 1, Resp);
        table.Add("JSON.NUMINCRBY", 4, Write, 1, 1, 1, ctx => NumberOp(ctx, multiply: false));
        table.Add("JSON.NUMMULTBY", 4, Write, 1, 1, 1, ctx => NumberOp(ctx, multiply: true));
        table.Add("JSON.STRAPPEND", -3, Grow, 1, 1, 1, StrAppend);
        table.Add("JSON.STRLEN", -2, Read, 1, 1, 1, StrLen);
        table.Add("JSON.TOGGLE", 3, Write, 1, 1, 1, Toggle);
        table.Add("JSON.CLEAR", -2, Write, 1, 1, 1, Clear);
        table.Add("JSON.OBJKEYS", -2, Read, 1, 1, 1, ObjKeys);
        table.Add("JSON.OBJLEN", -2, Read, 1, 1, 1, ObjLen);
        table.Add("JSON.ARRAPPEND", -4, Grow, 1, 1, 1, ArrAppend);
        table.Add("JSON.ARRINSERT", -5, Grow, 1, 1, 1, ArrInsert);
        table.Add("JSON.ARRLEN", -2, Read, 1, 1, 1, ArrLen);
        table.Add("JSON.ARRPOP", -2, Write, 1, 1, 1, ArrPop);
        table.Add("JSON.ARRINDEX", -4, Read, 1, 1, 1, ArrIndex);
        table.Add("JSON.ARRTRIM", 5, Write, 1, 1, 1, ArrTrim);
    }

    private enum Condition
    {
        Always,
        IfNotExists,
        IfExists,
    }

    /// <summary>True for the two spellings of the root RedisJSON compares against (<c>$</c> and <c>.</c>).</summary>
    private static bool IsRoot(string path) => path is "$" or ".";

    private static JsonPath OptionalPath(CommandContext ctx, int index) =>
        index < ctx.Count ? JsonPath.Parse(ctx.Arg(index)) : JsonPath.LegacyRoot;

    private static MnemoException WrongArity(CommandContext ctx) =>
        new($"ERR wrong number of arguments for '{ctx.Spec.LowerName}' command");

    /// <summary>JSON.SET key path value [NX|XX].</summary>
    private static void Set(CommandContext ctx)
    {
        var condition = Condition.Always;
        for (int i = 4; i < ctx.Count; i++)
        {
            if (ctx.ArgIs(i, "NX"u8) && condition == Condition.Always)
            {
                condition = Condition.IfNotExists;
            }
            else if (ctx.ArgIs(i, "XX"u8) && condition == Condition.Always)
            {
                condition = Condition.IfExists;
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        string pathText = ctx.ArgString(2);
        byte[] json = ctx.ArgArray(3);
        bool written = ctx.Db.JsonEdit(ctx.Arg(1), (copy, exists) =>
        {
            var value = JsonText.Parse(json);
            if (!exists)
            {
                return condition == Condition.IfExists ? new(false, false)
                    : IsRoot(pathText) ? new JsonEditOutcome<bool>(true, true, value)
                    : throw new MnemoException(JsonErrors.NewObjectsAtRoot);
            }
            if (IsRoot(pathText))
            {
                return condition == Condition.IfNotExists ? new(false, false) : new JsonEditOutcome<bool>(true, true, value);
            }
            var path = JsonPath.Parse(pathText);
            bool updated = SetAt(ref copy, path, value, condition);
            return new JsonEditOutcome<bool>(updated, updated, copy);
        });
        if (written)
        {
            ctx.Reply.WriteOk();
        }
        else
        {
            ctx.Reply.WriteNull();
        }
    }

    /// <summary>RedisJSON's find_paths/find_add_paths: replace what the path matches, or add the last member to its parents.</summary>
    private static bool SetAt(ref JsonNode? root, JsonPath path, JsonNode? value, Condition condition)
    {
        if (condition != Condition.IfNotExists)
        {
            var matches = path.Evaluate(root);
            if (matches.Count > 0)
            {
                for (int i = 0; i < matches.Count; i++)
                {
                    root = matches[i].Replace(root, i == 0 ? value : value?.DeepClone());
                }
                return true;
            }
        }
        if (condition == Condition.IfExists)
        {
            return false;
        }
        if (!path.IsStatic)
        {
            throw new MnemoException(JsonErrors.WrongStaticPath);
        }
        var last = path.Segments[^1];
        if (last.Selector == JsonPathSelector.Index)
        {
            return path.Evaluate(root).Count == 0 ? throw new MnemoException(JsonErrors.ArrayIndexOutOfRange) : false;
        }
        bool added = false;
        foreach (var parent in path.Parent().Evaluate(root))
        {
            if (parent.Value is JsonObject o && !o.ContainsKey(last.Name!))
            {
                o[last.Name!] = added ? value?.DeepClone() : value;
                added = true;
            }
        }
        return added;
    }

    /// <summary>JSON.GET key [INDENT s] [NEWLINE s] [SPACE s] [NOESCAPE] [path ...].</summary>
    private static void Get(CommandContext ctx)
    {
        var paths = new List<string>();
        string? indent = null, newline = null, space = null;
        for (int i = 2; i < ctx.Count; i++)
        {
            // As RedisJSON: an argument longer than every keyword is a path.
            if (ctx.Arg(i).Length > 8)
            {
                paths.Add(ctx.ArgString(i));
            }
            else if (ctx.ArgIs(i, "INDENT"u8) || ctx.ArgIs(i, "NEWLINE"u8) || ctx.ArgIs(i, "SPACE"u8))
            {
                if (i + 1 >= ctx.Count)
                {
                    throw WrongArity(ctx);
                }
                string text = ctx.ArgString(i + 1);
                if (ctx.ArgIs(i, "INDENT"u8))
                {
                    indent = text;
                }
                else if (ctx.ArgIs(i, "NEWLINE"u8))
                {
                    newline = text;
                }
                else
                {
                    space = text;
                }
                i++;
            }
            else if (ctx.ArgIs(i, "NOESCAPE"u8))
            {
                continue; // accepted and ignored, as RedisJSON does
            }
            else if (ctx.ArgIs(i, "FORMAT"u8))
            {
                throw new MnemoException(ctx.Reply.IsResp3 ? "ERR FORMAT is not supported" : "ERR FORMAT argument is not supported on RESP2");
            }
            else
            {
                paths.Add(ctx.ArgString(i));
            }
        }
        if (paths.Count == 0)
        {
            paths.Add(".");
        }
        var format = new JsonFormat(indent, newline, space);
        string? text2 = ctx.Db.JsonRead(ctx.Arg(1), (root, found) => (found, found ? Render(root, paths, format) : null), out _);
        if (text2 is null)
        {
            ctx.Reply.WriteNull();
        }
        else
        {
            ctx.Reply.WriteBulkString(text2);
        }
    }

    /// <summary>JSON.GET's text: one path as its value (legacy) or array of matches; several as an object keyed by path.</summary>
    private static string Render(JsonNode? root, List<string> texts, JsonFormat format)
    {
        var paths = texts.ConvertAll(JsonPath.Parse);
        bool legacy = paths.TrueForAll(p => p.IsLegacy);
        if (paths.Count == 1)
        {
            var path = paths[0];
            var matches = path.Evaluate(root);
            if (legacy)
            {
                return matches.Count == 0 ? throw JsonErrors.PathMissing(path.Normalized) : JsonText.Serialize(matches[0].Value, format);
            }
            return JsonText.SerializeArray(matches.Select(m => m.Value), format);
        }
        var members = new List<KeyValuePair<string, Action<JsonText.Writer>>>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var matches = path.Evaluate(root);
            Action<JsonText.Writer> write;
            if (legacy)
            {
                if (matches.Count == 0)
                {
                    throw JsonErrors.PathMissing(path.Text);
                }
                var first = matches[0].Value;
                write = w => w.Value(first);
            }
            else
            {
                write = w => w.Array(matches.Select(m => m.Value));
            }
            if (seen.TryGetValue(path.Text, out int at))
            {
                members[at] = new(path.Text, write);
            }
            else
            {
                seen[path.Text] = members.Count;
                members.Add(new(path.Text, write));
            }
        }
        return JsonText.SerializeObject(members, format);
    }

    /// <summary>JSON.MGET key [key ...] path: per key the value, or nil (missing key, not JSON, no match).</summary>
    private static void MGet(CommandContext ctx)
    {
        JsonPath? path;
        try
        {
            path = JsonPath.Parse(ctx.Arg(ctx.Count - 1));
        }
        catch (MnemoException)
        {
            path = null; // RedisJSON answers nil for every key
        }
        var results = new string?[ctx.Count - 2];
        for (int i = 1; i < ctx.Count - 1; i++)
        {
            if (path is null)
            {
                continue;
            }
            try
            {
                results[i - 1] = ctx.Db.JsonRead(ctx.Arg(i), (root, found) =>
                {
                    if (!found)
                    {
                        return (false, (string?)null);
                    }
                    var matches = path.Evaluate(root);
                    return (true, path.IsLegacy
                        ? matches.Count == 0 ? null : JsonText.Serialize(matches[0].Value)
                        : JsonText.SerializeArray(matches.Select(m => m.Value)));
                }, out _);
            }
            catch (MnemoWrongTypeException)
            {
                results[i - 1] = null;
            }
        }
        ctx.Reply.WriteArrayHeader(results.Length);
        foreach (var text in results)
        {
            WriteItem(ctx, text);
        }
    }

    /// <summary>JSON.DEL key [path] (and JSON.FORGET): the number of values deleted; deleting the root deletes the key.</summary>
    private static void Del(CommandContext ctx)
    {
        string pathText = ctx.Count > 2 ? ctx.ArgString(2) : ".";
        long deleted = ctx.Db.JsonEdit(ctx.Arg(1), (copy, exists) =>
        {
            if (!exists)
            {
                return new JsonEditOutcome<long>(0, false);
            }
            if (IsRoot(pathText))
            {
                return new JsonEditOutcome<long>(1, true, null, DeleteKey: true);
            }
            var matches = JsonPath.Parse(pathText).Evaluate(copy);
            long count = DeleteAll(matches);
            return new JsonEditOutcome<long>(count, count > 0, copy);
        });
        ctx.Reply.WriteInteger(deleted);
    }

    /// <summary>Deletes the matches that are not inside another match, in an order that keeps array indices valid.</summary>
    private static long DeleteAll(List<JsonMatch> matches)
    {
        var places = new HashSet<(JsonNode, string?, int)>(matches.Count, ReferencePlaceComparer.Instance);
        foreach (var m in matches)
        {
            places.Add((m.Location!.Parent, m.Location.Name, m.Location.Index));
        }
        long count = 0;
        foreach (int i in JsonPath.MutationOrder(matches))
        {
            var location = matches[i].Location!;
            bool nested = false;
            for (var up = location.Up; up is not null && !nested; up = up.Up)
            {
                nested = places.Contains((up.Parent, up.Name, up.Index));
            }
            if (nested)
            {
                continue;
            }
            if (location.Parent is JsonObject o)
            {
                o.Remove(location.Name!);
            }
            else
            {
                ((JsonArray)location.Parent).RemoveAt(location.Index);
            }
            count++;
        }
        return count;
    }

    private sealed class ReferencePlaceComparer : IEqualityComparer<(JsonNode Parent, string? Name, int Index)>
    {
        public static readonly ReferencePlaceComparer Instance = new();

        public bool Equals((JsonNode Parent, string? Name, int Index) x, (JsonNode Parent, string? Name, int Index) y) =>
            ReferenceEquals(x.Parent, y.Parent) && x.Name == y.Name && x.Index == y.Index;

        public int GetHashCode((JsonNode Parent, string? Name, int Index) place) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(place.Parent), place.Name, place.Index);
    }

    /// <summary>JSON.TYPE key [path]: the type name (legacy) or names per match; RESP3 wraps the reply in one more array.</summary>
    private static void TypeOf(CommandContext ctx)
    {
        string pathText = ctx.Count > 2 ? ctx.ArgString(2) : ".";
        object? result = ctx.Db.JsonRead(ctx.Arg(1), (root, found) =>
        {
            if (!found)
            {
                return (false, (object?)null);
            }
            if (!pathText.StartsWith('$'))
            {
                try
                {
                    var matches = JsonPath.Parse(pathText).Evaluate(root);
                    return (true, matches.Count == 0 ? null : JsonText.TypeName(matches[0].Value));
                }
                catch (MnemoException)
                {
                    return (true, null); // RedisJSON answers nil for a legacy path it cannot use
                }
            }
            return (true, JsonPath.Parse(pathText).Evaluate(root).Select(m => (object?)JsonText.TypeName(m.Value)).ToList());
        }, out _);
        if (ctx.Reply.IsResp3)
        {
            ctx.Reply.WriteArrayHeader(1);
        }
        WriteItem(ctx, result);
    }

    /// <summary>
    /// Writes a result: null as nil, long as integer, double as double, string as bulk string,
    /// <see cref="SimpleText"/> as simple string, lists as arrays.
    /// </summary>
    private static void WriteItem(CommandContext ctx, object? item)
    {
        switch (item)
        {
            case null:
                ctx.Reply.WriteNull();
                break;
            case long l:
                ctx.Reply.WriteInteger(l);
                break;
            case double d:
                ctx.Reply.WriteDouble(d);
                break;
            case string s:
                ctx.Reply.WriteBulkString(s);
                break;
            case SimpleText t:
                ctx.Reply.WriteSimpleString(t.Text);
                break;
            case System.Collections.IList list:
                ctx.Reply.WriteArrayHeader(list.Count);
                foreach (var element in list)
                {
                    WriteItem(ctx, element);
                }
                break;
            default:
                throw new InvalidOperationException("Unexpected JSON reply item " + item.GetType());
        }
    }

    private sealed record SimpleText(string Text);
}
