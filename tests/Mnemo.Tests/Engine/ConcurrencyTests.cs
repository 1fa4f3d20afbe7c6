namespace Mnemo.Tests.Engine;

/// <summary>Many threads at once: totals are exact, transactions conserve sums, WATCH conflicts are detected.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void Concurrent_increments_give_exact_totals()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        const int Threads = 8, PerThread = 20_000;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                db.StringIncrement("shared");
                db.StringIncrement($"counter:{i % 16}");
            }
        });
        Assert.Equal(Threads * PerThread, (long)db.StringGet("shared"));
        long sum = Enumerable.Range(0, 16).Sum(i => (long)db.StringGet($"counter:{i}"));
        Assert.Equal(Threads * PerThread, sum);
    }

    [Fact]
    public async Task Transfers_conserve_the_total_while_readers_watch()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        const int Accounts = 10;
        const long Initial = 1_000;
        for (int i = 0; i < Accounts; i++)
        {
            db.StringSet($"acct:{i}", Initial);
        }
        var keys = Enumerable.Range(0, Accounts).Select(i => (MnemoKey)$"acct:{i}").ToArray();
        using var stop = new CancellationTokenSource();
        long inconsistentReads = 0, reads = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // A consistent read of every account: a transaction over all keys.
                long total = 0;
                db.CreateTransaction(keys).Execute(t =>
                {
                    foreach (var key in keys)
                    {
                        total += (long)t.StringGet(key);
                    }
                });
                Interlocked.Increment(ref reads);
                if (total != Accounts * Initial)
                {
                    Interlocked.Increment(ref inconsistentReads);
                }
            }
        })).ToArray();
        // Writers start only once the readers are reading, so the two really overlap.
        while (Interlocked.Read(ref reads) == 0)
        {
            await Task.Delay(1);
        }
        long readsBeforeWriters = Interlocked.Read(ref reads);
        Parallel.For(0, 4, worker =>
        {
            var random = new Random(worker);
            for (int n = 0; n < 5_000; n++)
            {
                int from = random.Next(Accounts), to = random.Next(Accounts);
                long amount = random.Next(1, 50);
                try
                {
                    db.CreateTransaction($"acct:{from}", $"acct:{to}").Execute(t =>
                    {
                        if ((long)t.StringGet($"acct:{from}") < amount)
                        {
                            throw new InvalidOperationException("insufficient funds");
                        }
                        t.StringDecrement($"acct:{from}", amount);
                        t.StringIncrement($"acct:{to}", amount);
                    });
                }
                catch (InvalidOperationException)
                {
                    // rolled back: nothing moved
                }
            }
        });
        long readsDuringWriters = Interlocked.Read(ref reads) - readsBeforeWriters;
        stop.Cancel();
        await Task.WhenAll(readers);
        long final = keys.Sum(k => (long)db.StringGet(k));
        Assert.Equal(Accounts * Initial, final);
        Assert.True(readsDuringWriters > 0, "readers must have run while transfers were happening");
        Assert.Equal(0, inconsistentReads);
        Assert.All(keys, k => Assert.True((long)db.StringGet(k) >= 0));
    }

    [Fact]
    public void Optimistic_increments_with_watch_lose_no_update()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.StringSet("n", 0);
        long conflicts = 0;
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                while (true)
                {
                    using var tx = db.CreateTransaction();
                    tx.Watch("n");
                    long seen = (long)db.StringGet("n");
                    if (tx.Execute(t => t.StringSet("n", seen + 1)))
                    {
                        break;
                    }
                    Interlocked.Increment(ref conflicts);
                }
            }
        });
        Assert.Equal(8_000, (long)db.StringGet("n"));
    }
}
