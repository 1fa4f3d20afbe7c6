using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Mnemo.Internal.Documents;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Documents;

/// <summary>
/// A named set of documents of type <typeparamref name="T"/>, stored as JSON objects at keys
/// <c>&lt;name&gt;:&lt;id&gt;</c> of one database (so TTL, persistence and the change stream apply
/// to them). Thread-safe. Every result is a fresh copy; mutating it never changes the store.
/// Obtain one from <see cref="MnemoStore.GetCollection{T}(string, int)"/>.
/// </summary>
/// <remarks>
/// The id: a public <see cref="string"/> property whose JSON name is <c>id</c> or <c>_id</c> (any
/// case) is the document's id, written into the document; when it is null or empty on insert,
/// a new id is generated and set on your object. Untyped collections
/// (<see cref="JsonObject"/>) keep the id in the <c>_id</c> property. Types without such a
/// property still get ids, held only in the key. Ids are 1 to <see cref="MaxIdBytes"/> bytes of
/// UTF-8; generated ones are 26-character, time-ordered (see docs/documents.md).
/// </remarks>
/// <typeparam name="T">The document type (a class serialized as a JSON object), or <see cref="JsonObject"/>.</typeparam>
public sealed partial class DocumentCollection<T> where T : class
{
    /// <summary>Longest id, in UTF-8 bytes.</summary>
    public const int MaxIdBytes = 512;

    /// <summary>Longest collection name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 256;

    private static readonly bool Untyped = typeof(T) == typeof(JsonObject);

    private readonly Db _db;
    private readonly byte[] _prefix;
    private readonly IndexSource _source;
    private readonly JsonTypeInfo<T>? _typeInfo;

    /// <summary>T can serialize a name twice in one object (see <see cref="DuplicateNames"/>): writes check for it.</summary>
    private readonly bool _mayRepeatNames;
    private readonly JsonSerializerOptions _options;
    private readonly JsonPropertyInfo? _idProperty;
    private readonly string? _idName;

    internal DocumentCollection(Db db, string name, JsonTypeInfo<T>? typeInfo)
    {
        ValidateName(name);
        _db = db;
        Name = name;
        _prefix = Encoding.UTF8.GetBytes(name + ":");
        _source = new IndexSource(name + ":*", hashes: false);
        if (Untyped)
        {
            _options = DocumentJson.Options;
            _idName = "_id";
            return;
        }
        _typeInfo = typeInfo ?? (JsonTypeInfo<T>)DocumentJson.Options.GetTypeInfo(typeof(T));
        _options = _typeInfo.Options;
        if (_typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            throw new ArgumentException($"Documents must serialize as JSON objects; {typeof(T).Name} does not.", nameof(typeInfo));
        }
        _idProperty = _typeInfo.Properties.FirstOrDefault(p => p.PropertyType == typeof(string) && p.Get is not null
            && (string.Equals(p.Name, "id", StringComparison.OrdinalIgnoreCase) || string.Equals(p.Name, "_id", StringComparison.OrdinalIgnoreCase)));
        _idName = _idProperty?.Name;
        _mayRepeatNames = DuplicateNames.MayBeWritten(_typeInfo);
    }

    /// <summary>The collection name (the key prefix before the colon).</summary>
    public string Name { get; }

    /// <summary>The database the documents live in.</summary>
    public int Database => _db.Index;

    internal Db Engine => _db;

    internal IndexSource Source => _source;

    internal JsonSerializerOptions SerializerOptions => _options;

    internal JsonTypeInfo<T>? TypeInfo => _typeInfo;

    /// <summary>The key of document <paramref name="id"/> (for use with the key commands of <see cref="IMnemoDatabase"/>).</summary>
    public string KeyOf(string id) => Encoding.UTF8.GetString(Key(id));

