using System.Globalization;
using Mnemo.Internal.Documents;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Server.Commands;

/// <summary>
/// RediSearch-style commands (FT.CREATE, FT.SEARCH, FT.DROPINDEX, FT.INFO, FT._LIST) over the
/// documents engine's <see cref="IndexRegistry"/>: a search index lives in the same registry as
/// the collection indexes and is kept current by the same write hooks (HSET, HDEL, DEL, JSON.SET,
/// expiry, FLUSHDB...). Errors use RediSearch's texts (no <c>ERR</c> prefix).
/// </summary>
[CommandFamily]
internal static partial class SearchCommands
{
    private const int MaxFields = 1024;

    public static void Register(CommandTable table)
    {
        table.Add("FT.CREATE", -2, CommandFlags.Write | CommandFlags.DenyOom, 0, 0, 0, Create);
        table.Add("FT.SEARCH", -3, CommandFlags.ReadOnly, 0, 0, 0, Search);
        table.Add("FT.DROPINDEX", -2, CommandFlags.Write, 0, 0, 0, DropIndex);
        table.Add("FT.INFO", 2, CommandFlags.ReadOnly, 0, 0, 0, Info);
        table.Add("FT._LIST", 1, CommandFlags.ReadOnly, 0, 0, 0, List);
    }

    private static SearchIndex Require(CommandContext ctx, string name, string error) =>
        ctx.Db.Indexes?.FindSearch(name) ?? throw new MnemoException(error);

    /// <summary>FT.CREATE index [ON HASH|JSON] [PREFIX n p...] [STOPWORDS n w...] SCHEMA field [AS alias] TEXT|TAG|NUMERIC [options]...</summary>
    private static void Create(CommandContext ctx)
    {
        string name = ctx.ArgString(1);
        bool json = false;
        var prefixes = new List<string>();
        int i = 2;
        while (true)
        {
            if (i >= ctx.Count)
            {
                throw new MnemoException("No schema found");
            }
            if (ctx.ArgIs(i, "ON"u8) && i + 1 < ctx.Count)
            {
                if (ctx.ArgIs(i + 1, "HASH"u8))
                {
                    json = false;
                }
                else if (ctx.ArgIs(i + 1, "JSON"u8))
                {
                    json = true;
                }
                else
                {
                    throw new MnemoException($"Unknown argument `{ctx.ArgString(i + 1)}`");
                }
                i += 2;
            }
            else if ((ctx.ArgIs(i, "PREFIX"u8) || ctx.ArgIs(i, "STOPWORDS"u8)) && i + 1 < ctx.Count)
            {
                bool prefix = ctx.ArgIs(i, "PREFIX"u8);
                if (!long.TryParse(ctx.ArgString(i + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n > ctx.Count - i - 2)
                {
                    throw new MnemoException($"Bad arguments for {(prefix ? "PREFIX" : "STOPWORDS")}: Expected an argument, but none provided");
                }
                for (int k = 0; k < n; k++)
                {
                    if (prefix)
                    {
                        prefixes.Add(ctx.ArgString(i + 2 + k));
                    }
                }
                i += 2 + (int)n;
            }
            else if (ctx.ArgIs(i, "SCHEMA"u8))
            {
                i++;
                break;
            }
            else
            {
                throw new MnemoException($"Unknown argument `{ctx.ArgString(i)}`");
            }
        }
        if (i >= ctx.Count)
        {
            throw new MnemoException("Fields arguments are missing");
        }
        var fields = new List<SearchField>();
        while (i < ctx.Count)
        {
            string identifier = ctx.ArgString(i++);
            string alias = identifier;
            if (i < ctx.Count && ctx.ArgIs(i, "AS"u8))
            {
                if (i + 1 >= ctx.Count)
                {
                    throw new MnemoException($"Missing argument for AS in field `{identifier}`");
                }
                alias = ctx.ArgString(i + 1);
                i += 2;
            }
            if (i >= ctx.Count)
            {
                throw new MnemoException($"Field `{identifier}` does not have a type");
            }
            SearchFieldType type;
            if (ctx.ArgIs(i, "TEXT"u8))
            {
                type = SearchFieldType.Text;
            }
            else if (ctx.ArgIs(i, "TAG"u8))
            {
                type = SearchFieldType.Tag;
            }
            else if (ctx.ArgIs(i, "NUMERIC"u8))
            {
                type = SearchFieldType.Numeric;
            }
            else
            {
                throw new MnemoException($"Invalid field type for field `{identifier}`");
            }
            i++;
            char separator = ',';
            bool sortable = false;
            while (i < ctx.Count)
            {
                if (ctx.ArgIs(i, "SORTABLE"u8))
                {
                    sortable = true;
                    i++;
                }
                else if (type == SearchFieldType.Tag && ctx.ArgIs(i, "SEPARATOR"u8))
                {
                    if (i + 1 >= ctx.Count || ctx.Arg(i + 1).Length != 1)
                    {
                        throw new MnemoException("Bad arguments for SEPARATOR: Expected a single character");
                    }
                    separator = (char)ctx.Arg(i + 1)[0];
                    i += 2;
                }
                else if (type == SearchFieldType.Text && ctx.ArgIs(i, "NOSTEM"u8))
                {
                    i++;
                }
                else if (type == SearchFieldType.Text && ctx.ArgIs(i, "WEIGHT"u8) && i + 1 < ctx.Count)
                {
                    i += 2;
                }
                else
                {
                    break;
                }
            }
            if (fields.Any(f => f.Name == alias))
            {
                throw new MnemoException($"Duplicate field in schema - {alias}");
            }
            if (fields.Count == MaxFields)
            {
                throw new MnemoException("Schema is limited to 1024 fields");
            }
            SearchField field;
            try
            {
                field = new SearchField(identifier, alias, type, separator, sortable, json);
            }
            catch (MnemoException e)
            {
                throw new MnemoException($"Invalid JSONPath '{identifier}' in attribute '{alias}' in index '{name}': {e.Message}");
            }
            fields.Add(field);
        }
        if (prefixes.Count == 0)
        {
            prefixes.Add("");
        }
        var db = ctx.Db;
        var index = new SearchIndex(name, json, prefixes, fields, db.Shards.Length);
        if (!db.EnsureIndexRegistry().CreateSearch(index))
        {
            throw new MnemoException("Index already exists");
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>FT.DROPINDEX index [DD]: DD deletes the indexed keys too.</summary>
    private static void DropIndex(CommandContext ctx)
    {
        if (ctx.Count > 3 || (ctx.Count == 3 && !ctx.ArgIs(2, "DD"u8)))
        {
            throw CommandContext.SyntaxError();
        }
        string name = ctx.ArgString(1);
        var db = ctx.Db;
        var index = Require(ctx, name, "Unknown Index name");
        var registry = db.Indexes!;
        List<byte[]> keys = [];
        if (ctx.Count == 3)
        {
            registry.DrainAll();
            lock (registry.Gate)
            {
                keys = [.. index.AllKeys()];
            }
        }
        if (!registry.DropSearch(name))
        {
            throw new MnemoException("Unknown Index name");
        }
        if (keys.Count > 0)
        {
            db.Delete(keys);
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>FT._LIST: the index names.</summary>
    private static void List(CommandContext ctx)
    {
        var names = ctx.Db.Indexes?.SearchIndexes.Select(i => i.Name).ToArray() ?? [];
        ctx.Reply.WriteSetHeader(names.Length);
        foreach (var n in names)
        {
            ctx.Reply.WriteBulkString(n);
        }
    }
}
