using Mnemo.Internal.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal;

/// <summary>What all databases of one store share: the clock, the change stream, counters and blocked readers.</summary>
internal sealed class StoreCore
{
    private readonly TimeProvider _time;

    public StoreCore(int databases, int shardsPerDatabase, TimeProvider time)
    {
        if (shardsPerDatabase < 2 || shardsPerDatabase > 1024 || (shardsPerDatabase & (shardsPerDatabase - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shardsPerDatabase), "Shards per database must be a power of two between 2 and 1024.");
        }
        _time = time;
        Databases = new Db[databases];
        for (int i = 0; i < databases; i++)
        {
            Databases[i] = new Db(this, i, shardsPerDatabase);
        }
    }

    public Db[] Databases { get; }

    public ChangeStream Changes { get; } = new();

    public KeyWaiters Waiters { get; } = new();

    public StripedCounter CommandsProcessed { get; } = new();

    /// <summary>Hits and misses (and so commands) of embedded GETs that read without the shard lock.</summary>
    public ReadCounters UnlockedReads { get; } = new();

    public TimeProvider Time => _time;

    /// <summary>
    /// When set, every write is refused with this error (persistence failed: Redis's MISCONF) until
    /// a fresh snapshot is durable. Changed only while every shard lock is held, so an operation
    /// sees one value from its first key to its last.
    /// </summary>
    public string? WritesRefused;

    /// <summary>Every shard of the store, indexed by <see cref="Shard.Ordinal"/>.</summary>
    public Shard[] ShardsByOrdinal => _shardsByOrdinal ??= [.. AllShards()];

    private Shard[]? _shardsByOrdinal;

    /// <summary>
    /// Raised when a key is deleted because its TTL passed (lazily or by the active cycle), with
    /// the database and the key, on the deleting thread, under the key's shard lock and before the
    /// delete is recorded in the change stream (the server's keyspace notifications report it as
    /// <c>expired</c>). Handlers must return quickly and must not touch the store.
    /// </summary>
    public Action<int, byte[]>? KeyExpired;

    /// <summary>Current time in Unix milliseconds; read only when an expiry is involved.</summary>
    public long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public Db Database(int index) =>
        (uint)index < (uint)Databases.Length ? Databases[index] : throw new MnemoException(RedisErrors.DbIndexOutOfRange);

    /// <summary>Every shard of every database in lock order (FLUSHALL, SWAPDB).</summary>
    public IEnumerable<Shard> AllShards() => Databases.SelectMany(d => d.Shards);
}
