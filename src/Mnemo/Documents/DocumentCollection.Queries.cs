using System.Text.Json.Nodes;
using Mnemo.Internal.Documents;

namespace Mnemo.Documents;

public sealed partial class DocumentCollection<T>
{
    /// <summary>
    /// The documents matching <paramref name="filter"/>, sorted and paged by
    /// <paramref name="options"/> (by id when no sort is given). Uses an index when one covers the
    /// filter or the sort (see <see cref="Explain"/>).
    /// </summary>
    public List<T> Find(Query filter, FindOptions? options = null) => Run(filter, options, null);

    /// <summary>Every document, in id order.</summary>
    public List<T> FindAll() => Run(Query.All, null, null);

    /// <summary>The first document matching <paramref name="filter"/> (in id order), or null.</summary>
    public T? FindOne(Query filter) => Run(filter, new FindOptions { Take = 1 }, null).FirstOrDefault();

    /// <summary>The ids of the documents matching <paramref name="filter"/>, in id order.</summary>
    public List<string> FindIds(Query filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return [.. QueryEngine.Keys(_db, _source, filter, null).Select(IdOfKey)];
    }

    /// <summary>How many documents match <paramref name="filter"/> (all when null).</summary>
    public long Count(Query? filter = null) => QueryEngine.Count(_db, _source, filter ?? Query.All, null);

    /// <summary>
    /// Runs the query and reports its plan: the index used (or a scan), how many documents were
    /// examined and how many returned.
    /// </summary>
    public QueryPlan Explain(Query filter, FindOptions? options = null)
    {
        var stats = new QueryStats();
        Run(filter, options, stats);
        return new QueryPlan(stats.Strategy, stats.Index, stats.Examined, stats.Returned, filter.ToString() ?? "");
    }

    /// <summary>Applies <paramref name="update"/> to every document matching <paramref name="filter"/>; returns how many changed.</summary>
    /// <remarks>Each document is updated atomically; the whole call is not (a document refused by a unique index stops it with an error).</remarks>
    public long UpdateMany(Query filter, Update update)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(update);
        var values = ValuesOf(update);
        long changed = 0;
        foreach (var key in QueryEngine.Keys(_db, _source, filter, null))
        {
            string where = System.Text.Encoding.UTF8.GetString(key);
            // Re-check under the lock: the document may have changed since it was matched.
            _db.DocumentUpdate(key, copy => filter.Evaluate(copy) && update.Apply(copy, values, where), out bool did);
            changed += did ? 1 : 0;
        }
        return changed;
    }

    /// <summary>Deletes every document matching <paramref name="filter"/>; returns how many.</summary>
    public long DeleteMany(Query filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        long deleted = 0;
        foreach (var key in QueryEngine.Keys(_db, _source, filter, null))
        {
            deleted += _db.DocumentDeleteIf(key, utf8 => filter.Evaluate(utf8)) ? 1 : 0;
        }
        return deleted;
    }

    /// <summary>
    /// Creates an index on one field (if absent) and builds it over the existing documents;
    /// returns its name. Kept current by every later write, whatever its path (collection
    /// methods, JSON commands, DEL, RENAME, expiry, FLUSHDB...).
    /// </summary>
    /// <exception cref="MnemoException">A unique index is requested and existing documents share a value.</exception>
    /// <exception cref="ArgumentException">A path is invalid, an existing document holds an object or array there, or the name is taken by another definition.</exception>
    public string EnsureIndex(string field, IndexOptions? options = null) => EnsureIndex([field], options);

    /// <summary>Creates a compound index on several fields (if absent); see <see cref="EnsureIndex(string, IndexOptions?)"/>.</summary>
    public string EnsureIndex(string[] fields, IndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Length == 0)
        {
            throw new ArgumentException("An index needs at least one field.", nameof(fields));
        }
        options ??= new IndexOptions();
        var paths = fields.Select(f => FieldPath.Parse(f, nameof(fields))).ToArray();
        string name = options.Name ?? $"{Name}.{string.Join('_', fields)}";
        var index = new DocIndex(name, _source, paths, options.Kind == IndexKind.Ordered, options.Unique, _db.Shards.Length);
        _db.EnsureIndexRegistry().Create(index);
        return name;
    }

    /// <summary>Removes an index of this collection; false when there is none of that name.</summary>
    public bool DropIndex(string name)
    {
        var registry = _db.Indexes;
        return registry?.Find(name) is { } index && index.Source.Equals(_source) && registry.Drop(name);
    }

    /// <summary>The indexes of this collection, with their entry counts and estimated memory.</summary>
    public IReadOnlyList<IndexInfo> GetIndexes() => IndexInfos.Of(_db, i => i.Source.Equals(_source));

    /// <summary>
    /// LINQ over the collection: <c>Where</c>, <c>OrderBy</c>/<c>ThenBy</c>(<c>Descending</c>),
    /// <c>Skip</c>, <c>Take</c>, <c>Count</c>, <c>Any</c>, <c>First</c>(<c>OrDefault</c>) and
    /// enumeration are translated into the query model, so indexes serve them. Anything else
    /// throws <see cref="NotSupportedException"/> naming the part it cannot translate.
    /// </summary>
    public IQueryable<T> AsQueryable() => new DocumentQueryable<T>(new DocumentQueryProvider<T>(this));

    // FindOptions is immutable (init-only): one shared instance serves every call without options.
    private static readonly FindOptions DefaultFindOptions = new();

    internal List<T> Run(Query filter, FindOptions? options, QueryStats? stats)
    {
        ArgumentNullException.ThrowIfNull(filter);
        options ??= DefaultFindOptions;
        if (options.Skip < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Skip cannot be negative.");
        }
        if (options.Take is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Take cannot be negative.");
        }
        var sort = options.Sort.Count == 0 ? [] : options.Sort.Select(s => new SortKey(FieldPath.Parse(s.Path, nameof(options)), s.Descending)).ToArray();
        return QueryEngine.Find(_db, _source, filter, sort, options.Skip, options.Take, Materialize, stats);
    }

    internal long RunCount(Query filter, QueryStats? stats) => QueryEngine.Count(_db, _source, filter, stats);
}

internal static class IndexInfos
{
    public static IReadOnlyList<IndexInfo> Of(Internal.Keyspace.Db db, Func<DocIndex, bool> which)
    {
        var registry = db.Indexes;
        if (registry is null)
        {
            return [];
        }
        registry.DrainAll();
        lock (registry.Gate)
        {
            return [.. registry.Indexes.Where(which).Select(i => new IndexInfo(
                i.Name, i.Source.Pattern, i.Source.Hashes, [.. i.Fields.Select(f => f.Text)],
                i.Ordered ? IndexKind.Ordered : IndexKind.Equality, i.Unique, i.Entries, i.Bytes))];
        }
    }
}
