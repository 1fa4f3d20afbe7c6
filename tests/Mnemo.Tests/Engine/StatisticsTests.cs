using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>The counters INFO will report: commands, hits, misses, expired keys, keys per database.</summary>
public sealed class StatisticsTests
{
    [Fact]
    public void Counters_follow_reads_writes_and_expiry()
    {
        var clock = new ManualClock();
        using var store = new MnemoStore(new MnemoStoreOptions { TimeProvider = clock, ActiveExpiryInterval = TimeSpan.Zero });
        var db0 = store.GetDatabase(0);
        var db3 = store.GetDatabase(3);
        db0.StringSet("a", "1");
        db0.StringSet("b", "2", TimeSpan.FromSeconds(5));
        db3.StringSet("c", "3");
        db0.StringGet("a");       // hit
        db0.StringGet("missing"); // miss
        var stats = store.GetStatistics();
        Assert.Equal(5, stats.CommandsProcessed);
        Assert.Equal(1, stats.KeyspaceHits);
        Assert.Equal(1, stats.KeyspaceMisses);
        Assert.Equal(0, stats.ExpiredKeys);
        Assert.Equal([new DatabaseStatistics(0, 2, 1), new DatabaseStatistics(3, 1, 0)], stats.Databases);

        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True(db0.StringGet("b").IsNull); // expires lazily: a miss and an expired key
        stats = store.GetStatistics();
        Assert.Equal(1, stats.ExpiredKeys);
        Assert.Equal(2, stats.KeyspaceMisses);
        Assert.Equal([new DatabaseStatistics(0, 1, 0), new DatabaseStatistics(3, 1, 0)], stats.Databases);

        store.ResetStatistics();
        stats = store.GetStatistics();
        Assert.Equal(0, stats.CommandsProcessed);
        Assert.Equal(0, stats.KeyspaceHits);
        Assert.Equal(2, stats.Databases.Sum(d => d.Keys)); // resetting counters keeps the data
    }

    [Fact]
    public void Embedded_get_and_set_are_counted_exactly_from_many_threads_and_inside_transactions()
    {
        // GET and plain SET are counted per shard under its lock, everything else in the store's
        // striped counter: the total must still be exact.
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        const int Threads = 8, Calls = 5_000;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (int i = 0; i < Calls; i++)
            {
                string key = "k" + ((t * Calls + i) % 997).ToString(System.Globalization.CultureInfo.InvariantCulture);
                db.StringSet(key, "v");           // plain SET
                db.StringGet(key);                // GET
                db.StringSet(key, "w", when: When.Exists); // SET with an option: the general path
            }
        });
        Assert.Equal(3L * Threads * Calls, store.GetStatistics().CommandsProcessed);

        store.ResetStatistics();
        using var tx = db.CreateTransaction("a", "b");
        Assert.True(tx.Execute(t =>
        {
            t.StringSet("a", "1");
            t.StringSet("b", "2");
            Assert.Equal("1", t.StringGet("a").ToString());
        }));
        Assert.Equal(3, store.GetStatistics().CommandsProcessed);
    }

    [Fact]
    public void Database_index_out_of_range_is_redis_error()
    {
        using var store = new MnemoStore();
        var e = Assert.Throws<MnemoException>(() => store.GetDatabase(16));
        Assert.Equal(RedisErrors.DbIndexOutOfRange, e.Message);
    }
}
