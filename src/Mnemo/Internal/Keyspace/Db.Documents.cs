using System.Text.Json.Nodes;
using Mnemo.Changes;
using Mnemo.Internal.Documents;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>How a whole-document write treats an existing key.</summary>
internal enum DocumentWriteMode
{
    /// <summary>Only when the key is absent.</summary>
    Insert,

    /// <summary>Only when the key holds a document.</summary>
    Replace,

    /// <summary>Either way.</summary>
    Upsert,
}

/// <summary>
/// Collection documents: whole-document writes that keep secondary indexes current in the same
/// step (<see cref="IndexRegistry.Apply"/> under the key's shard lock, before <see cref="BeforeWrite"/>),
/// and the hooks through which every other write reaches the indexes.
/// </summary>
internal sealed partial class Db
{
    private IndexRegistry? _indexes;

    /// <summary>This database's secondary indexes, or null before the first is created.</summary>
    public IndexRegistry? Indexes => Volatile.Read(ref _indexes);

    public IndexRegistry EnsureIndexRegistry()
    {
        if (Volatile.Read(ref _indexes) is { } existing)
        {
            return existing;
        }
        Interlocked.CompareExchange(ref _indexes, new IndexRegistry(this), null);
        return _indexes!;
    }

    /// <summary>Index hook of <see cref="BeforeWrite"/>, <see cref="ExpireEntry"/> and <see cref="RestoreImage"/>.</summary>
    private void IndexMarkDirty(Shard shard, ReadOnlySpan<byte> key) => _indexes?.MarkDirty(shard, key);

    /// <summary>
    /// The index step of a whole-document write (shard lock held): validates and applies the
    /// index entries, then runs <see cref="BeforeWrite"/> without marking the key for re-indexing.
    /// </summary>
    private void IndexedBeforeWrite(Shard shard, ReadOnlySpan<byte> key, int index, byte[]? utf8, bool delete, byte[]? storedKey = null)
    {
        var registry = _indexes;
        if (registry is null)
        {
            BeforeWrite(shard, key, index); // no index to keep current (and none to mark)
            return;
        }
        registry.Apply(shard, key, utf8, delete, [], storedKey);
        IndexRegistry.SkipMark = true;
        try
        {
            BeforeWrite(shard, key, index);
        }
        catch
        {
            // BeforeWrite refused the write (e.g. writes stopped after a failed fsync): the entries
            // applied above must be recomputed from the unchanged stored state.
            IndexRegistry.SkipMark = false;
            registry.MarkDirty(shard, key);
            throw;
        }
        finally
        {
            IndexRegistry.SkipMark = false;
        }
    }

    /// <summary>
    /// Index step of RENAME and COPY (both shards locked, before <see cref="BeforeWrite"/>): the
    /// value about to appear at <paramref name="key"/> is checked against unique indexes (the
    /// renamed <paramref name="leaving"/> key excepted) and indexed at once; refused values throw
    /// before anything changes.
    /// </summary>
    public void IndexIncoming(Shard shard, ReadOnlySpan<byte> key, object item, ValueKind kind, ReadOnlySpan<byte> leaving)
    {
        if (_indexes is { } registry)
        {
            registry.Apply(shard, key, kind == ValueKind.Json ? ((JsonDocumentValue)item).Utf8 : null, delete: false, leaving);
            registry.MarkDirty(shard, key); // re-derived from the stored state, whether or not the write goes on
        }
    }