    /// <summary>Inserts a document with its own id, or a generated one; returns the id.</summary>
    /// <param name="document">The document; its id property is set when it was empty.</param>
    /// <param name="expiry">Time to live (the key's expiry), or null for none.</param>
    /// <exception cref="MnemoException">A document with that id exists, or a unique index refuses the values.</exception>
    /// <exception cref="ArgumentException">The document is not a JSON object, its id is invalid, or an index cannot hold one of its values.</exception>
    public string Insert(T document, TimeSpan? expiry = null)
    {
        var (id, utf8) = Prepare(document, null, generate: true);
        Put(id, utf8, DocumentWriteMode.Insert, expiry, mustSucceed: true);
        SetId(document, id);
        return id;
    }

    /// <summary>Inserts a document under the given id.</summary>
    /// <exception cref="MnemoException">A document with that id exists, or a unique index refuses the values.</exception>
    /// <exception cref="ArgumentException">The id or the document is invalid.</exception>
    public void Insert(string id, T document, TimeSpan? expiry = null)
    {
        var (_, utf8) = Prepare(document, id, generate: false);
        Put(id, utf8, DocumentWriteMode.Insert, expiry, mustSucceed: true);
        SetId(document, id);
    }

    /// <summary>
    /// Inserts several documents; returns their ids in order. If one is refused, those already
    /// inserted by this call are removed again and the error is thrown (others may see them
    /// meanwhile: the call is all-or-nothing, not isolated).
    /// </summary>
    public IReadOnlyList<string> InsertMany(IEnumerable<T> documents, TimeSpan? expiry = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var prepared = documents.Select(d => (Document: d, Prepared: Prepare(d, null, generate: true))).ToList();
        var done = new List<string>(prepared.Count);
        try
        {
            foreach (var (_, (id, utf8)) in prepared)
            {
                Put(id, utf8, DocumentWriteMode.Insert, expiry, mustSucceed: true);
                done.Add(id);
            }
        }
        catch
        {
            foreach (var id in done)
            {
                _db.DocumentDelete(Key(id));
            }
            throw;
        }
        foreach (var (document, (id, _)) in prepared)
        {
            SetId(document, id);
        }
        return done;
    }

    /// <summary>The document with this id, or null.</summary>
    public T? Get(string id)
    {
        TryGet(id, out var document);
        return document;
    }

    /// <summary>Reads the document with this id.</summary>
    public bool TryGet(string id, out T? document)
    {
        var key = Key(id);
        var utf8 = _db.DocumentUtf8(key); // immutable: deserialized outside the lock
        document = utf8 is not null && JsonDocumentValue.IsObjectText(utf8) ? Materialize(key, utf8) : null;
        return document is not null;
    }

    /// <summary>Whether a document with this id exists.</summary>
    public bool Exists(string id) => _db.DocumentUtf8(Key(id)) is { } utf8 && JsonDocumentValue.IsObjectText(utf8);

    /// <summary>Replaces the document with this id (keeping its time to live); false when there is none.</summary>
    public bool Replace(string id, T document)
    {
        var (_, utf8) = Prepare(document, id, generate: false);
        return Put(id, utf8, DocumentWriteMode.Replace, null, mustSucceed: false);
    }

    /// <summary>Replaces the document with the id of <paramref name="document"/>; false when there is none.</summary>
    public bool Replace(T document) => Replace(IdOf(document) ?? throw new ArgumentException("The document has no id.", nameof(document)), document);

    /// <summary>Inserts or replaces the document with this id.</summary>
    public void Upsert(string id, T document, TimeSpan? expiry = null)
    {
        var (_, utf8) = Prepare(document, id, generate: false);
        Put(id, utf8, DocumentWriteMode.Upsert, expiry, mustSucceed: true);
        SetId(document, id);
    }

    /// <summary>Inserts or replaces the document under its own id (generating one when empty); returns the id.</summary>
    public string Upsert(T document, TimeSpan? expiry = null)
    {
        var (id, utf8) = Prepare(document, null, generate: true);
        Put(id, utf8, DocumentWriteMode.Upsert, expiry, mustSucceed: true);
        SetId(document, id);
        return id;
    }

