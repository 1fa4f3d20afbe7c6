using System.Diagnostics;
using Mnemo.Persistence;

namespace Mnemo.Tests.Persistence;

/// <summary>Save rules (Redis's <c>save &lt;seconds&gt; &lt;changes&gt;</c>) and journal compaction by size trigger snapshots by themselves.</summary>
public sealed class AutosaveTests : IDisposable
{
    private readonly DataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_save_rule_snapshots_once_enough_changes_happened()
    {
        using var store = _dir.Open(DurabilityMode.Snapshot, saveRules: [new SaveRule(TimeSpan.Zero, 5)]);
        var db = store.GetDatabase();
        for (int i = 0; i < 4; i++)
        {
            db.StringSet("k" + i, i);
        }
        Thread.Sleep(1300); // a tick passes: 4 changes do not meet the rule
        Assert.Equal(0, store.GetPersistenceStatus()!.SnapshotsTaken);
        db.StringSet("k4", 4);
        WaitUntil(() => store.GetPersistenceStatus()!.SnapshotsTaken == 1);
        Assert.Single(_dir.Files("dump.mnemo.*"));
        Assert.Equal(0, store.GetPersistenceStatus()!.ChangesSinceLastSave);
    }

    [Fact]
    public void A_journal_that_grew_past_the_compaction_size_is_compacted_into_a_snapshot()
    {
        using var store = new MnemoStore(new MnemoStoreOptions
        {
            Persistence = new MnemoPersistenceOptions { Directory = _dir.Path, SaveRules = [], CompactAfterBytes = 4096 },
        });
        var db = store.GetDatabase();
        for (int i = 0; i < 200; i++)
        {
            db.StringSet("key" + i, new string('x', 40));
        }
        WaitUntil(() => store.GetPersistenceStatus()!.SnapshotsTaken >= 1);
        Assert.Single(_dir.Files("dump.mnemo.*"));
        Assert.Single(_dir.Files("journal-*"));
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "not reached within 10 s");
            Thread.Sleep(20);
        }
    }
}
