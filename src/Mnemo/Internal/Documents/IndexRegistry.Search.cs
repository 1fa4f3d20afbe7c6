using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Transactions;

namespace Mnemo.Internal.Documents;

/// <summary>
/// Search indexes (FT.CREATE) in the registry: they follow the same hooks as the document
/// indexes (<see cref="MarkDirty"/> from every write, <see cref="Apply"/> from whole-document
/// writes, <see cref="Drain"/> before every read) and are re-extracted from the stored state.
/// </summary>
internal sealed partial class IndexRegistry
{
    private SearchIndex[] _search = [];

    public IReadOnlyList<SearchIndex> SearchIndexes => Volatile.Read(ref _search);

    public SearchIndex? FindSearch(string name) => Array.Find(Volatile.Read(ref _search), i => i.Name == name);

    private bool CoveredBySearch(ReadOnlySpan<byte> key)
    {
        foreach (var index in Volatile.Read(ref _search))
        {
            if (index.Matches(key))
            {
                return true;
            }
        }
        return false;
    }

    private void MarkDirtyCore(Shard shard, ReadOnlySpan<byte> key)
    {
        var state = _states[ShardIndex(shard)];
        if (!state.Dirty.GetAlternateLookup<ReadOnlySpan<byte>>().Contains(key))
        {
            state.Dirty.Add(key.ToArray());
        }
        Volatile.Write(ref state.Pending, 1);
    }

    private void UpdateSearch(int s, byte[] key, object? item, ValueKind kind)
    {
        foreach (var index in Volatile.Read(ref _search))
        {
            if (index.Matches(key))
            {
                index.Update(s, key, item, kind);
            }
        }
    }

    private static void RebuildSearch(int s, Shard shard, SearchIndex[] indexes)
    {
        if (indexes.Length == 0)
        {
            return;
        }
        foreach (var index in indexes)
        {
            index.ClearShard(s);
        }
        var table = shard.Table;
        for (int i = 0; i < table.Used; i++)
        {
            if (!table.IsLive(i))
            {
                continue;
            }
            ref Slot slot = ref table.At(i);
            var key = KeyTable.KeyOf(in slot);
            foreach (var index in indexes)
            {
                if (index.Matches(key))
                {
                    index.Update(s, key, slot.Item, slot.Kind);
                }
            }
        }
    }

    /// <summary>
    /// Registers a search index and builds it over the existing keys, every shard lock held.
    /// False when an index of that name exists.
    /// </summary>
    public bool CreateSearch(SearchIndex index)
    {
        lock (_createGate)
        {
            if (FindSearch(index.Name) is not null)
            {
                return false;
            }
            if (Transaction.Current is not null)
            {
                throw new InvalidOperationException("Indexes cannot be created inside a transaction.");
            }
            var shards = _db.Shards;
            using (ShardLocks.Enter(shards))
            {
                foreach (var shard in shards)
                {
                    Drain(shard);
                }
                lock (Gate)
                {
                    for (int s = 0; s < shards.Length; s++)
                    {
                        RebuildSearch(s, shards[s], [index]);
                    }
                }
                Volatile.Write(ref _search, [.. _search, index]);
            }
            return true;
        }
    }

    /// <summary>Removes a search index; false when there is none of that name.</summary>
    public bool DropSearch(string name)
    {
        lock (_createGate)
        {
            var index = FindSearch(name);
            if (index is null)
            {
                return false;
            }
            using (ShardLocks.Enter(_db.Shards))
            {
                Volatile.Write(ref _search, [.. _search.Where(i => i != index)]);
            }
            return true;
        }
    }
}
