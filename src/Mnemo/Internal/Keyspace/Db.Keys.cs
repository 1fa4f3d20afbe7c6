using System.Runtime.CompilerServices;
using Mnemo.Changes;
using Mnemo.Internal.Transactions;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>Generic key commands: DEL, EXISTS, TYPE, TOUCH, RENAME, COPY, RANDOMKEY.</summary>
/// <remarks>Whole-keyspace commands (KEYS, SCAN, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB) are in <c>Db.Keyspace.cs</c>.</remarks>
internal sealed partial class Db
{
    /// <summary>DEL / UNLINK: removes the keys that exist; returns how many were removed (a repeated key counts once).</summary>
    public long Delete(IReadOnlyList<byte[]> keys)
    {
        if (keys.Count == 1)
        {
            return Delete(keys[0]) ? 1 : 0;
        }
        var (hashes, shards) = KeyShards(keys);
        using (ShardLocks.Enter(shards))
        {
            // One batch for the whole command, so observers see the deletes as one atomic change.
            var w = Core.Changes.Writer();
            long removed = 0;
            for (int k = 0; k < keys.Count; k++)
            {
                int i = FindLive(shards[k], keys[k], hashes[k]);
                if (i < 0)
                {
                    continue;
                }
                BeforeWrite(shards[k], keys[k], i);
                RemoveEntry(shards[k], i);
                w?.Begin(ChangeOp.Delete, Index, 1).Arg(keys[k]);
                removed++;
            }
            if (w is not null)
            {
                Publish(w);
            }
            return removed;
        }
    }

