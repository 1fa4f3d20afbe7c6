using Mnemo.Changes;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>The change stream of key, expiry and bit commands, replayed on another store, reproduces the state.</summary>
public sealed class KeysReplayTests
{
    /// <summary>Copies every batch of the change stream (and, as a live replica, applies it at once to a follower).</summary>
    internal sealed class Recorder(MnemoStore? follower = null) : IChangeObserver
    {
        private readonly List<byte[]> _batches = [];

        public void OnChanges(long firstSequence, int count, ReadOnlySpan<byte> records)
        {
            lock (_batches)
            {
                _batches.Add(records.ToArray());
            }
            follower?.ApplyChanges(ChangeReader.ReadAll(records));
        }

        public int BatchCount
        {
            get
            {
                lock (_batches)
                {
                    return _batches.Count;
                }
            }
        }

        public List<ChangeRecord> Records()
        {
            lock (_batches)
            {
                return [.. _batches.SelectMany(b => ChangeReader.ReadAll(b))];
            }
        }
    }

    private static MnemoStore NewStore(ManualClock clock) =>
        new(new MnemoStoreOptions { Databases = 4, TimeProvider = clock, ActiveExpiryInterval = TimeSpan.Zero });

    /// <summary>Everything observable: per database, each key with its value and absolute expiry.</summary>
    private static List<string> Snapshot(MnemoStore store)
    {
        var lines = new List<string>();
        for (int d = 0; d < store.DatabaseCount; d++)
        {
            var db = store.GetDatabase(d);
            foreach (var key in db.Keys().Select(k => k.ToString()).Order(StringComparer.Ordinal))
            {
                lines.Add($"{d} {key} = {Convert.ToHexString((byte[])db.StringGet(key)!)} @ {db.KeyExpireTimeMilliseconds(key)}");
            }
        }
        return lines;
    }

    /// <summary>Replays the whole stream on a fresh store afterwards, at the scenario's final time.</summary>
    private static void AssertReplayReproduces(ManualClock clock, Action<MnemoStore> scenario)
    {
        using var a = NewStore(clock);
        var recorder = new Recorder();
        a.SubscribeChanges(recorder);
        scenario(a);
        using var b = NewStore(clock);
        b.ApplyChanges(recorder.Records());
        Assert.Equal(Snapshot(a), Snapshot(b));
    }

    /// <summary>
    /// A replica that applies each batch as it is published, on the same clock, so expiries fall due
    /// at the same moments on both stores while the scenario moves time forward.
    /// </summary>
    private static void AssertLiveReplicaFollows(ManualClock clock, Action<MnemoStore> scenario)
    {
        using var a = NewStore(clock);
        using var b = NewStore(clock);
        a.SubscribeChanges(new Recorder(b));
        scenario(a);
        Assert.Equal(Snapshot(a), Snapshot(b));
    }

    [Fact]
    public void Each_key_effect_replays()
    {
        var clock = new ManualClock();
        AssertReplayReproduces(clock, store =>
        {
            var db = store.GetDatabase();
            var db1 = store.GetDatabase(1);
            db.StringSet("a", "1");
            db.StringSet("b", "two", TimeSpan.FromSeconds(100));
            db.StringSet("c", "three");
            db.KeyDelete("c");
            db.KeyDelete("a", "missing", "b");
            db.StringSet("r", 42, TimeSpan.FromSeconds(50));
            db.KeyRename("r", "r2");
            db.StringSet("x", "x");
            db.KeyRename("r2", "x");
            db.KeyRename("x", "y", When.NotExists);
            db.KeyCopy("y", "z");
            db.KeyCopy("y", "y", destinationDatabase: 1);
            db.StringSet("w", "w");
            db.KeyCopy("w", "z", replace: true);
            db.KeyExpire("z", TimeSpan.FromSeconds(30));
            db.KeyExpire("w", clock.GetUtcNow().AddHours(1));
            db.KeyExpire("w", TimeSpan.FromHours(2), ExpireWhen.GreaterThanCurrentExpiry);
            db.KeyPersist("y");
            db.StringSet("del-by-expire", "v");
            db.KeyExpire("del-by-expire", TimeSpan.FromSeconds(-1));
            db1.StringSet("only-in-1", "v", TimeSpan.FromSeconds(70));
            store.SwapDatabases(0, 1);
            db.StringSetBit("bits", 100, true);
            db.StringSetBit("bits", 3, true);
            db.StringSetBit("bits", 100, false);
            db.StringSet("n", 7);
            db.StringSetBit("n", 7, false);
            db.StringSet("s1", "foobar");
            db.StringSet("s2", "abcdef", TimeSpan.FromSeconds(5));
            db.StringBitOperation(BitOp.Xor, "s2", "s1", "s2");
            db.StringBitOperation(BitOp.Not, "s3", "s1");
            db.StringBitOperation(BitOp.And, "s1", "missing");
            store.GetDatabase(2).StringSet("doomed", "v");
            store.GetDatabase(2).FlushDatabase();
            store.GetDatabase(3).StringSet("kept", "v", TimeSpan.FromSeconds(9));
        });
    }

    [Fact]
    public void A_multi_key_delete_is_one_atomic_batch()
    {
        using var store = NewStore(new ManualClock());
        var db = store.GetDatabase();
        db.StringSet("a", "1");
        db.StringSet("b", "2");
        db.StringSet("c", "3");
        var recorder = new Recorder();
        store.SubscribeChanges(recorder);
        Assert.Equal(3, db.KeyDelete("a", "b", "missing", "c"));
        Assert.Equal(1, recorder.BatchCount);
        Assert.Equal(["a", "b", "c"], recorder.Records().Select(r => System.Text.Encoding.UTF8.GetString(r.Args[0])));
        Assert.All(recorder.Records(), r => Assert.Equal(ChangeOp.Delete, r.Op));
    }

