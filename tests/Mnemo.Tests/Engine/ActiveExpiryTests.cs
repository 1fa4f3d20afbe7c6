using Mnemo.Internal;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>The active expiry cycle reclaims expired keys that nobody reads, and nothing else.</summary>
public sealed class ActiveExpiryTests : IDisposable
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);
    private readonly ManualClock _clock = new();
    private readonly MnemoStore _store;
    private readonly IMnemoDatabase _db;

    public ActiveExpiryTests()
    {
        _store = new MnemoStore(new MnemoStoreOptions { TimeProvider = _clock, ActiveExpiryInterval = TimeSpan.Zero });
        _db = _store.GetDatabase();
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Expired_keys_nobody_reads_are_reclaimed()
    {
        for (int i = 0; i < 2000; i++)
        {
            _db.StringSet($"volatile:{i}", "v", TimeSpan.FromSeconds(10));
        }
        for (int i = 0; i < 100; i++)
        {
            _store.GetDatabase(3).StringSet($"other-db:{i}", "v", TimeSpan.FromSeconds(10));
        }
        for (int i = 0; i < 300; i++)
        {
            _db.StringSet($"persistent:{i}", "p");
        }
        Assert.Equal(0, ActiveExpiryCycle.RunCycle(_store.Core, Budget)); // nothing is due yet
        Assert.Equal(2300, _db.DatabaseSize());

        _clock.Advance(TimeSpan.FromSeconds(11));
        int reclaimed = 0;
        for (int round = 0; round < 50 && _db.DatabaseSize() > 300; round++)
        {
            reclaimed += ActiveExpiryCycle.RunCycle(_store.Core, Budget);
        }
        reclaimed += ActiveExpiryCycle.RunCycle(_store.Core, Budget);
        Assert.Equal(300, _db.DatabaseSize());
        Assert.Equal(0, _store.GetDatabase(3).DatabaseSize());
        Assert.Equal(2100, reclaimed);
        var stats = _store.GetStatistics();
        Assert.Equal(2100, stats.ExpiredKeys);
        Assert.Equal(0, stats.Databases.Single().KeysWithExpiry);
        Assert.Equal(300, _db.Keys("persistent:*").Length);
    }

    [Fact]
    public void Keys_that_have_not_expired_are_left_alone()
    {
        for (int i = 0; i < 500; i++)
        {
            _db.StringSet($"soon:{i}", "v", TimeSpan.FromSeconds(5));
            _db.StringSet($"later:{i}", "v", TimeSpan.FromSeconds(500));
        }
        _clock.Advance(TimeSpan.FromSeconds(6));
        for (int round = 0; round < 200 && _db.DatabaseSize() > 500; round++)
        {
            ActiveExpiryCycle.RunCycle(_store.Core, Budget);
        }
        Assert.Equal(500, _db.DatabaseSize());
        Assert.Equal(500, _db.Keys("later:*").Length);
        Assert.Equal(500, _store.GetStatistics().ExpiredKeys);
        for (int i = 0; i < 500; i += 50)
        {
            Assert.Equal(494_000, _db.KeyTimeToLiveMilliseconds($"later:{i}"));
        }
    }

    [Fact]
    public void Persisted_and_rewritten_keys_leave_the_volatile_index()
    {
        _db.StringSet("persisted", "v", TimeSpan.FromSeconds(1));
        _db.StringSet("rewritten", "v", TimeSpan.FromSeconds(1));
        _db.StringSet("renamed", "v", TimeSpan.FromSeconds(1));
        _db.KeyPersist("persisted");
        _db.StringSet("rewritten", "w");
        _db.KeyRename("renamed", "moved");
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, ActiveExpiryCycle.RunCycle(_store.Core, Budget));
        Assert.Equal(["persisted", "rewritten"], _db.Keys().Select(k => k.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reclaimed_keys_are_published_as_deletes()
    {
        var recorder = new KeysReplayTests.Recorder();
        _store.SubscribeChanges(recorder);
        _db.StringSet("gone", "v", TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, ActiveExpiryCycle.RunCycle(_store.Core, Budget));
        var records = recorder.Records();
        Assert.Equal(Mnemo.Changes.ChangeOp.Delete, records[^1].Op);
        Assert.Equal("gone"u8.ToArray(), records[^1].Args[0]);
    }
}
