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
                var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
                {
                    var random = new Random((round * 10) + w);
                    while (!stop.IsCancellationRequested)
                    {
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
