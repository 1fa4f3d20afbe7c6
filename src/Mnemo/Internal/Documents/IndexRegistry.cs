using System.Text;
using System.Text.Json.Nodes;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Transactions;

namespace Mnemo.Internal.Documents;

/// <summary>
/// The secondary indexes of one database and how they follow its writes.
/// </summary>
/// <remarks>
/// Two paths keep indexes current, both under the written key's shard lock:
/// <list type="bullet">
/// <item>Whole-document writes (collections, <c>Db.JsonEdit</c>) call <see cref="Apply"/> before
/// <c>BeforeWrite</c>: the new entries are computed, unique indexes checked, and the entries
/// replaced in one step under the registry lock, so a refused write changes nothing and two
/// concurrent inserts cannot both claim a unique value.</item>
/// <item>Every other write of a covered key (HSET, DEL, RENAME, expiry, transaction rollback...)
/// is noted by <see cref="MarkDirty"/> from <c>BeforeWrite</c>; the key is re-indexed from its
/// stored state by the next <see cref="Drain"/> of its shard, which every index read and every
/// indexed write performs first. A shard whose key table was replaced (FLUSHDB, FLUSHALL,
/// SWAPDB, their rollback) is re-indexed whole.</item>
/// </list>
/// Lock order: shard locks (ascending) before the registry lock; index readers hold no shard lock
/// while they hold the registry lock.
/// </remarks>
internal sealed partial class IndexRegistry
{
    [ThreadStatic]
    private static bool SkipMarkFlag;

    [ThreadStatic]
    private static IndexKey?[]? ScratchValues;

    private readonly Db _db;
    private readonly ShardState[] _states;
    private readonly Lock _createGate = new();
    private DocIndex[] _indexes = [];
    private IndexSource[] _sources = [];

    public IndexRegistry(Db db)
    {
        _db = db;
        _states = new ShardState[db.Shards.Length];
        for (int i = 0; i < _states.Length; i++)
        {
            _states[i] = new ShardState();
        }
    }

    /// <summary>Guards every index of this database.</summary>
    public Lock Gate { get; } = new();

    public IReadOnlyList<DocIndex> Indexes => Volatile.Read(ref _indexes);

    /// <summary><see cref="Indexes"/> as the array itself (enumerated without allocating; never modify it).</summary>
    public DocIndex[] IndexArray => Volatile.Read(ref _indexes);

    /// <summary>True while a whole-document write that already called <see cref="Apply"/> runs <c>BeforeWrite</c>.</summary>
    public static bool SkipMark
    {
        get => SkipMarkFlag;
        set => SkipMarkFlag = value;
    }

    /// <summary>
    /// Whether some index is unique: only then must a whole-document write first bring every
    /// shard up to date (<see cref="DrainAll"/>), so its unique check sees other keys' pending
    /// changes; the write's own shard is always drained by <see cref="Apply"/>.
    /// </summary>
    public bool HasUniqueIndex => Array.Exists(Volatile.Read(ref _indexes), i => i.Unique);

    public DocIndex? Find(string name) => Array.Find(Volatile.Read(ref _indexes), i => i.Name == name);

    private int ShardIndex(Shard shard) => shard.Ordinal - (_db.Index * _states.Length);

    /// <summary>From <c>BeforeWrite</c>, <c>ExpireEntry</c> and rollback (shard lock held).</summary>
    public void MarkDirty(Shard shard, ReadOnlySpan<byte> key)
    {
        if (SkipMarkFlag)
        {
            return;
        }
        if (CoveredBySearch(key))
        {
            MarkDirtyCore(shard, key);
            return;
        }
        foreach (var source in Volatile.Read(ref _sources))
        {
            if (source.Matches(key))
            {
                var state = _states[ShardIndex(shard)];
                // A set: a key written many times between two reads is re-indexed once, and the
                // set never outgrows the shard's covered keys.
                if (!state.Dirty.GetAlternateLookup<ReadOnlySpan<byte>>().Contains(key))
                {
                    state.Dirty.Add(key.ToArray());
                }
                Volatile.Write(ref state.Pending, 1);
                return;
            }
        }
    }

