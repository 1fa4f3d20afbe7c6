using Mnemo.Internal.Persistence;
using Mnemo.Persistence;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Persistence;

/// <summary>
/// A background snapshot taken while writers run is exactly the state at its point in time: the
/// change stream replayed up to the snapshot's sequence gives the same store.
/// </summary>
public sealed class SnapshotConsistencyTests : IDisposable
{
    private readonly DataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_snapshot_taken_under_concurrent_writes_equals_the_stream_replayed_to_its_sequence()
    {
        for (int round = 0; round < 4; round++)
        {
            using var dir = new DataDirectory();
            var recorder = new ChangeRecorder();
            long sequence;
            using (var store = dir.Open(DurabilityMode.Snapshot))
            {
                store.SubscribeChanges(recorder);
                RandomWorkload.Run(store, new Random(round), 2000);
                var bulk = store.GetDatabase(5);
                for (int i = 0; i < 30_000; i++)
                {
                    bulk.StringSet("bulk:" + i, i); // enough keys that the walk takes a while
                }
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 5).Select(w => Task.Run(() =>
                {
                    var random = new Random((round * 10) + w);
                    while (!stop.IsCancellationRequested)
                    {
                        if (w == 4)
                        {
                            // whole-table changes in the middle of the walk
                            store.SwapDatabases(5, 6);
                            if (random.Next(4) == 0)
                            {
                                store.GetDatabase(7).StringSet("x" + random.Next(100), "y");
                                store.GetDatabase(7).FlushDatabase();
                            }
                            Thread.Sleep(1);
                            continue;
                        }
                        if (w < 2)
                        {
                            RandomWorkload.Run(store, random, 20);
                            continue;
                        }
                        string key = "bulk:" + random.Next(30_000);
                        try
                        {
                            switch (random.Next(4))
                            {
                                case 0: bulk.StringIncrement(key); break;
                                case 1: bulk.KeyDelete(key); break;
                                case 2: bulk.StringSet(key, "replaced"); break;
                                default: bulk.KeyRename(key, "bulk:" + random.Next(30_000)); break;
                            }
                        }
                        catch (MnemoException)
                        {
                            // not an integer any more, or renamed away: refused, nothing changed
                        }
                    }
                })).ToArray();
                await Task.Delay(30);
                await store.SaveInBackground();
                await Task.Delay(30);
                await stop.CancelAsync();
                await Task.WhenAll(writers);
                sequence = Manifest.Load(PhysicalFileLayer.Instance, dir.Path)!.Sequence;
                Assert.True(recorder.LastSequence > sequence, "writes continued after the snapshot's point");
            }

            using var fromSnapshot = dir.Open(DurabilityMode.Snapshot);
            using var replayed = new MnemoStore(new MnemoStoreOptions { ActiveExpiryInterval = TimeSpan.Zero });
            replayed.ApplyChanges(recorder.Records.Take((int)sequence));
            Assert.Equal(StoreDump.Of(replayed), StoreDump.Of(fromSnapshot));
        }
    }

    [Fact]
    public void A_backup_is_a_store_with_exactly_the_state_at_the_backup()
    {
        var target = Path.Combine(_dir.Path, "backup");
        List<string> expected;
        using (var store = _dir.Open(path: Path.Combine(_dir.Path, "live")))
        {
            RandomWorkload.Run(store, new Random(7), 1500);
            store.Backup(target);
            expected = StoreDump.Of(store);
            RandomWorkload.Run(store, new Random(8), 500); // after the backup: not in it
            Assert.Throws<IOException>(() => store.Backup(target)); // never overwrites a backup
        }
        Assert.True(expected.Count > 20);
        using var restored = _dir.Open(path: target);
        Assert.Equal(expected, StoreDump.Of(restored));
    }

    [Fact]
    public void A_corrupted_backup_is_rejected()
    {
        var target = Path.Combine(_dir.Path, "backup");
        using (var store = _dir.Open(path: Path.Combine(_dir.Path, "live")))
        {
            RandomWorkload.Run(store, new Random(9), 500);
            store.Backup(target);
        }
        var snapshot = Directory.GetFiles(target, "dump.mnemo.*").Single();
        var bytes = File.ReadAllBytes(snapshot);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(snapshot, bytes);
        var error = Assert.Throws<PersistenceDamageException>(() => _dir.Open(path: target));
        Assert.Equal(snapshot, error.FilePath);
    }

    [Fact]
    public void Save_and_backup_need_a_data_directory_and_one_snapshot_runs_at_a_time()
    {
        using var memory = new MnemoStore();
        Assert.Equal(RedisErrors.NoPersistence, Assert.Throws<MnemoException>(memory.Save).Message);
        Assert.Null(memory.GetPersistenceStatus());

        using var store = _dir.Open();
        store.GetDatabase().StringSet("k", "v");
        var status = store.GetPersistenceStatus()!;
        Assert.Equal(1, status.ChangesSinceLastSave);
        store.Save();
        status = store.GetPersistenceStatus()!;
        Assert.Equal(0, status.ChangesSinceLastSave);
        Assert.Equal(1, status.SnapshotsTaken);
        Assert.True(status.LastSnapshotSucceeded);
        Assert.Null(status.Failure);
    }
}

