using Mnemo.Internal.Transactions;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>
/// Key commands inside transactions (embedded only: no RESP command creates an embedded
/// transaction; the server's MULTI/EXEC side is in Mnemo.Server.Tests' KeyCommandTests).
/// FLUSHDB, FLUSHALL and SWAPDB run inside a transaction exactly when it already holds every shard
/// they need, and are undone with the rest when the body throws.
/// </summary>
public sealed class KeysTransactionTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly MnemoStore _store;

    public KeysTransactionTests() => _store = NewStore(4);

    public void Dispose() => _store.Dispose();

    private IMnemoDatabase Db => _store.GetDatabase(0);

    private IMnemoDatabase Db1 => _store.GetDatabase(1);

    private MnemoStore NewStore(int databases) =>
        new(new MnemoStoreOptions { Databases = databases, TimeProvider = _clock, ActiveExpiryInterval = TimeSpan.Zero });

    /// <summary>Runs the body holding every shard of the store, as EXEC does for FLUSHALL and SWAPDB.</summary>
    private static void RunLockingEverything(MnemoStore store, Action body) =>
        Assert.True(AtomicScope.Run(store.Core, [.. store.Core.AllShards()], null, [], body));

    /// <summary>Per database, each key with its type, value (strings) and absolute expiry.</summary>
    private static List<string> Snapshot(MnemoStore store)
    {
        var lines = new List<string>();
        for (int d = 0; d < store.DatabaseCount; d++)
        {
            var db = store.GetDatabase(d);
            foreach (var key in db.Keys().Select(k => k.ToString()).Order(StringComparer.Ordinal))
            {
                string value = db.KeyType(key) == MnemoType.String ? db.StringGet(key).ToString() : string.Join(",", db.ListRange(key));
                lines.Add($"{d} {key} {db.KeyType(key)} {value} @ {db.KeyExpireTimeMilliseconds(key)}");
            }
        }
        return lines;
    }

    [Fact]
    public void Whole_database_commands_need_every_lock_they_touch()
    {
        Db.StringSet("k", "v");
        Db1.StringSet("other", "o");
        var tx = Db.CreateTransaction("k");
        Assert.Throws<InvalidOperationException>(() => tx.Execute(t => t.FlushDatabase()));
        Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction("k").Execute(_ => _store.FlushAll()));
        Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction("k").Execute(_ => _store.SwapDatabases(0, 1)));
        // A transaction over the whole database still lacks the other databases' locks.
        Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction().Execute(_ => _store.FlushAll()));
        Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction().Execute(_ => _store.SwapDatabases(0, 1)));
        Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction().Execute(_ => _store.SwapDatabases(1, 2)));
        Assert.Equal("v", Db.StringGet("k").ToString());
        Assert.Equal("o", Db1.StringGet("other").ToString());
        // Swapping a database with itself needs only that database's locks (and does nothing).
        Assert.True(Db.CreateTransaction().Execute(_ => _store.SwapDatabases(0, 0)));
        Assert.Equal("v", Db.StringGet("k").ToString());
    }

    [Fact]
    public void A_refused_flush_undoes_what_the_body_did_before_it()
    {
        Db.StringSet("k", "v");
        var error = Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction("k").Execute(t =>
        {
            t.StringSet("k", "changed");
            t.FlushDatabase();
        }));
        Assert.Contains("FLUSHDB", error.Message, StringComparison.Ordinal);
        Assert.Equal("v", Db.StringGet("k").ToString());
    }

    [Fact]
    public void Transaction_can_rename_and_delete_declared_keys_and_rolls_back()
    {
        Db.StringSet("a", "1", TimeSpan.FromSeconds(30));
        Db.StringSet("b", "2");
        Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction("a", "b").Execute(t =>
        {
            t.KeyRename("a", "b");
            t.KeyDelete("b");
            throw new InvalidOperationException("abort");
        }));
        Assert.Equal("1", Db.StringGet("a").ToString());
        Assert.Equal("2", Db.StringGet("b").ToString());
        Assert.Equal(30_000, Db.KeyTimeToLiveMilliseconds("a"));
        Assert.True(Db.CreateTransaction("a", "b").Execute(t => t.KeyRename("a", "b")));
        Assert.Equal("1", Db.StringGet("b").ToString());
    }

    [Fact]
    public void Watched_key_is_dirtied_by_del_rename_flush_and_swap()
    {
        foreach (var change in new Action[]
        {
            () => Db.KeyDelete("w"),
            () => Db.KeyRename("w", "elsewhere"),
            () => Db.KeyRename("other", "w"),
            () => Db.KeyCopy("other", "w", replace: true),
            () => Db.KeyExpire("w", TimeSpan.FromSeconds(5)),
            () => Db.KeyPersist("w"),
            () => Db.FlushDatabase(),
            () => _store.FlushAll(),
            () => _store.SwapDatabases(0, 1),
        })
        {
            Db.StringSet("w", "v", TimeSpan.FromSeconds(100));
            Db.StringSet("other", "o");
            using var tx = Db.CreateTransaction();
            tx.Watch("w");
            change();
            Assert.False(tx.Execute(t => t.StringSet("w", "changed")));
            _store.FlushAll();
        }
    }

    [Fact]
    public void Flushing_or_swapping_a_database_without_the_watched_key_keeps_the_watch_clean()
    {
        Db.StringSet("x", "1");
        Db1.StringSet("y", "2");
        using var tx = Db.CreateTransaction();
        tx.Watch("absent");
        _store.GetDatabase(3).StringSet("z", "3");
        _store.GetDatabase(3).FlushDatabase();
        _store.SwapDatabases(2, 3);
        Assert.True(tx.Execute(t => t.StringSet("absent", "now")));
    }

    [Fact]
    public void Flushdb_inside_a_whole_database_transaction_commits_with_the_rest()
    {
        Db.StringSet("old", "1");
        Db1.StringSet("elsewhere", "e");
        Assert.True(Db.CreateTransaction().Execute(t =>
        {
            t.StringSet("before", "b");
            t.FlushDatabase();
            t.StringSet("after", "a");
        }));
        Assert.Equal(["after"], Db.Keys().Select(k => k.ToString()));
        Assert.Equal(1, Db.DatabaseSize());
        Assert.Equal("e", Db1.StringGet("elsewhere").ToString());
    }

    [Fact]
    public void Flushdb_inside_a_transaction_is_undone_when_the_body_throws()
    {
        Db.StringSet("a", "1", TimeSpan.FromSeconds(50));
        Db.ListRightPush("list", ["x", "y"]);
        Db.StringSet("doomed", "d");
        var before = Snapshot(_store);
        Assert.Throws<InvalidOperationException>(() => Db.CreateTransaction().Execute(t =>
        {
            t.StringSet("a", "changed");           // changed before the flush...
            t.KeyDelete("doomed");
            t.FlushDatabase();
            t.StringSet("a", "after");             // ...and again after it
            t.ListRightPush("list", ["z"]);
            t.StringSet("new", "n");
            t.FlushDatabase();                     // a second flush
            t.StringSet("newer", "n");
            throw new InvalidOperationException("abort");
        }));
        Assert.Equal(before, Snapshot(_store));
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.False(Db.KeyExists("a")); // the TTL came back too
    }

    [Fact]
    public void A_store_with_one_database_allows_flushall_in_a_whole_database_transaction()
    {
        using var store = NewStore(1);
        var db = store.GetDatabase(0);
        db.StringSet("k", "v");
        Assert.Throws<InvalidOperationException>(() => db.CreateTransaction().Execute(t =>
        {
            store.FlushAll();
            t.StringSet("x", "1");
            throw new InvalidOperationException("abort");
        }));
        Assert.Equal(["k"], db.Keys().Select(k => k.ToString()));
        Assert.True(db.CreateTransaction().Execute(t =>
        {
            store.FlushAll();
            t.StringSet("x", "1");
        }));
        Assert.Equal(["x"], db.Keys().Select(k => k.ToString()));
    }

    [Fact]
    public void Flushall_and_swapdb_run_when_every_shard_is_held()
    {
        Db.StringSet("a0", "zero");
        Db1.StringSet("a1", "one");
        _store.GetDatabase(2).StringSet("a2", "two");
        RunLockingEverything(_store, () =>
        {
            _store.SwapDatabases(0, 1);
            Assert.Equal("one", Db.StringGet("a1").ToString());
            _store.FlushAll();
            Db.StringSet("b", "2");
            _store.SwapDatabases(0, 3);
        });
        Assert.Equal(0, Db.DatabaseSize());
        Assert.Equal(0, Db1.DatabaseSize());
        Assert.Equal(0, _store.GetDatabase(2).DatabaseSize());
        Assert.Equal("2", _store.GetDatabase(3).StringGet("b").ToString());
    }

    [Fact]
    public void Swapdb_and_flushall_are_undone_with_every_key_change_around_them()
    {
        Db.StringSet("x", "0x", TimeSpan.FromSeconds(20));
        Db.StringSet("shared", "zero");
        Db1.StringSet("y", "1y");
        Db1.StringSet("shared", "one", TimeSpan.FromSeconds(40));
        _store.GetDatabase(2).ListRightPush("z", ["a", "b"]);
        var before = Snapshot(_store);
        Assert.Throws<InvalidOperationException>(() => RunLockingEverything(_store, () =>
        {
            Db.StringSet("shared", "changed in 0");
            Db1.KeyDelete("y");
            _store.SwapDatabases(0, 1);
            // Same names, other keys now: database 0 holds what was database 1's.
            Db.StringSet("shared", "changed after the swap");
            Db.StringSet("y", "recreated");
            Db1.KeyDelete("x");
            _store.SwapDatabases(1, 2);
            Db1.ListRightPush("z", ["c"]);
            _store.FlushAll();
            _store.GetDatabase(2).StringSet("w", "new");
            throw new InvalidOperationException("abort");
        }));
        Assert.Equal(before, Snapshot(_store));
    }

    [Fact]
    public void A_committed_flushall_is_one_batch_of_the_change_stream_and_replays()
    {
        var recorder = new KeysReplayTests.Recorder();
        _store.SubscribeChanges(recorder);
        Db.StringSet("gone", "g");
        Db1.StringSet("gone1", "g");
        int batches = recorder.BatchCount;
        Assert.Throws<InvalidOperationException>(() => RunLockingEverything(_store, () =>
        {
            _store.FlushAll();
            throw new InvalidOperationException("abort");
        }));
        Assert.Equal(batches, recorder.BatchCount); // a rolled-back body publishes nothing
        RunLockingEverything(_store, () =>
        {
            Db.StringSet("a", "1");
            _store.FlushAll();
            Db.StringSet("b", "2");
            _store.SwapDatabases(0, 1);
        });
        Assert.Equal(batches + 1, recorder.BatchCount);
        using var replica = NewStore(4);
        replica.ApplyChanges(recorder.Records());
        Assert.Equal(Snapshot(_store), Snapshot(replica));
        Assert.Equal("2", replica.GetDatabase(1).StringGet("b").ToString());
    }
}
