using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Internal.Documents;
using Mnemo.Internal.Json;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;
using Mnemo.Server.Search;

namespace Mnemo.Server.Commands;

internal static partial class SearchCommands
{
    private sealed record ReturnField(string Name, string As, int Field, JsonPath? Path);

    /// <summary>FT.SEARCH index query [NOCONTENT] [VERBATIM] [RETURN n f [AS a]...] [SORTBY f [ASC|DESC]] [LIMIT offset num] [DIALECT n].</summary>
    private static void Search(CommandContext ctx)
    {
        string name = ctx.ArgString(1);
        var db = ctx.Db;
        var index = Require(ctx, name, $"{name}: no such index");
        bool noContent = false;
        List<ReturnField>? returns = null;
        int sortField = -1;
        bool descending = false;
        long offset = 0, num = 10;
        for (int i = 3; i < ctx.Count; i++)
        {
            if (ctx.ArgIs(i, "NOCONTENT"u8))
            {
                noContent = true;
            }
            else if (ctx.ArgIs(i, "VERBATIM"u8) || ctx.ArgIs(i, "NOSTOPWORDS"u8))
            {
            }
            else if (ctx.ArgIs(i, "DIALECT"u8) && i + 1 < ctx.Count)
            {
                i++;
            }
            else if (ctx.ArgIs(i, "RETURN"u8))
            {
                if (i + 1 >= ctx.Count || !long.TryParse(ctx.ArgString(i + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
                {
                    throw new MnemoException("Bad arguments for RETURN: Expected an argument, but none provided");
                }
                i += 2;
                returns = [];
                for (long k = 0; k < n; k++, i++)
                {
                    if (i >= ctx.Count)
                    {
                        throw new MnemoException("Bad arguments for RETURN: Not enough arguments were provided based on argument count");
                    }
                    string field = ctx.ArgString(i);
                    string alias = field;
                    if (i + 2 < ctx.Count && ctx.ArgIs(i + 1, "AS"u8))
                    {
                        alias = ctx.ArgString(i + 2);
                        i += 2;
                        k += 2;
                    }
                    returns.Add(ResolveReturn(index, field, alias));
                }
                i--;
            }
            else if (ctx.ArgIs(i, "SORTBY"u8))
            {
                if (i + 1 >= ctx.Count)
                {
                    throw new MnemoException("Bad arguments for SORTBY: Expected an argument, but none provided");
                }
                string field = ctx.ArgString(i + 1);
                sortField = index.FieldIndex(field.StartsWith('@') ? field[1..] : field);
                if (sortField < 0)
                {
                    throw new MnemoException($"Property `{field}` not loaded nor in schema");
                }
                i++;
                if (i + 1 < ctx.Count && (ctx.ArgIs(i + 1, "ASC"u8) || ctx.ArgIs(i + 1, "DESC"u8)))
                {
                    descending = ctx.ArgIs(i + 1, "DESC"u8);
                    i++;
                }
            }
            else if (ctx.ArgIs(i, "LIMIT"u8))
            {
                if (i + 2 >= ctx.Count
                    || !long.TryParse(ctx.ArgString(i + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out offset)
                    || !long.TryParse(ctx.ArgString(i + 2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out num))
                {
                    throw new MnemoException("Bad arguments for LIMIT: Expected an argument, but none provided");
                }
                if (offset < 0 || num < 0)
                {
                    throw new MnemoException("Bad arguments for LIMIT: Value is outside acceptable bounds");
                }
                i += 2;
            }
            else
            {
                throw new MnemoException($"Unknown argument `{ctx.ArgString(i)}` at position {i - 1} for <main>");
            }
        }
        if (returns is { Count: 0 })
        {
            noContent = true;
        }
        var query = FtQueryParser.Parse(ctx.ArgString(2));

        var registry = db.Indexes!;
        registry.DrainAll();
        List<(byte[] Key, object? Sort)> matches;
        lock (registry.Gate)
        {
            var keys = new FtExecutor(index).Run(query);
            matches = new List<(byte[], object?)>(keys.Count);
            foreach (var key in keys)
            {
                object? sort = null;
                if (sortField >= 0)
                {
                    sort = index.EntryOf(key)?.Values[sortField] switch
                    {
                        double d => d,
                        string[] words => string.Join(' ', words),
                        _ => null,
                    };
                }
                matches.Add((key, sort));
            }
        }
        // Keys whose TTL passed are still indexed until expired: a live check removes them.
        matches.RemoveAll(m => !db.ReadLive(m.Key, index.Kind, _ => true, out _));
        matches.Sort((x, y) =>
        {
            if (sortField >= 0)
            {
                int c = CompareSort(x.Sort, y.Sort, descending);
                if (c != 0)
                {
                    return c;
                }
            }
            return x.Key.AsSpan().SequenceCompareTo(y.Key);
        });

        var page = matches.Skip((int)Math.Min(offset, int.MaxValue)).Take((int)Math.Min(num, int.MaxValue)).ToList();
        var rows = new List<(byte[] Key, List<(string Name, byte[] Value)>? Fields)>(page.Count);
        foreach (var (key, _) in page)
        {
            if (noContent)
            {
                rows.Add((key, null));
                continue;
            }
            if (db.ReadLive(key, index.Kind, item => Content(index, item, returns), out var fields))
            {
                rows.Add((key, fields));
            }
        }
        var reply = ctx.Reply;
        reply.WriteArrayHeader(1 + (rows.Count * (noContent ? 1 : 2)));
        reply.WriteInteger(matches.Count);
        foreach (var (key, fields) in rows)
        {
            reply.WriteBulkString(key);
            if (fields is not null)
            {
                reply.WriteArrayHeader(fields.Count * 2);
                foreach (var (n, v) in fields)
                {
                    reply.WriteBulkString(n);
                    reply.WriteBulkString(v);
                }
            }
        }
    }

    /// <summary>Missing values sort last in both directions; numbers before strings.</summary>
    private static int CompareSort(object? x, object? y, bool descending)
    {
        if (x is null || y is null)
        {
            return (x is null ? 1 : 0) - (y is null ? 1 : 0);
        }
        int c = (x, y) switch
        {
            (double a, double b) => a.CompareTo(b),
            (string a, string b) => string.CompareOrdinal(a, b),
            (double, _) => -1,
            _ => 1,
        };
        return descending ? -c : c;
    }

    private static ReturnField ResolveReturn(SearchIndex index, string field, string alias)
    {
        int f = index.FieldIndex(field.StartsWith('@') ? field[1..] : field);
        if (f >= 0)
        {
            return new ReturnField(index.Fields[f].Name, alias, f, index.Fields[f].Path);
        }
        JsonPath? path = null;
        if (index.Json)
        {
            try
            {
                path = JsonPath.Parse(field);
            }
            catch (MnemoException)
            {
                path = null;
            }
        }
        return new ReturnField(field, alias, -1, path);
    }

    /// <summary>The field/value pairs of a document (under its lock): hashes all fields, JSON <c>$</c>; or the RETURN fields present.</summary>
    private static List<(string, byte[])> Content(SearchIndex index, object item, List<ReturnField>? returns)
    {
        var fields = new List<(string, byte[])>();
        if (item is HashValue hash)
        {
            if (returns is null)
            {
                for (int f = 0; f < hash.Count; f++)
                {
                    fields.Add((Encoding.UTF8.GetString(hash.FieldAt(f)), hash.ValueAt(f)));
                }
                return fields;
            }
            foreach (var r in returns)
            {
                var field = r.Field >= 0 ? index.Fields[r.Field].HashField : Encoding.UTF8.GetBytes(r.Name);
                if (hash.Get(field) is { } value)
                {
                    fields.Add((r.As, value));
                }
            }
            return fields;
        }
        var document = (JsonDocumentValue)item;
        if (returns is null)
        {
            fields.Add(("$", document.Utf8)); // immutable stored bytes: no copy needed
            return fields;
        }
        var root = document.ParseRoot();
        foreach (var r in returns)
        {
            if (r.Path is null)
            {
                continue;
            }
            var matches = r.Path.Evaluate(root);
            if (matches.Count == 0)
            {
                continue;
            }
            var value = matches[0].Value;
            fields.Add((r.As, value?.GetValueKind() == JsonValueKind.String
                ? Encoding.UTF8.GetBytes(value.GetValue<string>())
                : JsonDocumentValue.ToUtf8(value)));
        }
        return fields;
    }
}
