using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Transactions;

namespace Mnemo;

/// <summary>
/// A transaction on one database: <see cref="Execute(Action{IMnemoDatabase})"/> runs your code
/// atomically and serializably (no other operation on its keys can run in between), undoes every
/// change if the code throws, and refuses to run if a <see cref="Watch"/>ed key changed (written,
/// deleted or expired) since it was watched.
/// </summary>
/// <remarks>
/// The transaction locks the shards of the keys given to <see cref="IMnemoDatabase.CreateTransaction"/>
/// plus the watched keys; with none it locks the whole database. Inside the body, use the
/// <see cref="IMnemoDatabase"/> it passes (the same database) on those keys only: touching
/// another key throws <see cref="InvalidOperationException"/>, since locking it late could deadlock.
/// Keep bodies short: they hold locks. FLUSHDB needs the whole database locked (no keys given);
/// operations spanning databases (FLUSHALL, SWAPDB, COPY to another database) need locks a
/// transaction on one database does not hold, so they are refused inside a body.
/// </remarks>
/// <example>
/// Optimistic check-and-set:
/// <code>
/// using var tx = db.CreateTransaction();
/// tx.Watch("stock");
/// long stock = (long)db.StringGet("stock");
/// bool done = tx.Execute(t => t.StringSet("stock", stock - 1));   // false if "stock" changed meanwhile
/// </code>
/// Pessimistic transfer (the sum of both balances never changes, even if the body throws):
/// <code>
/// db.CreateTransaction("acct:a", "acct:b").Execute(t =>
/// {
///     if ((long)t.StringGet("acct:a") &lt; 10) throw new InvalidOperationException("insufficient funds");
///     t.StringDecrement("acct:a", 10);
///     t.StringIncrement("acct:b", 10);
/// });
/// </code>
/// </example>
public sealed class MnemoTransaction : IDisposable
{
    private readonly MnemoDatabase _database;
    private readonly List<byte[]> _keys;
    private readonly List<(Db Db, byte[] Key)> _watched = [];
    private WatchToken? _token;

    internal MnemoTransaction(MnemoDatabase database, MnemoKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _database = database;
        _keys = [.. keys.Select(k => k.ToArray())];
    }

    /// <summary>
    /// WATCH: remembers the keys' state now; <see cref="Execute(Action{IMnemoDatabase})"/> then
    /// fails if any of them is written, deleted or expires before it runs.
    /// </summary>
    public void Watch(params MnemoKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var db = _database.Engine;
        _token ??= new WatchToken();
        foreach (var key in keys)
        {
            var bytes = key.ToArray();
            AtomicScope.Watch(db, bytes, _token);
            _watched.Add((db, bytes));
        }
    }

    /// <summary>UNWATCH: forgets the watched keys.</summary>
    public void Unwatch()
    {
        foreach (var (db, key) in _watched)
        {
            AtomicScope.Unwatch(db, key, _token!);
        }
        _watched.Clear();
        _token = null;
    }

    /// <summary>
    /// Runs <paramref name="body"/> as one atomic, serializable step. Returns false, without
    /// running it, when a watched key changed. If the body throws, every change it made is undone
    /// and the exception propagates. Watches are cleared afterwards, as EXEC does.
    /// </summary>
    public bool Execute(Action<IMnemoDatabase> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Execute(db =>
        {
            body(db);
            return true;
        }, out _);
    }

    /// <summary>As <see cref="Execute(Action{IMnemoDatabase})"/>, returning the body's result when it ran.</summary>
    public bool Execute<T>(Func<IMnemoDatabase, T> body, out T? result)
    {
        ArgumentNullException.ThrowIfNull(body);
        var db = _database.Engine;
        T? value = default;
        try
        {
            bool ran = AtomicScope.Run(db.Core, ShardsToLock(db), _token, _watched, () => value = body(_database));
            _database.Store.AcknowledgeWrites(); // the committed batch is in the journal before Execute returns
            result = ran ? value : default;
            return ran;
        }
        finally
        {
            Unwatch();
        }
    }

    /// <summary>Forgets the watched keys.</summary>
    public void Dispose() => Unwatch();

    private Shard[] ShardsToLock(Db db)
    {
        if (_keys.Count == 0 && _watched.Count == 0)
        {
            return db.Shards;
        }
        return [.. _keys.Concat(_watched.Select(w => w.Key)).Select(k => db.ShardOf(KeyHash.Compute(k))).Distinct()];
    }
}
