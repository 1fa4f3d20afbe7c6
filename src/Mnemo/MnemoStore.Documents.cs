using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Mnemo.Documents;
using Mnemo.Internal.Documents;

namespace Mnemo;

public sealed partial class MnemoStore
{
    /// <summary>
    /// A typed collection of documents (keys <c>&lt;name&gt;:&lt;id&gt;</c> of database
    /// <paramref name="database"/>), serialized with <see cref="DocumentJson.Options"/>. Cheap:
    /// collections hold no state of their own beyond their name, so get one whenever needed.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, longer than 256 bytes or holds glob characters, or <typeparamref name="T"/> is not serialized as an object.</exception>
    public DocumentCollection<T> GetCollection<T>(string name, int database = 0) where T : class =>
        new(DocumentEngine(database), name, null);

    /// <summary>
    /// A typed collection serialized with your contract (a source-generated
    /// <c>JsonSerializerContext</c>'s <see cref="JsonTypeInfo{T}"/>, for trimming and speed).
    /// </summary>
    public DocumentCollection<T> GetCollection<T>(string name, JsonTypeInfo<T> typeInfo, int database = 0) where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new(DocumentEngine(database), name, typeInfo);
    }

    /// <summary>An untyped collection of JSON objects (the id lives in their <c>_id</c> property).</summary>
    public DocumentCollection<JsonObject> GetCollection(string name, int database = 0) => new(DocumentEngine(database), name, null);

    /// <summary>
    /// Creates an index named <paramref name="name"/> over the hashes whose keys match
    /// <paramref name="pattern"/> (a glob, e.g. <c>users:*</c>), on hash field
    /// <paramref name="field"/> (FastMemory's <c>create_index</c>). Built over the existing hashes,
    /// then kept current by every write (HSET, HDEL, DEL, expiry, RENAME, FLUSHDB...). Returns false
    /// when the same index already exists.
    /// </summary>
    /// <exception cref="ArgumentException">The name is taken by another definition, or an argument is empty.</exception>
    public bool CreateHashIndex(string name, string pattern, string field, IndexKind kind = IndexKind.Equality, int database = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentException.ThrowIfNullOrEmpty(field);
        var db = DocumentEngine(database);
        var index = new DocIndex(name, new IndexSource(pattern, hashes: true), [FieldPath.ForHashField(field)], kind == IndexKind.Ordered, unique: false, db.Shards.Length);
        return db.EnsureIndexRegistry().Create(index);
    }

    /// <summary>
    /// The keys (sorted ordinally) of the hashes whose indexed field equals <paramref name="value"/>
    /// (FastMemory's <c>search_by_index</c>). Values compare as strings (ordered indexes read
    /// canonical integers as numbers).
    /// </summary>
    /// <exception cref="ArgumentException">There is no hash index of that name.</exception>
    public IReadOnlyList<string> SearchHashIndex(string name, string value, int database = 0)
    {
        ArgumentNullException.ThrowIfNull(value);
        var db = DocumentEngine(database);
        var registry = db.Indexes;
        var index = registry?.Find(name);
        if (index is null || !index.Source.Hashes)
        {
            throw new ArgumentException($"There is no hash index named '{name}' in database {database}.", nameof(name));
        }
        registry!.DrainAll();
        var key = new IndexKey([index.HashFieldValue(System.Text.Encoding.UTF8.GetBytes(value))]);
        List<byte[]> candidates;
        lock (registry.Gate)
        {
            candidates = [.. index.Lookup(key)];
        }
        // Each answer is checked against the live key (expired keys are not yet removed from the index).
        return [.. candidates.Where(k => db.IndexedValueMatches(k, index, key)).Select(k => System.Text.Encoding.UTF8.GetString(k)).Order(StringComparer.Ordinal)];
    }

    /// <summary>Removes a secondary index (of a collection or over hashes); false when there is none of that name.</summary>
    public bool DropIndex(string name, int database = 0) => DocumentEngine(database).Indexes?.Drop(name) ?? false;

    /// <summary>Every secondary index of a database, with entry counts and estimated memory.</summary>
    public IReadOnlyList<IndexInfo> GetIndexes(int database = 0) => IndexInfos.Of(DocumentEngine(database), _ => true);

    private Internal.Keyspace.Db DocumentEngine(int database) =>
        (uint)database < (uint)_core.Databases.Length ? _core.Databases[database] : throw new MnemoException(RedisErrors.DbIndexOutOfRange);
}
