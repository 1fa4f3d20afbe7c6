using Mnemo.Durability.Tests.Crash;
using Mnemo.Persistence;
using Xunit.Abstractions;

namespace Mnemo.Durability.Tests;

/// <summary>Writers never lose an increment to a snapshot that runs beside them.</summary>
public sealed class SnapshotUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Fifty_writers_of_10000_increments_while_snapshots_run_leave_exactly_500000_after_a_restart()
    {
        const int Writers = 50, Increments = 10_000;
        using var directory = new TempDirectory();
        var warnings = new List<string>();
        long snapshots;
        using (var store = EmbeddedCrashTests.Open(directory.Path, DurabilityMode.Journal, JournalFsync.EverySecond, warnings))
        {
            var db = store.GetDatabase();
            // Some other keys, so each snapshot has real work and captures overlap the writers.
            for (int i = 0; i < 20_000; i++)
            {
                db.StringSet("filler:" + i, "value-" + i);
            }
            using var go = new Barrier(Writers + 1);
            int running = Writers;
            var threads = Enumerable.Range(0, Writers).Select(_ => new Thread(() =>
            {
                go.SignalAndWait();
                for (int i = 0; i < Increments; i++)
                {
                    db.StringIncrement("counter");
                }
                Interlocked.Decrement(ref running);
            })).ToList();
            threads.ForEach(t => t.Start());
            go.SignalAndWait();
            int started = 0;
            while (Volatile.Read(ref running) > 0)
            {
                await store.SaveInBackground(); // only this loop takes snapshots here
                started++;
            }
            threads.ForEach(t => t.Join());
            Assert.Equal(Writers * Increments, (long)db.StringGet("counter"));
            snapshots = store.GetPersistenceStatus()!.SnapshotsTaken;
            Assert.Equal(started, snapshots);
            output.WriteLine($"{snapshots} background snapshots while {Writers} writers ran");
        }
        Assert.True(snapshots >= 2, $"only {snapshots} snapshots ran during the writes");
        using var reopened = EmbeddedCrashTests.Open(directory.Path, DurabilityMode.Journal, JournalFsync.EverySecond, warnings);
        Assert.Equal(Writers * Increments, (long)reopened.GetDatabase().StringGet("counter"));
        Assert.Equal(20_000 + 1, reopened.GetDatabase().DatabaseSize());
        Assert.Empty(warnings);
    }
}
