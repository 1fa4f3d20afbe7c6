using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

public sealed class TransactionTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly MnemoStore _store;
    private readonly IMnemoDatabase _db;

    public TransactionTests()
    {
        _store = new MnemoStore(new MnemoStoreOptions { TimeProvider = _clock, ActiveExpiryInterval = TimeSpan.Zero });
        _db = _store.GetDatabase();
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Body_changes_are_applied_together()
    {
        using var tx = _db.CreateTransaction("a", "b");
        Assert.True(tx.Execute(t =>
        {
            t.StringSet("a", "1");
            t.StringSet("b", "2");
        }));
        Assert.Equal("1", _db.StringGet("a").ToString());
        Assert.Equal("2", _db.StringGet("b").ToString());
    }

    [Fact]
    public void Throwing_body_undoes_every_change_including_creations_deletions_and_ttls()
    {
        _db.StringSet("existing", "old", TimeSpan.FromSeconds(100));
        _db.StringSet("doomed", "here");
        using var tx = _db.CreateTransaction();
        Assert.Throws<InvalidOperationException>(() => tx.Execute(t =>
        {
            t.StringSet("existing", "new");          // clears the TTL
            t.StringSet("created", "x");
            t.StringGetDelete("doomed");
            t.StringAppend("existing", "-more");
            t.StringIncrement("counter", 5);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old", _db.StringGet("existing").ToString());
        Assert.True(_db.StringGet("created").IsNull);
        Assert.True(_db.StringGet("counter").IsNull);
        Assert.Equal("here", _db.StringGet("doomed").ToString());
        _clock.Advance(TimeSpan.FromSeconds(101));
        Assert.True(_db.StringGet("existing").IsNull); // the TTL was restored too
    }

    [Fact]
    public void Failing_operation_inside_body_rolls_back_earlier_ones()
    {
        _db.StringSet("text", "abc");
        using var tx = _db.CreateTransaction("n", "text");
        Assert.Throws<MnemoException>(() => tx.Execute(t =>
        {
            t.StringIncrement("n");
            t.StringIncrement("text"); // ERR value is not an integer
        }));
        Assert.True(_db.StringGet("n").IsNull);
    }

    [Fact]
    public void Watch_detects_a_write_by_someone_else()
    {
        _db.StringSet("stock", 10);
        using var tx = _db.CreateTransaction();
        tx.Watch("stock");
        long stock = (long)_db.StringGet("stock");
        _db.StringSet("stock", 3); // another client
        Assert.False(tx.Execute(t => t.StringSet("stock", stock - 1)));
        Assert.Equal(3, (long)_db.StringGet("stock"));
    }

    [Fact]
    public void Watch_without_conflict_commits()
    {
        _db.StringSet("stock", 10);
        using var tx = _db.CreateTransaction();
        tx.Watch("stock");
        long stock = (long)_db.StringGet("stock");
        Assert.True(tx.Execute(t => t.StringSet("stock", stock - 1)));
        Assert.Equal(9, (long)_db.StringGet("stock"));
    }

    [Fact]
    public void Watch_detects_creation_and_deletion()
    {
        using (var tx = _db.CreateTransaction())
        {
            tx.Watch("absent");
            _db.StringSet("absent", "now here");
            Assert.False(tx.Execute(t => t.StringSet("absent", "mine")));
        }
        using (var tx = _db.CreateTransaction())
        {
            tx.Watch("absent");
            _db.StringGetDelete("absent");
            Assert.False(tx.Execute(t => t.StringSet("absent", "mine")));
        }
    }

    [Fact]
    public void Watch_detects_expiry_even_when_nobody_touched_the_key()
    {
        _db.StringSet("lease", "me", TimeSpan.FromSeconds(1));
        using var tx = _db.CreateTransaction();
        tx.Watch("lease");
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(tx.Execute(t => t.StringSet("lease", "renewed")));
        Assert.True(_db.StringGet("lease").IsNull);
    }

    [Fact]
    public void Watched_key_written_by_the_transaction_itself_after_commit_does_not_matter()
    {
        _db.StringSet("k", 1);
        using var tx = _db.CreateTransaction();
        tx.Watch("k");
        Assert.True(tx.Execute(t => t.StringIncrement("k")));
        tx.Watch("k");
        Assert.True(tx.Execute(t => t.StringIncrement("k")));
        Assert.Equal(3, (long)_db.StringGet("k"));
    }

    [Fact]
    public void Touching_an_undeclared_key_is_refused_and_rolled_back()
    {
        // Find a key that lands in a different shard from "a".
        var other = Enumerable.Range(0, 1000).Select(i => $"k{i}")
            .First(k => ShardOrdinal(k) != ShardOrdinal("a"));
        using var tx = _db.CreateTransaction("a");
        Assert.Throws<InvalidOperationException>(() => tx.Execute(t =>
        {
            t.StringSet("a", "1");
            t.StringSet(other, "2");
        }));
        Assert.True(_db.StringGet("a").IsNull);
        Assert.True(_db.StringGet(other).IsNull);
    }

    [Fact]
    public void Transaction_batch_reaches_the_change_stream_as_one_batch_only_on_commit()
    {
        var recorder = new ChangeRecorder();
        _store.SubscribeChanges(recorder);
        using var tx = _db.CreateTransaction("a", "b");
        Assert.Throws<InvalidOperationException>(() => tx.Execute(t =>
        {
            t.StringSet("a", "1");
            throw new InvalidOperationException();
        }));
        Assert.Empty(recorder.Records);
        tx.Execute(t =>
        {
            t.StringSet("a", "1");
            t.StringSet("b", "2");
        });
        Assert.Equal([(1L, 2)], recorder.Batches);
    }

    [Fact]
    public void Execute_returns_the_body_result()
    {
        using var tx = _db.CreateTransaction("n");
        Assert.True(tx.Execute(t => t.StringIncrement("n", 7), out long value));
        Assert.Equal(7, value);
    }

    [Fact]
    public void Nested_transactions_are_refused()
    {
        using var outer = _db.CreateTransaction("a");
        using var inner = _db.CreateTransaction("a");
        Assert.Throws<InvalidOperationException>(() => outer.Execute(_ => inner.Execute(_ => { })));
    }

    private int ShardOrdinal(string key)
    {
        var db = ((MnemoDatabase)_db).Engine;
        var bytes = System.Text.Encoding.UTF8.GetBytes(key);
        return db.Shards[(uint)Mnemo.Internal.Keyspace.KeyHash.Compute(bytes) >> (32 - System.Numerics.BitOperations.Log2((uint)db.Shards.Length))].Ordinal;
    }
}
