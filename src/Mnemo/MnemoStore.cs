using Mnemo.Changes;
using Mnemo.Internal;
using Mnemo.Internal.Changes;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Persistence;

namespace Mnemo;

/// <summary>
/// An embedded Mnemo store: numbered databases of keys holding strings, lists, sets, hashes and
/// sorted sets with Redis semantics, in this process. Thread-safe; dispose it to stop its
/// background work.
/// </summary>
/// <example>
/// <code>
/// using var store = new MnemoStore();
/// var db = store.GetDatabase();
/// db.StringSet("greeting", "hello", TimeSpan.FromMinutes(5));
/// string? greeting = (string?)db.StringGet("greeting");
/// </code>
/// </example>
public sealed partial class MnemoStore : IDisposable
{
    private readonly StoreCore _core;
    private readonly MnemoDatabase[] _databases;
    private readonly ActiveExpiryCycle? _expiry;
    private readonly PersistenceEngine? _persistence;
    private int _disposed;

    /// <summary>Creates a store with default options (16 databases, in memory).</summary>
    public MnemoStore() : this(new MnemoStoreOptions())
    {
    }

    /// <summary>Creates a store with the given options.</summary>
    public MnemoStore(MnemoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Databases is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Databases must be between 1 and 1024.");
        }
        _core = new StoreCore(options.Databases, options.ShardsPerDatabase, options.TimeProvider);
        _databases = [.. _core.Databases.Select(d => new MnemoDatabase(this, d))];
        if (options.Persistence is { Mode: not Mnemo.Persistence.DurabilityMode.None } persistence)
        {
            _persistence = new PersistenceEngine(_core, persistence);
        }
        if (options.ActiveExpiryInterval > TimeSpan.Zero)
        {
            _expiry = new ActiveExpiryCycle(_core, options.ActiveExpiryInterval);
        }
    }

    /// <summary>Number of databases.</summary>
    public int DatabaseCount => _databases.Length;

    internal StoreCore Core => _core;

    /// <summary>Database <paramref name="index"/> (Redis's <c>SELECT</c>).</summary>
    /// <exception cref="MnemoException">The index is out of range (<c>ERR DB index is out of range</c>).</exception>
    public IMnemoDatabase GetDatabase(int index = 0) =>
        (uint)index < (uint)_databases.Length ? _databases[index] : throw new MnemoException(RedisErrors.DbIndexOutOfRange);

    /// <summary>Current counters.</summary>
    public MnemoStatistics GetStatistics()
    {
        long commands = _core.CommandsProcessed.Value, hits = 0, misses = 0, expired = 0;
        var databases = new List<DatabaseStatistics>();
        foreach (var db in _core.Databases)
        {
            foreach (var shard in db.Shards)
            {
                using (shard.Lock())
                {
                    commands += shard.Stats.Commands;
                    hits += shard.Stats.Hits;
                    misses += shard.Stats.Misses;
                    expired += shard.Stats.ExpiredKeys;
                }
            }
            long keys = db.KeyCount();
            if (keys > 0)
            {
                databases.Add(new DatabaseStatistics(db.Index, keys, db.VolatileKeyCount()));
            }
        }
        var (unlockedHits, unlockedMisses) = _core.UnlockedReads.Totals();
        commands += unlockedHits + unlockedMisses;
        return new MnemoStatistics(commands, hits + unlockedHits, misses + unlockedMisses, expired, databases);
    }

    /// <summary>Zeroes the command and hit/miss counters (CONFIG RESETSTAT).</summary>
    public void ResetStatistics()
    {
        _core.CommandsProcessed.Reset();
        _core.UnlockedReads.Reset();
        foreach (var shard in _core.AllShards())
        {
            using (shard.Lock())
            {
                shard.Stats = default;
            }
        }
    }

    /// <summary>FLUSHALL: removes every key of every database.</summary>
    /// <exception cref="InvalidOperationException">
    /// Called inside a transaction that does not lock every database (an embedded
    /// <see cref="MnemoTransaction"/> locks one database, so it is always refused there unless the
    /// store has a single database; the server's MULTI/EXEC locks them all).
    /// </exception>
    public void FlushAll()
    {
        _core.CommandsProcessed.Increment();
        Db.FlushAll(_core);
        _persistence?.Acknowledge();
    }

    /// <summary>
    /// SWAPDB: exchanges the contents of two databases atomically (every key, with its expiry).
    /// Transactions watching keys that exist in either database will fail; swapping a database with
    /// itself does nothing.
    /// </summary>
    /// <exception cref="MnemoException">An index is out of range (<c>ERR DB index is out of range</c>).</exception>
    /// <exception cref="InvalidOperationException">Called inside a transaction that does not lock both databases.</exception>
    public void SwapDatabases(int first, int second)
    {
        _core.CommandsProcessed.Increment();
        Db.SwapDatabases(_core, first, second);
        _persistence?.Acknowledge();
    }

    /// <summary>
    /// Subscribes to the change stream: every write to the store, as encoded effect records
    /// (see <see cref="IChangeObserver"/>). The journal, replication and PostgreSQL write-behind use this.
    /// </summary>
    public void SubscribeChanges(IChangeObserver observer) => _core.Changes.Subscribe(observer);

    /// <summary>Removes a change-stream subscription.</summary>
    public void UnsubscribeChanges(IChangeObserver observer) => _core.Changes.Unsubscribe(observer);

    /// <summary>
    /// Applies change records (from <see cref="ChangeReader"/>) to this store: how a journal is
    /// replayed and how a replica follows its primary. Replaying a store's stream on an empty
    /// store reproduces its state.
    /// </summary>
    public void ApplyChanges(IEnumerable<ChangeRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        bool outer = Db.Replaying;
        Db.Replaying = true;
        try
        {
            foreach (var record in records)
            {
                ChangeApplier.Apply(_core, record);
            }
        }
        finally
        {
            Db.Replaying = outer;
        }
    }

    /// <summary>
    /// Stops background work. With persistence, the journal is written and fsynced first (and a
    /// snapshot-only store with save rules saves once more), so nothing acknowledged is lost.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _expiry?.Dispose();
            _persistence?.Dispose();
        }
    }
}
