namespace Mnemo.Internal.Keyspace;

/// <summary>Loading a snapshot straight into the key tables (recovery, before the store is in use).</summary>
internal sealed partial class Db
{
    /// <summary>Adds a key from a snapshot; <see cref="InvalidDataException"/> if it is already present.</summary>
    public void LoadEntry(byte[] key, ValueKind kind, object item, long expiresAt)
    {
        int hash = KeyHash.Compute(key);
        var shard = _shards[(uint)hash >> _shardShift];
        using (shard.Lock())
        {
            if (shard.Table.Find(key, hash) >= 0)
            {
                throw new InvalidDataException("Snapshot holds the same key twice.");
            }
            // A decoded string is a standalone record: its bytes go to the table's arena instead.
            int index = kind is ValueKind.StringRaw or ValueKind.StringInt
                ? shard.Table.AddString(hash, key, Values.StringRecord.Value((byte[])item, 0), kind)
                : shard.Table.Add(hash, item, kind);
            if (expiresAt != 0)
            {
                shard.Table.SetExpiry(index, expiresAt);
            }
        }
    }

    /// <summary>
    /// Deletes keys whose expiry passed while the store was down (after snapshot and journal are
    /// loaded; during replay expiry is suspended so records find their keys). Returns how many.
    /// </summary>
    public long RemoveExpiredAfterLoad(long nowMs)
    {
        long removed = 0;
        foreach (var shard in _shards)
        {
            using (shard.Lock())
            {
                var table = shard.Table;
                List<(byte[] Key, int Hash)>? expired = null;
                for (int i = 0; i < table.Used; i++)
                {
                    if (table.IsLive(i) && table.At(i).ExpiresAt is > 0 and var at && at <= nowMs)
                    {
                        (expired ??= []).Add((KeyTable.KeyOf(in table.At(i)).ToArray(), table.At(i).Hash));
                    }
                }
                // Removed after the walk: removing may compact the table and move entries.
                foreach (var (key, hash) in expired ?? [])
                {
                    table.Remove(table.Find(key, hash));
                    removed++;
                }
            }
        }
        return removed;
    }
}