    /// <summary>Applies partial changes to the document with this id; false when there is none.</summary>
    /// <exception cref="ArgumentException">An operation does not fit the document (increment of a string, push to a non-array, a change of the id).</exception>
    public bool Update(string id, Update update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var key = Key(id);
        var values = ValuesOf(update);
        return _db.DocumentUpdate(key, copy => update.Apply(copy, values, KeyOf(id)), out _);
    }

    /// <summary>Deletes the document with this id; false when there is none.</summary>
    public bool Delete(string id) => _db.DocumentDelete(Key(id));

    /// <summary>Sets (or with null removes) the time to live of a document; false when there is none.</summary>
    public bool Expire(string id, TimeSpan? expiry)
    {
        var key = Key(id);
        if (!Exists(id))
        {
            return false;
        }
        return expiry is { } ttl
            ? _db.ExpireAt(key, _db.Core.NowMs() + (long)ttl.TotalMilliseconds, ExpireFlags.None)
            : _db.Persist(key) || Exists(id);
    }

    /// <summary>The remaining time to live of a document, or null when it has none or does not exist.</summary>
    public TimeSpan? GetTimeToLive(string id)
    {
        long ms = _db.TimeToLive(Key(id), milliseconds: true);
        return ms >= 0 ? TimeSpan.FromMilliseconds(ms) : null;
    }

    private JsonNode?[] ValuesOf(Update update)
    {
        foreach (var op in update.Operations)
        {
            if (_idName is not null && op.Path.Segments[0] == _idName)
            {
                throw new ArgumentException($"An update cannot change the id property '{_idName}'.", nameof(update));
            }
        }
        return update.Values(_options);
    }

