using System.Text.Json.Nodes;
using Mnemo.Changes;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>
/// What an edit of a JSON document decided: the new root (ignored unless <see cref="Changed"/>),
/// whether the key is to be deleted, and the result handed back to the caller.
/// </summary>
internal readonly record struct JsonEditOutcome<T>(T Result, bool Changed, JsonNode? NewRoot = null, bool DeleteKey = false);

/// <summary>
/// An edit of the document at a key: receives a private deep copy of the current root (or
/// <paramref name="exists"/> false when the key is absent) and decides the outcome. It may throw
/// to refuse the edit; nothing is changed then.
/// </summary>
internal delegate JsonEditOutcome<T> JsonEdit<T>(JsonNode? copy, bool exists);

/// <summary>
/// JSON documents: the primitives JSON.* commands and collections are built on. Every write
/// records the whole resulting document (<see cref="ChangeOp.JsonSet"/>), which is deterministic
/// and replays without re-evaluating paths.
/// </summary>
internal sealed partial class Db
{
    /// <summary>A deep copy of the document at <paramref name="key"/>; <paramref name="exists"/> is false when the key is absent.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    public JsonNode? JsonGet(ReadOnlySpan<byte> key, out bool exists) =>
        JsonRead(key, (root, found) => (found, root), out exists);

    /// <summary>
    /// Runs <paramref name="read"/> on a node tree parsed from the stored document (a private
    /// copy; the stored bytes are taken under the key's lock, parsed and read after it).
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    public T JsonRead<T>(ReadOnlySpan<byte> key, Func<JsonNode?, bool, (bool Found, T Value)> read, out bool exists)
    {
        var utf8 = DocumentUtf8(key);
        exists = utf8 is not null;
        return utf8 is null ? read(null, false).Value : read(JsonDocumentValue.Parse(utf8), true).Value;
    }

    /// <summary>
    /// Edits the document at <paramref name="key"/> atomically: the edit sees a copy, and only a
    /// successful, changing outcome is stored (creating the key when absent, keeping its expiry
    /// otherwise) and recorded.
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    public T JsonEdit<T>(ReadOnlySpan<byte> key, JsonEdit<T> edit)
    {
        _indexes?.DrainAll(); // documents: unique checks see every shard's writes (Db.Documents.cs)
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            JsonDocumentValue? document = null;
            if (i >= 0)
            {
                document = Expect<JsonDocumentValue>(ref shard.Table.At(i), ValueKind.Json);
            }
            var outcome = edit(document?.ParseRoot(), document is not null);
            if (!outcome.Changed)
            {
                return outcome.Result;
            }
            if (outcome.DeleteKey)
            {
                if (i >= 0)
                {
                    IndexedBeforeWrite(shard, key, i, null, delete: true); // documents: BeforeWrite + index step
                    RemoveEntry(shard, i);
                    if (Effect(ChangeOp.Delete, 1) is { } d)
                    {
                        d.Arg(key);
                        Publish(d);
                    }
                }
                return outcome.Result;
            }
            StoreDocument(shard, key, hash, i, document, outcome.NewRoot);
            return outcome.Result;
        }
    }

    /// <summary>Replays <see cref="ChangeOp.JsonSet"/>: the key holds this document afterwards (expiry kept).</summary>
    /// <exception cref="System.Text.Json.JsonException">The bytes are not one well-formed JSON value.</exception>
    public void JsonReplay(ReadOnlySpan<byte> key, ReadOnlySpan<byte> utf8)
    {
        var stored = JsonDocumentValue.Canonical(utf8);
        _indexes?.DrainAll();
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            var document = i >= 0 ? Expect<JsonDocumentValue>(ref shard.Table.At(i), ValueKind.Json) : null;
            StoreDocument(shard, key, hash, i, document, stored);
        }
    }

    private void StoreDocument(Shard shard, ReadOnlySpan<byte> key, int hash, int index, JsonDocumentValue? document, JsonNode? root) =>
        StoreDocument(shard, key, hash, index, document, JsonDocumentValue.ToUtf8(root));

    private void StoreDocument(Shard shard, ReadOnlySpan<byte> key, int hash, int index, JsonDocumentValue? document, byte[] utf8)
    {
        IndexedBeforeWrite(shard, key, index, utf8, delete: false); // documents: BeforeWrite + index step (Db.Documents.cs)
        if (document is null)
        {
            shard.Table.Add(hash, new JsonDocumentValue(key.ToArray(), utf8), ValueKind.Json);
        }
        else
        {
            document.Utf8 = utf8;
        }
        if (Effect(ChangeOp.JsonSet, 2) is { } w)
        {
            w.Arg(key).Arg(utf8);
            Publish(w);
        }
    }
}
