using System.Globalization;
using Mnemo.Internal.Documents;

namespace Mnemo.Server.Commands;

internal static partial class SearchCommands
{
    /// <summary>FT.INFO index: RediSearch's flat name/value array (definition, attributes, counts).</summary>
    private static void Info(CommandContext ctx)
    {
        var db = ctx.Db;
        var index = Require(ctx, ctx.ArgString(1), "Unknown Index name");
        var registry = db.Indexes!;
        registry.DrainAll();
        long docs, records, failures;
        int terms;
        lock (registry.Gate)
        {
            docs = index.DocumentCount;
            records = index.Records;
            failures = index.Failures;
            terms = index.TermCount;
        }
        var w = ctx.Reply;
        w.WriteArrayHeader(20);
        w.WriteBulkString("index_name");
        w.WriteBulkString(index.Name);
        w.WriteBulkString("index_options");
        w.WriteArrayHeader(0);
        w.WriteBulkString("index_definition");
        w.WriteArrayHeader(6);
        w.WriteBulkString("key_type");
        w.WriteBulkString(index.Json ? "JSON" : "HASH");
        w.WriteBulkString("prefixes");
        w.WriteArrayHeader(index.Prefixes.Length);
        foreach (var p in index.Prefixes)
        {
            w.WriteBulkString(p);
        }
        w.WriteBulkString("default_score");
        w.WriteBulkString("1");
        w.WriteBulkString("attributes");
        w.WriteArrayHeader(index.Fields.Length);
        foreach (var f in index.Fields)
        {
            int n = 6 + (f.Type == SearchFieldType.Text ? 2 : 0) + (f.Type == SearchFieldType.Tag ? 2 : 0) + (f.Sortable ? 1 : 0);
            w.WriteArrayHeader(n);
            w.WriteBulkString("identifier");
            w.WriteBulkString(f.Identifier);
            w.WriteBulkString("attribute");
            w.WriteBulkString(f.Name);
            w.WriteBulkString("type");
            w.WriteBulkString(f.Type.ToString().ToUpperInvariant());
            if (f.Type == SearchFieldType.Text)
            {
                w.WriteBulkString("WEIGHT");
                w.WriteBulkString("1");
            }
            if (f.Type == SearchFieldType.Tag)
            {
                w.WriteBulkString("SEPARATOR");
                w.WriteBulkString(f.Separator.ToString());
            }
            if (f.Sortable)
            {
                w.WriteBulkString("SORTABLE");
            }
        }
        w.WriteBulkString("num_docs");
        w.WriteBulkString(docs.ToString(CultureInfo.InvariantCulture));
        w.WriteBulkString("num_terms");
        w.WriteBulkString(terms.ToString(CultureInfo.InvariantCulture));
        w.WriteBulkString("num_records");
        w.WriteBulkString(records.ToString(CultureInfo.InvariantCulture));
        w.WriteBulkString("hash_indexing_failures");
        w.WriteBulkString(failures.ToString(CultureInfo.InvariantCulture));
        w.WriteBulkString("indexing");
        w.WriteBulkString("0");
        w.WriteBulkString("percent_indexed");
        w.WriteBulkString("1");
    }
}