    [Fact]
    public void Flushall_replays()
    {
        AssertReplayReproduces(new ManualClock(), store =>
        {
            store.GetDatabase(0).StringSet("a", "1");
            store.GetDatabase(3).StringSet("b", "2");
            store.FlushAll();
            store.GetDatabase(1).StringSet("after", "3");
        });
    }

    [Fact]
    public void Lazy_and_scan_expiry_replay_as_deletes()
    {
        var clock = new ManualClock();
        AssertLiveReplicaFollows(clock, store =>
        {
            var db = store.GetDatabase();
            for (int i = 0; i < 20; i++)
            {
                db.StringSet($"k{i}", "v", TimeSpan.FromSeconds(i + 1));
            }
            clock.Advance(TimeSpan.FromSeconds(10));
            db.StringGet("k0");
            _ = db.EnumerateKeys().ToList();
            db.StringSet("k0", "new");
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_key_expiry_and_bit_operations_replay_live(int seed)
    {
        var clock = new ManualClock();
        AssertLiveReplicaFollows(clock, RandomScenario(clock, seed));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Random_key_expiry_and_bit_operations_replay_later(int seed)
    {
        // Replayed after the whole run, when many recorded TTLs have passed: replay must not expire
        // keys the writer still saw (the stream says when they were deleted).
        var clock = new ManualClock();
        AssertReplayReproduces(clock, RandomScenario(clock, seed));
    }

    private static Action<MnemoStore> RandomScenario(ManualClock clock, int seed)
    {
        var random = new Random(seed);
        return store =>
        {
            string Key() => $"k{random.Next(12)}";
            for (int step = 0; step < 1500; step++)
            {
                var db = store.GetDatabase(random.Next(10) == 0 ? 1 : 0);
                try
                {
                    switch (random.Next(19))
                    {
                        case 0: db.StringSet(Key(), random.Next(3) == 0 ? random.Next(1000) : $"v{random.Next(1000)}"); break;
                        case 1: db.StringSet(Key(), "ttl", TimeSpan.FromMilliseconds(random.Next(1, 5000))); break;
                        case 2: db.KeyDelete(Key(), Key()); break;
                        case 3: db.KeyRename(Key(), Key(), random.Next(2) == 0 ? When.Always : When.NotExists); break;
                        case 4: db.KeyCopy(Key(), Key(), random.Next(3) - 1, random.Next(2) == 0); break;
                        case 5: db.KeyExpire(Key(), TimeSpan.FromMilliseconds(random.Next(-100, 5000)), (ExpireWhen)random.Next(5)); break;
                        case 6: db.KeyExpire(Key(), clock.GetUtcNow().AddMilliseconds(random.Next(-100, 5000)), (ExpireWhen)random.Next(5)); break;
                        case 7: db.KeyPersist(Key()); break;
                        case 8: db.StringSetBit(Key(), random.Next(64), random.Next(2) == 0); break;
                        case 9: db.StringBitOperation((BitOp)random.Next(3), Key(), Key(), Key()); break;
                        case 10: db.StringBitOperation(BitOp.Not, Key(), Key()); break;
                        case 11: clock.Advance(TimeSpan.FromMilliseconds(random.Next(500))); break;
                        case 12: db.StringGet(Key()); break;
                        case 13: db.StringAppend(Key(), "+"); break;
                        case 14: if (random.Next(20) == 0) { store.SwapDatabases(0, random.Next(4)); } break;
                        case 15: if (random.Next(40) == 0) { db.FlushDatabase(); } break;
                        case 16: if (random.Next(80) == 0) { store.FlushAll(); } break;
                        case 17: _ = db.KeyScan(0, count: 3); break;
                        case 18: db.StringIncrement(Key()); break;
                    }
                }
                catch (MnemoException)
                {
                    // no such key, same object, wrong integer: refused commands record nothing
                }
            }
        };
    }

    [Fact]
    public void Rename_and_copy_replay_even_when_the_source_expired_before_the_replay()
    {
        var clock = new ManualClock();
        using var a = NewStore(clock);
        var recorder = new Recorder();
        a.SubscribeChanges(recorder);
        var db = a.GetDatabase();
        db.StringSet("dst", "old");
        db.StringSet("dst2", "old", TimeSpan.FromHours(1));
        db.StringSet("src", "v", TimeSpan.FromSeconds(1));
        db.KeyRename("src", "dst");
        db.StringSet("src2", "v", TimeSpan.FromSeconds(1));
        db.KeyCopy("src2", "dst2", 1);
        // The replica applies the stream later, when those expiries have passed.
        var late = new ManualClock();
        late.Advance(TimeSpan.FromSeconds(5));
        using var b = NewStore(late);
        b.ApplyChanges(recorder.Records());
        // Replay itself expires nothing (dst, src2 in 0 and dst2 in 1 are still stored) ...
        Assert.Equal(3, b.GetDatabase().DatabaseSize());
        Assert.Equal(1, b.GetDatabase(1).DatabaseSize());
        // ... but what has expired by now is invisible and reclaimed on access.
        Assert.False(b.GetDatabase().KeyExists("dst"));
        Assert.False(b.GetDatabase(1).KeyExists("dst2"));
        Assert.Equal("old", b.GetDatabase().StringGet("dst2").ToString());
    }
}