    /// <summary>
    /// Writes a whole document under <paramref name="mode"/>; false when the mode refused (key
    /// present for Insert, absent for Replace). <paramref name="expiresAt"/>: Unix ms, or 0 to keep
    /// the key's expiry (none for a new key).
    /// </summary>
    /// <remarks>
    /// <paramref name="key"/> is kept as the stored key when the document is created: pass a
    /// private array. <paramref name="utf8"/> is the document as compact UTF-8 JSON of an object,
    /// stored as is (never modify it afterwards).
    /// </remarks>
    public bool DocumentPut(byte[] key, byte[] utf8, DocumentWriteMode mode, long expiresAt)
    {
        if (_indexes is { HasUniqueIndex: true } registry)
        {
            registry.DrainAll();
        }
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            JsonDocumentValue? document = null;
            if (i >= 0)
            {
                if (mode == DocumentWriteMode.Insert)
                {
                    return false;
                }
                document = Expect<JsonDocumentValue>(ref shard.Table.At(i), ValueKind.Json);
            }
            else if (mode == DocumentWriteMode.Replace)
            {
                return false;
            }
            IndexedBeforeWrite(shard, key, i, utf8, delete: false, document?.Key ?? key);
            if (document is null)
            {
                i = shard.Table.Add(hash, new JsonDocumentValue(key, utf8), ValueKind.Json);
            }
            else
            {
                document.Utf8 = utf8;
            }
            if (expiresAt > 0)
            {
                shard.Table.SetExpiry(i, expiresAt);
            }
            var w = Core.Changes.Writer();
            if (w is not null)
            {
                w.Begin(ChangeOp.JsonSet, Index, 2).Arg(key).Arg(utf8);
                if (expiresAt > 0)
                {
                    w.Begin(ChangeOp.Expire, Index, 2).Arg(key).Arg(expiresAt);
                }
                Publish(w);
            }
            return true;
        }
    }

    /// <summary>
    /// Edits the document at <paramref name="key"/>: <paramref name="edit"/> gets a private copy
    /// of the root object and returns whether it changed it. Returns false when the key is absent.
    /// </summary>
    public bool DocumentUpdate(ReadOnlySpan<byte> key, Func<JsonObject, bool> edit, out bool changed)
    {
        _indexes?.DrainAll();
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            changed = false;
            int i = FindLive(shard, key, hash);
            if (i < 0)
            {
                return false;
            }
            var document = Expect<JsonDocumentValue>(ref shard.Table.At(i), ValueKind.Json);
            if (!document.IsObject)
            {
                throw new MnemoException($"ERR the document at '{System.Text.Encoding.UTF8.GetString(key)}' is not a JSON object");
            }
            var copy = (JsonObject)document.ParseRoot()!;
            if (!edit(copy))
            {
                return true;
            }
            var utf8 = JsonDocumentValue.ToUtf8(copy);
            IndexedBeforeWrite(shard, key, i, utf8, delete: false);
            document.Utf8 = utf8;
            changed = true;
            if (Effect(ChangeOp.JsonSet, 2) is { } w)
            {
                w.Arg(key).Arg(utf8);
                Publish(w);
            }
            return true;
        }
    }

    /// <summary>Deletes the document at <paramref name="key"/>; false when absent.</summary>
    public bool DocumentDelete(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0)
            {
                return false;
            }
            Expect<JsonDocumentValue>(ref shard.Table.At(i), ValueKind.Json);
            IndexedBeforeWrite(shard, key, i, null, delete: true);
            RemoveEntry(shard, i);
            if (Effect(ChangeOp.Delete, 1) is { } w)
            {
                w.Arg(key);
                Publish(w);
            }
            return true;
        }
    }

    /// <summary>
    /// The stored UTF-8 JSON of the document at <paramref name="key"/>, or null when the key is
    /// absent. The array is immutable: parse or deserialize it after the call, outside the lock.
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    public byte[]? DocumentUtf8(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            return i < 0 ? null : Expect<JsonDocumentValue>(ref shard.Table.At(i), ValueKind.Json).Utf8;
        }
    }

    /// <summary>
    /// Visits every live JSON object document whose key matches <paramref name="source"/> (its key
    /// and stored UTF-8 JSON), shard by shard under each lock, until <paramref name="visit"/>
    /// returns false. Expired keys are skipped (their deletion is left to lazy and active expiry).
    /// </summary>
    public void ScanDocuments(IndexSource source, Func<byte[], byte[], bool> visit)
    {
        long now = Core.NowMs();
        foreach (var shard in _shards)
        {
            using (shard.Lock())
            {
                var table = shard.Table;
                for (int i = 0; i < table.Used; i++)
                {
                    if (!table.IsLive(i))
                    {
                        continue;
                    }
                    ref Slot slot = ref table.At(i);
                    if (slot.Kind != ValueKind.Json || (slot.ExpiresAt != 0 && slot.ExpiresAt <= now && !Replaying))
                    {
                        continue;
                    }
                    var document = (JsonDocumentValue)slot.Item!;
                    if (!document.IsObject || !source.Matches(document.Key))
                    {
                        continue;
                    }
                    if (!visit(document.Key, document.Utf8))
                    {
                        return;
                    }
                }
            }
        }
    }

    /// <summary>Keys a batched fetch looks up per hold of one shard lock (writers of the shard wait no longer than for this many lookups).</summary>
    private const int FetchRun = 128;

    /// <summary>
    /// <see cref="ObjectDocumentUtf8"/> for many keys at once: <paramref name="utf8"/>[i] gets the
    /// document of <paramref name="keys"/>[i] (null when absent, expired, another type or not an
    /// object). The keys are visited shard by shard, in their given order within a shard, taking
    /// each shard's lock once per run of <see cref="FetchRun"/> keys. Given keys in id order
    /// (generated ids sort in creation order), each shard's entries and documents are then read
    /// mostly front to back instead of at random.
    /// </summary>
    public void ObjectDocumentsUtf8(ReadOnlySpan<byte[]> keys, Span<byte[]?> utf8)
    {
        int n = keys.Length;
        if (n <= 1)
        {
            if (n == 1)
            {
                utf8[0] = ObjectDocumentUtf8(keys[0]);
            }
            return;
        }
        int shardCount = _shards.Length;
        var hashes = System.Buffers.ArrayPool<int>.Shared.Rent(n);
        var order = System.Buffers.ArrayPool<int>.Shared.Rent(n);
        var next = new int[shardCount + 1]; // per shard: where its keys start in order[], then a cursor
        try
        {
            for (int i = 0; i < n; i++)
            {
                int h = KeyHash.Compute(keys[i]);
                ShardOf(h); // inside a transaction: throws for a shard it did not declare
                hashes[i] = h;
                next[ShardNumber(h) + 1]++;
            }
            for (int s = 0; s < shardCount; s++)
            {
                next[s + 1] += next[s];
            }
            for (int i = 0; i < n; i++)
            {
                order[next[ShardNumber(hashes[i])]++] = i; // stable: given order within a shard
            }
            // next[s] is now the end of shard s's keys, which is where shard s + 1's start.
            int start = 0;
            for (int s = 0; s < shardCount; s++)
            {
                var shard = _shards[s];
                int end = next[s];
                while (start < end)
                {
                    int runEnd = Math.Min(end, start + FetchRun);
                    using (shard.Lock())
                    {
                        for (int j = start; j < runEnd; j++)
                        {
                            int k = order[j];
                            int i = FindLive(shard, keys[k], hashes[k]);
                            utf8[k] = i >= 0 && shard.Table.At(i).Item is JsonDocumentValue { IsObject: true } document ? document.Utf8 : null;
                        }
                    }
                    start = runEnd;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(hashes);
            System.Buffers.ArrayPool<int>.Shared.Return(order);
        }
    }

    private int ShardNumber(int hash) => _shards.Length == 1 ? 0 : (int)((uint)hash >> _shardShift);

    /// <summary>The stored UTF-8 JSON of the live object document at <paramref name="key"/>, or null (absent, expired, another type or not an object).</summary>
    public byte[]? ObjectDocumentUtf8(byte[] key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            return i >= 0 && shard.Table.At(i).Item is JsonDocumentValue { IsObject: true } document ? document.Utf8 : null;
        }
    }
}

internal sealed partial class Db
{
    /// <summary>Deletes the document at <paramref name="key"/> when it satisfies <paramref name="condition"/> (checked under the lock).</summary>
    public bool DocumentDeleteIf(byte[] key, Func<byte[], bool> condition)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0 || shard.Table.At(i).Kind != ValueKind.Json || !condition(((JsonDocumentValue)shard.Table.At(i).Item!).Utf8))
            {
                return false;
            }
            IndexedBeforeWrite(shard, key, i, null, delete: true);
            RemoveEntry(shard, i);
            if (Effect(ChangeOp.Delete, 1) is { } w)
            {
                w.Arg(key);
                Publish(w);
            }
            return true;
        }
    }
}

internal sealed partial class Db
{
    /// <summary>Whether the live value at <paramref name="key"/> still yields <paramref name="value"/> for <paramref name="index"/> (verifies index answers; expires lazily).</summary>
    public bool IndexedValueMatches(byte[] key, DocIndex index, IndexKey value)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0)
            {
                return false;
            }
            ref Slot slot = ref shard.Table.At(i);
            return index.KeyOf(slot.Item, slot.Kind, key, strict: false) is { } current && current.Equals(value);
        }
    }
}