    /// <summary>Brings one shard's entries up to date (its lock held).</summary>
    public void Drain(Shard shard)
    {
        var state = _states[ShardIndex(shard)];
        if (state.Known == shard.Table && state.Pending == 0)
        {
            return;
        }
        int s = ShardIndex(shard);
        var indexes = Volatile.Read(ref _indexes);
        lock (Gate)
        {
            if (state.Known != shard.Table)
            {
                Rebuild(s, shard, indexes, strict: false);
                RebuildSearch(s, shard, Volatile.Read(ref _search));
                state.Known = shard.Table;
            }
            else
            {
                var table = shard.Table;
                foreach (var key in state.Dirty)
                {
                    int i = table.Find(key, KeyHash.Compute(key));
                    object? item = i >= 0 ? table.At(i).Item : null;
                    ValueKind kind = i >= 0 ? table.At(i).Kind : default;
                    foreach (var index in indexes)
                    {
                        if (index.Source.Matches(key))
                        {
                            index.Set(s, key, key, index.KeyOf(item, kind, key, strict: false));
                        }
                    }
                    UpdateSearch(s, key, item, kind);
                }
            }
            state.Dirty.Clear();
            Volatile.Write(ref state.Pending, 0);
        }
    }

    /// <summary>
    /// Brings every shard up to date, one lock at a time (call holding no shard lock; inside a
    /// transaction only the shards it holds are drained, as others cannot be locked late).
    /// </summary>
    public void DrainAll()
    {
        var tx = Transaction.Current;
        var shards = _db.Shards;
        for (int s = 0; s < shards.Length; s++)
        {
            var shard = shards[s];
            var state = _states[s];
            if (Volatile.Read(ref state.Pending) == 0 && Volatile.Read(ref shard.Table) == state.Known)
            {
                continue;
            }
            if (tx is not null && !tx.Holds(shard))
            {
                continue;
            }
            using (shard.Lock())
            {
                Drain(shard);
            }
        }
    }

    /// <summary>
    /// A whole-document write of <paramref name="key"/> (its shard lock held), before
    /// <c>BeforeWrite</c>: checks the new document against every covering index (values it cannot
    /// hold, unique values held by another key) and replaces the key's entries. Throws, changing
    /// nothing, when the document is refused. <paramref name="utf8"/> (the document's stored JSON) null with
    /// <paramref name="delete"/> removes the key's entries. For a value arriving from another key
    /// (RENAME), <paramref name="leaving"/> is that key: it does not count as a conflicting owner.
    /// </summary>
    /// <remarks><paramref name="storedKey"/>, when given, is the table's own array for <paramref name="key"/>: index entries share it instead of copying the key.</remarks>
    public void Apply(Shard shard, ReadOnlySpan<byte> key, byte[]? utf8, bool delete, ReadOnlySpan<byte> leaving, byte[]? storedKey = null)
    {
        if (CoveredBySearch(key))
        {
            // Search indexes re-extract the key from its stored state at the next drain.
            MarkDirtyCore(shard, key);
        }
        var indexes = Volatile.Read(ref _indexes);
        if (indexes.Length == 0)
        {
            return;
        }
        Drain(shard);
        // One scratch array per thread (Apply calls out to nothing that could re-enter it): a
        // write allocates no more than its new index keys.
        var values = ScratchValues is { } scratch && scratch.Length >= indexes.Length ? scratch : (ScratchValues = new IndexKey?[indexes.Length]);
        bool covered = false;
        try
        {
            for (int n = 0; n < indexes.Length; n++)
            {
                var index = indexes[n];
                if (!index.Source.Matches(key))
                {
                    continue;
                }
                covered = true;
                values[n] = delete || index.Source.Hashes || utf8 is null ? null
                    : index.KeyOfDocument(utf8, key, strict: true);
            }
            if (!covered)
            {
                return;
            }
            int s = ShardIndex(shard);
            lock (Gate)
            {
                for (int n = 0; n < indexes.Length; n++)
                {
                    if (values[n] is { } value && indexes[n].Conflict(value, key, leaving) is { } owner)
                    {
                        throw new MnemoException(
                            $"ERR unique index '{indexes[n].Name}' already holds {value} (document '{Encoding.UTF8.GetString(owner)}'); '{Encoding.UTF8.GetString(key)}' was not written");
                    }
                }
                for (int n = 0; n < indexes.Length; n++)
                {
                    if (indexes[n].Source.Matches(key))
                    {
                        indexes[n].Set(s, storedKey, key, values[n]);
                    }
                }
            }
        }
        finally
        {
            Array.Clear(values, 0, indexes.Length);
        }
    }

