using System.Diagnostics;
using Mnemo.Persistence;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Persistence;

/// <summary>
/// A failed write, a failed fsync, a full disk: the write that hit it is not acknowledged, later
/// writes are refused with MISCONF while reads keep working, and writes resume by themselves once
/// a snapshot taken after the failure is durable. Nothing acknowledged is lost.
/// </summary>
public sealed class FaultInjectionTests : IDisposable
{
    private readonly DataDirectory _dir = new();
    private readonly FaultInjectingFileLayer _files = new();

    public void Dispose() => _dir.Dispose();

    private MnemoStore Open(JournalFsync fsync, DurabilityMode mode = DurabilityMode.Journal) => new(new MnemoStoreOptions
    {
        ActiveExpiryInterval = TimeSpan.Zero,
        Persistence = new MnemoPersistenceOptions
        {
            Directory = _dir.Path,
            Mode = mode,
            Fsync = fsync,
            SaveRules = [],
            FileLayer = _files,
            Log = m => { lock (_dir.Warnings) { _dir.Warnings.Add(m); } },
        },
    });

    [Theory]
    [InlineData("write", JournalFsync.Always)]
    [InlineData("write", JournalFsync.EverySecond)]
    [InlineData("fsync", JournalFsync.Always)]
    [InlineData("diskfull", JournalFsync.Always)]
    [InlineData("diskfull", JournalFsync.EverySecond)]
    public void A_persistence_failure_refuses_writes_until_a_snapshot_succeeds_then_writes_resume(string fault, JournalFsync fsync)
    {
        var acknowledged = new List<string>();
        using (var store = Open(fsync))
        {
            var db = store.GetDatabase();
            for (int i = 0; i < 20; i++)
            {
                db.StringSet("before" + i, i);
                acknowledged.Add("before" + i);
            }
            Inject(fault);
            var refused = Assert.Throws<MnemoException>(() => db.StringSet("during", "x"));
            Assert.StartsWith("MISCONF", refused.Message);

            // Refused from now on (the refusal is installed in the background, under every shard
            // lock; until then a write may apply in memory but is never acknowledged), reads work.
            WaitUntil(() => store.Core.WritesRefused is not null);
            Assert.NotNull(store.GetPersistenceStatus()!.Failure);
            Assert.Equal("5", (string?)db.StringGet("before5"));
            Assert.StartsWith("MISCONF", Assert.Throws<MnemoException>(() => db.ListRightPush("list", "x")).Message);
            Assert.False(db.KeyExists("list"));

            // Still failing: the retry snapshot fails too and writes stay refused.
            Thread.Sleep(1500);
            Assert.True(Refuses(db));

            _files.Heal();
            WaitUntil(() => store.Core.WritesRefused is null);
            Assert.Null(store.GetPersistenceStatus()!.Failure);
            for (int i = 0; i < 20; i++)
            {
                db.StringSet("after" + i, i);
                acknowledged.Add("after" + i);
            }
        }
        Assert.True(_files.InjectedFailures > 0);
        using var reopened = Open(fsync);
        var again = reopened.GetDatabase();
        foreach (var key in acknowledged)
        {
            Assert.True(again.KeyExists(key), $"acknowledged key {key} was lost");
        }
    }

    [Fact]
    public void A_failed_snapshot_in_snapshot_mode_refuses_writes_until_a_later_snapshot_succeeds()
    {
        using var store = Open(JournalFsync.EverySecond, DurabilityMode.Snapshot);
        var db = store.GetDatabase();
        db.StringSet("a", "1");
        _files.DiskFull = true;
        Assert.StartsWith("MISCONF", Assert.Throws<MnemoException>(store.Save).Message);
        WaitUntil(() => store.Core.WritesRefused is not null);
        Assert.True(Refuses(db));
        Assert.False(store.GetPersistenceStatus()!.LastSnapshotSucceeded);
        _files.Heal();
        WaitUntil(() => store.Core.WritesRefused is null);
        Assert.False(Refuses(db));
        Assert.True(store.GetPersistenceStatus()!.LastSnapshotSucceeded);
    }

    private void Inject(string fault)
    {
        switch (fault)
        {
            case "write": _files.FailWrites = true; break;
            case "fsync": _files.FailSyncs = true; break;
            default: _files.DiskFull = true; break;
        }
    }

    private static bool Refuses(IMnemoDatabase db)
    {
        try
        {
            db.StringSet("probe", "p");
            return false;
        }
        catch (MnemoException e) when (e.Message.StartsWith("MISCONF", StringComparison.Ordinal))
        {
            return true;
        }
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "condition not reached within 15 s");
            Thread.Sleep(20);
        }
    }
}