    /// <summary>DEL of one key.</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return RemoveKey(shard, key, hash);
        }
    }

    /// <summary>EXISTS: how many of the keys exist; a key given twice counts twice.</summary>
    public long Exists(IReadOnlyList<byte[]> keys) => CountLive(keys);

    /// <summary>TOUCH: how many of the keys exist (it would refresh their access time for LRU eviction).</summary>
    public long Touch(IReadOnlyList<byte[]> keys) => CountLive(keys);

    /// <summary>TYPE: the key's kind, or 0 when it does not exist.</summary>
    public ValueKind KeyType(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            return i < 0 ? 0 : shard.Table.At(i).Kind;
        }
    }

    /// <summary>The name TYPE replies with.</summary>
    public static string TypeName(ValueKind kind) => kind switch
    {
        ValueKind.StringRaw or ValueKind.StringInt => "string",
        ValueKind.List => "list",
        ValueKind.Set => "set",
        ValueKind.Hash => "hash",
        ValueKind.SortedSet => "zset",
        ValueKind.Json => "ReJSON-RL",
        _ => "none",
    };

    /// <summary>True when the key exists (no hit/miss accounting; used by replay).</summary>
    public bool Contains(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            return FindLive(shard, key, hash) >= 0;
        }
    }

    /// <summary>
    /// RENAME (<paramref name="onlyIfNew"/> false) and RENAMENX: moves the value and its expiry to
    /// <paramref name="destination"/>, overwriting whatever it held. Returns false only when
    /// RENAMENX finds the destination taken. Renaming a key to itself succeeds (RENAMENX: false).
    /// </summary>
    /// <exception cref="MnemoException">The source does not exist (<c>ERR no such key</c>).</exception>
    public bool Rename(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, bool onlyIfNew)
    {
        int sourceHash = KeyHash.Compute(source);
        int destinationHash = KeyHash.Compute(destination);
        var sourceShard = ShardOf(sourceHash);
        var destinationShard = ShardOf(destinationHash);
        ValueKind kind;
        using (ShardLocks.Enter(sourceShard, destinationShard))
        {
            int si = FindLive(sourceShard, source, sourceHash);
            if (si < 0)
            {
                Throw(RedisErrors.NoSuchKey);
            }
            if (source.SequenceEqual(destination))
            {
                return !onlyIfNew;
            }
            int di = FindLive(destinationShard, destination, destinationHash);
            if (di >= 0 && onlyIfNew)
            {
                return false;
            }
            // FindLive on the destination may have expired it and compacted the shard: find the source again.
            si = sourceShard.Table.Find(source, sourceHash);
            ref Slot slot = ref sourceShard.Table.At(si);
            object item = slot.Item!;
            int offset = slot.Offset;
            kind = slot.Kind;
            long expiresAt = slot.ExpiresAt;
            IndexIncoming(destinationShard, destination, item, kind, source); // documents: unique indexes (Db.Documents.cs)
            BeforeWrite(destinationShard, destination, di);
            BeforeWrite(sourceShard, source, si);
            if (di >= 0)
            {
                RemoveEntry(destinationShard, di);
            }
            RemoveEntry(sourceShard, sourceShard.Table.Find(source, sourceHash));
            // The removals leave the source's record bytes intact (see RecordArena).
            int ni = AddUnderKey(destinationShard, destinationHash, destination, item, offset, kind, copy: false);
            if (expiresAt != 0)
            {
                destinationShard.Table.SetExpiry(ni, expiresAt);
            }
            if (Effect(ChangeOp.Rename, 2) is { } w)
            {
                w.Arg(source).Arg(destination);
                Publish(w);
            }
        }
        if (kind is ValueKind.List or ValueKind.SortedSet)
        {
            SignalKeyReady(destination);
        }
        return true;
    }

    /// <summary>
    /// COPY: a deep copy of the value (and its expiry) at <paramref name="destination"/> in
    /// <paramref name="target"/>. Returns false when the source is missing, or the destination
    /// exists and <paramref name="replace"/> is false.
    /// </summary>
    /// <exception cref="MnemoException">Same database and key (<c>ERR source and destination objects are the same</c>).</exception>
    public bool Copy(ReadOnlySpan<byte> source, Db target, ReadOnlySpan<byte> destination, bool replace)
    {
        if (ReferenceEquals(target, this) && source.SequenceEqual(destination))
        {
            Throw(RedisErrors.SameObject);
        }
        int sourceHash = KeyHash.Compute(source);
        int destinationHash = KeyHash.Compute(destination);
        var sourceShard = ShardOf(sourceHash);
        var destinationShard = target.ShardOf(destinationHash);
        ValueKind kind;
        using (ShardLocks.Enter(sourceShard, destinationShard))
        {
            int si = FindLive(sourceShard, source, sourceHash);
            if (si < 0)
            {
                return false;
            }
            int di = target.FindLive(destinationShard, destination, destinationHash);
            if (di >= 0 && !replace)
            {
                return false;
            }
            si = sourceShard.Table.Find(source, sourceHash); // the destination lookup may have compacted the shard
            ref Slot slot = ref sourceShard.Table.At(si);
            kind = slot.Kind;
            long expiresAt = slot.ExpiresAt;
            object item = slot.Item!;
            int offset = slot.Offset;
            target.IndexIncoming(destinationShard, destination, item, kind, []); // documents: unique indexes (Db.Documents.cs)
            target.BeforeWrite(destinationShard, destination, di);
            if (di >= 0)
            {
                target.RemoveEntry(destinationShard, di);
            }
            int ni = AddUnderKey(destinationShard, destinationHash, destination, item, offset, kind, copy: true);
            if (expiresAt != 0)
            {
                destinationShard.Table.SetExpiry(ni, expiresAt);
            }
            if (Effect(ChangeOp.Copy, 4) is { } w)
            {
                w.Arg(source).Arg((long)target.Index).Arg(destination).Arg(replace);
                Publish(w);
            }
        }
        if (kind is ValueKind.List or ValueKind.SortedSet)
        {
            target.SignalKeyReady(destination);
        }
        return true;
    }

    /// <summary>RANDOMKEY: a random live key, or null when the database is empty.</summary>
    public byte[]? RandomKey()
    {
        RequireAllHeld();
        while (true)
        {
            long total = KeyCount();
            if (total == 0)
            {
                return null;
            }
            // Pick a shard in proportion to its size (counts read without locks: only a hint).
            long pick = Random.Shared.NextInt64(total);
            var shard = _shards[^1];
            foreach (var candidate in _shards)
            {
                long count = Volatile.Read(ref candidate.Table).Count;
                if (pick < count)
                {
                    shard = candidate;
                    break;
                }
                pick -= count;
            }
            using (shard.Lock())
            {
                int i = shard.Table.RandomEntry(Random.Shared);
                if (i < 0)
                {
                    continue;
                }
                ref Slot slot = ref shard.Table.At(i);
                if (slot.ExpiresAt != 0 && slot.ExpiresAt <= Core.NowMs())
                {
                    ExpireEntry(shard, i); // as Redis does: reclaim it and draw again
                    continue;
                }
                return KeyTable.KeyOf(in slot).ToArray();
            }
        }
    }

    // ---- helpers ----

    private bool RemoveKey(Shard shard, ReadOnlySpan<byte> key, int hash)
    {
        int i = FindLive(shard, key, hash);
        if (i < 0)
        {
            return false;
        }
        BeforeWrite(shard, key, i);
        RemoveEntry(shard, i);
        if (Effect(ChangeOp.Delete, 1) is { } w)
        {
            w.Arg(key);
            Publish(w);
        }
        return true;
    }

    private long CountLive(IReadOnlyList<byte[]> keys)
    {
        var (hashes, shards) = KeyShards(keys);
        using (ShardLocks.Enter(shards))
        {
            long found = 0;
            for (int k = 0; k < keys.Count; k++)
            {
                if (FindRead(shards[k], keys[k], hashes[k]) >= 0)
                {
                    found++;
                }
            }
            return found;
        }
    }

    private (int[] Hashes, Shard[] Shards) KeyShards(IReadOnlyList<byte[]> keys)
    {
        var hashes = new int[keys.Count];
        var shards = new Shard[keys.Count];
        for (int k = 0; k < keys.Count; k++)
        {
            hashes[k] = KeyHash.Compute(keys[k]);
            shards[k] = ShardOf(hashes[k]);
        }
        return (hashes, shards);
    }

    /// <summary>
    /// Adds a value under a new key (known to be absent) and returns its entry index: a string's
    /// record (at <paramref name="offset"/> in <paramref name="item"/>) is rebuilt around the new
    /// key, as it embeds its key (an int-encoded one stays int-encoded); a collection is rebound,
    /// or deep-copied first for COPY.
    /// </summary>
    private static int AddUnderKey(Shard shard, int hash, ReadOnlySpan<byte> key, object item, int offset, ValueKind kind, bool copy)
    {
        if (kind is ValueKind.StringRaw or ValueKind.StringInt)
        {
            return shard.Table.AddString(hash, key, StringRecord.Value(Unsafe.As<byte[]>(item), offset), kind);
        }
        var collection = Unsafe.As<CollectionValue>(item);
        return shard.Table.Add(hash, (copy ? collection.Clone() : collection).WithKey(key.ToArray()), kind);
    }

    /// <summary>Inside a transaction, a command that visits a shard needs that shard's lock already held.</summary>
    private static void RequireHeld(Shard shard)
    {
        if (Transaction.Current is { } tx && !tx.Holds(shard))
        {
            ThrowNotDeclared();
        }
    }

    private void RequireAllHeld()
    {
        if (Transaction.Current is not null)
        {
            foreach (var shard in _shards)
            {
                RequireHeld(shard);
            }
        }
    }
}