    private bool Put(string id, byte[] utf8, DocumentWriteMode mode, TimeSpan? expiry, bool mustSucceed)
    {
        long expiresAt = 0;
        if (expiry is { } ttl)
        {
            if (ttl <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(expiry), "A time to live must be positive.");
            }
            expiresAt = _db.Core.NowMs() + Math.Max(1, (long)ttl.TotalMilliseconds);
        }
        bool done = _db.DocumentPut(Key(id), utf8, mode, expiresAt);
        if (!done && mustSucceed)
        {
            throw new MnemoException($"ERR document '{Name}:{id}' already exists");
        }
        return done;
    }

    /// <summary>
    /// The document as the UTF-8 JSON to store (a private array, compact, its id property set);
    /// all validation happens here. Typed documents are serialized once: these bytes are stored,
    /// indexed, published and persisted as they are.
    /// </summary>
    private (string Id, byte[] Utf8) Prepare(T document, string? id, bool generate)
    {
        ArgumentNullException.ThrowIfNull(document);
        string? own = IdOf(document);
        if (id is null)
        {
            id = own;
            if (string.IsNullOrEmpty(id))
            {
                if (!generate)
                {
                    throw new ArgumentException("The document has no id.", nameof(document));
                }
                id = DocumentIds.NewId();
                if (_idProperty?.Set is { } set)
                {
                    // Set before serializing, so the document is written with its id in one pass.
                    set(document, id);
                    own = id;
                }
            }
        }
        ValidateId(id);
        bool setId = _idName is not null && !string.Equals(own, id, StringComparison.Ordinal);
        if (Untyped)
        {
            var obj = (JsonObject)(object)document;
            if (setId)
            {
                obj = (JsonObject)obj.DeepClone();
                obj[_idName!] = id;
            }
            return (id, JsonDocumentValue.ToUtf8(obj));
        }
        var utf8 = JsonSerializer.SerializeToUtf8Bytes(document, _typeInfo!);
        if (_options.WriteIndented || utf8.Length == 0 || utf8[0] != (byte)'{')
        {
            utf8 = JsonDocumentValue.Canonical(utf8); // indented options, or a converter writing raw text
        }
        if (!JsonDocumentValue.IsObjectText(utf8))
        {
            var kind = JsonDocumentValue.Parse(utf8)?.GetValueKind().ToString() ?? "null";
            throw new ArgumentException($"A document must be a JSON object; {typeof(T).Name} serialized as {kind}.", nameof(document));
        }
        if (_mayRepeatNames && DuplicateNames.Find(utf8) is { } repeated)
        {
            throw new ArgumentException($"A document must not have the name \"{repeated}\" twice in one object; {typeof(T).Name} serialized it twice (for example extension data holding a property's name).", nameof(document));
        }
        if (setId)
        {
            // Rare (an id given apart from the document, or an id property without a setter): edit a parsed copy.
            var root = (JsonObject)JsonDocumentValue.Parse(utf8)!;
            root[_idName!] = id;
            utf8 = JsonDocumentValue.ToUtf8(root);
        }
        return (id, utf8);
    }

    private string? IdOf(T document)
    {
        if (Untyped)
        {
            var obj = (JsonObject)(object)document;
            if (obj.TryGetPropertyValue("_id", out var node) && node is not null)
            {
                return node is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    ? v.GetValue<string>()
                    : throw new ArgumentException("The _id of a document must be a string.", nameof(document));
            }
            return null;
        }
        return _idProperty?.Get!(document) as string;
    }

    private void SetId(T document, string id)
    {
        if (Untyped)
        {
            var obj = (JsonObject)(object)document;
            if (!(obj.TryGetPropertyValue("_id", out var current) && current is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == id))
            {
                obj["_id"] = id;
            }
        }
        else if (_idProperty?.Set is { } set && !string.Equals(_idProperty.Get!(document) as string, id, StringComparison.Ordinal))
        {
            set(document, id);
        }
    }

    /// <summary>
    /// A copy of a stored document as <typeparamref name="T"/>. The key is authoritative for the id
    /// (a document renamed or copied with RENAME/COPY carries its old id inside).
    /// </summary>
    internal T Materialize(byte[] key, byte[] utf8)
    {
        var document = Untyped ? (T)(object)JsonDocumentValue.Parse(utf8)! : JsonSerializer.Deserialize(utf8, _typeInfo!)!;
        if (_idName is null)
        {
            return document;
        }
        if (!Untyped && _idProperty?.Get!(document) is string current && System.Text.Ascii.Equals(key.AsSpan(_prefix.Length), current))
        {
            return document; // the stored id is the key's (the usual case): no string to build
        }
        SetId(document, IdOfKey(key));
        return document;
    }

    internal string IdOfKey(byte[] key) => Encoding.UTF8.GetString(key.AsSpan(_prefix.Length));

    internal byte[] Key(string id)
    {
        ValidateId(id);
        var key = new byte[_prefix.Length + Encoding.UTF8.GetByteCount(id)];
        _prefix.CopyTo(key, 0);
        Encoding.UTF8.GetBytes(id, key.AsSpan(_prefix.Length));
        return key;
    }

    private static void ValidateId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0)
        {
            throw new ArgumentException("A document id cannot be empty.", nameof(id));
        }
        if (id.Length > MaxIdBytes || Encoding.UTF8.GetByteCount(id) > MaxIdBytes)
        {
            throw new ArgumentException($"A document id is at most {MaxIdBytes} bytes of UTF-8 (this one starts '{id[..Math.Min(id.Length, 32)]}').", nameof(id));
        }
    }

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            throw new ArgumentException($"A collection name is 1 to {MaxNameBytes} bytes.", nameof(name));
        }
        if (name.AsSpan().IndexOfAny("*?[]\\") >= 0)
        {
            throw new ArgumentException($"A collection name cannot contain glob characters (* ? [ ] \\): '{name}'.", nameof(name));
        }
    }
}