    /// <summary>
    /// Creates an index and builds it over the existing keys, holding every shard lock of the
    /// database meanwhile (so no write slips between the build and the registration). Returns
    /// false when an index of that name with the same definition exists.
    /// </summary>
    /// <exception cref="ArgumentException">An index of that name exists with another definition, or an existing document cannot be indexed.</exception>
    /// <exception cref="MnemoException">Existing documents break the unique constraint.</exception>
    public bool Create(DocIndex index)
    {
        lock (_createGate)
        {
            if (Find(index.Name) is { } existing)
            {
                if (existing.Source.Equals(index.Source) && existing.Ordered == index.Ordered && existing.Unique == index.Unique
                    && existing.Fields.SequenceEqual(index.Fields))
                {
                    return false;
                }
                throw new ArgumentException($"An index named '{index.Name}' already exists with another definition.", nameof(index));
            }
            if (Transaction.Current is not null)
            {
                throw new InvalidOperationException("Indexes cannot be created inside a transaction.");
            }
            var shards = _db.Shards;
            using (ShardLocks.Enter(shards))
            {
                var existingIndexes = Volatile.Read(ref _indexes);
                foreach (var shard in shards)
                {
                    Drain(shard);
                }
                lock (Gate)
                {
                    for (int s = 0; s < shards.Length; s++)
                    {
                        Rebuild(s, shards[s], [index], strict: true);
                        _states[s].Known = shards[s].Table;
                    }
                }
                Volatile.Write(ref _indexes, [.. existingIndexes, index]);
                if (!_sources.Contains(index.Source))
                {
                    Volatile.Write(ref _sources, [.. _sources, index.Source]);
                }
            }
            return true;
        }
    }

    /// <summary>Removes an index; false when there is none of that name.</summary>
    public bool Drop(string name)
    {
        lock (_createGate)
        {
            var index = Find(name);
            if (index is null)
            {
                return false;
            }
            using (ShardLocks.Enter(_db.Shards))
            {
                var rest = Volatile.Read(ref _indexes).Where(i => i != index).ToArray();
                Volatile.Write(ref _indexes, rest);
                Volatile.Write(ref _sources, [.. rest.Select(i => i.Source).Distinct()]);
            }
            return true;
        }
    }

    private static void Rebuild(int s, Shard shard, IReadOnlyList<DocIndex> indexes, bool strict)
    {
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
                if (!index.Source.Matches(key))
                {
                    continue;
                }
                var value = index.KeyOf(slot.Item, slot.Kind, key, strict);
                if (strict && value is not null && index.Conflict(value, key, []) is { } owner)
                {
                    throw new MnemoException(
                        $"ERR cannot create unique index '{index.Name}': '{Encoding.UTF8.GetString(owner)}' and '{Encoding.UTF8.GetString(key)}' both hold {value}");
                }
                index.Set(s, null, key, value);
            }
        }
    }

    private sealed class ShardState
    {
        public readonly HashSet<byte[]> Dirty = new(ByteArrayComparer.Instance);
        public KeyTable? Known;
        public int Pending;
    }
}