/// <summary>Whole-table changes (SWAPDB, FLUSHDB) and writes to already-walked keys in the middle of a snapshot's walk of a shard.</summary>
public sealed class SnapshotWalkTests : IDisposable
{
    private readonly DataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("swap")]
    [InlineData("flush")]
    [InlineData("writes")]
    [InlineData("renamed collections")] // RENAME rebinds a collection to its new key in place
    [InlineData("compacted records")] // string records move to new arena chunks under the walk's feet
    public void Changes_in_the_middle_of_a_shard_walk_do_not_reach_the_snapshot(string change)
    {
        using var store = new MnemoStore(new MnemoStoreOptions
        {
            ShardsPerDatabase = 2,
            ActiveExpiryInterval = TimeSpan.Zero,
            Persistence = new Mnemo.Persistence.MnemoPersistenceOptions { Directory = Path.Combine(_dir.Path, "live"), Mode = Mnemo.Persistence.DurabilityMode.Snapshot, SaveRules = [] },
        });
        var db = store.GetDatabase(1);
        for (int i = 0; i < 2000; i++)
        {
            db.StringSet("k" + i, i);
            if (change == "renamed collections")
            {
                db.ListRightPush("c" + i, "list " + i);
            }
        }
        store.GetDatabase(2).StringSet("other", "x");
        var expected = StoreDump.Of(store);

        var capture = SnapshotCapture.Begin(store.Core, atPoint: null);
        int batches = 0;
        capture.BetweenBatches = shard =>
        {
            if (shard.Ordinal / 2 != 1 || ++batches != 20)
            {
                return; // act once, in the middle of a shard of database 1
            }
            for (int i = 0; i < 2000; i += 7)
            {
                db.StringIncrement("k" + i, 1000); // walked and unwalked keys alike
            }
            for (int i = 3; i < 2000; i += 5)
            {
                db.KeyDelete("k" + i); // removed and added again: a new slot for a key walked or not
                db.ListRightPush("k" + i, "again");
                db.ListRightPush("k" + i, "and again");
                db.KeyRename("k" + (i + 1), "k" + (i + 2)); // onto a key walked or not: its value moves into a new slot
                db.StringAppend("k" + (i + 2), "z");
            }
            db.KeyDelete("k1");
            db.StringSet("new", "n");
            switch (change)
            {
                case "swap": store.SwapDatabases(1, 2); break;
                case "flush": db.FlushDatabase(); break;
                case "renamed collections":
                    for (int i = 0; i < 2000; i += 3)
                    {
                        db.KeyRename("c" + i, "renamed" + i); // to a key of either shard, walked or not
                    }
                    break;
                case "compacted records":
                    for (int i = 0; i < 2000; i += 2)
                    {
                        db.StringSet("k" + i, "a longer text " + i); // a new record: the old one is a hole
                    }
                    foreach (var walked in ((MnemoDatabase)db).Engine.Shards)
                    {
                        using (walked.Lock())
                        {
                            walked.Table.CompactRecords(); // every record moves, the walk's old chunks stay as they were
                        }
                    }
                    break;
            }
        };
        var backup = Path.Combine(_dir.Path, "copy");
        Directory.CreateDirectory(backup);
        string name = "dump.mnemo." + capture.Sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);
        store.Persistence!.WriteSnapshotFile(capture, backup, name);
        new Manifest(name, capture.Sequence).Commit(PhysicalFileLayer.Instance, backup);
        Assert.True(batches >= 20);

        using var copy = _dir.Open(DurabilityMode.Snapshot, path: backup);
        Assert.Equal(expected, StoreDump.Of(copy));
    }
}
