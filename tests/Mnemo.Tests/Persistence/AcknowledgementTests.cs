using Mnemo.Internal.Persistence;
using Mnemo.Persistence;

namespace Mnemo.Tests.Persistence;

/// <summary>
/// When an embedded call returns, its write is in the journal file (every mode) and fsynced
/// (Always); concurrent writers share fsyncs (group commit).
/// </summary>
public sealed class AcknowledgementTests : IDisposable
{
    private readonly DataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(JournalFsync.Always)]
    [InlineData(JournalFsync.EverySecond)]
    [InlineData(JournalFsync.OperatingSystem)]
    public void A_returned_write_is_in_the_journal_file(JournalFsync fsync)
    {
        using var store = _dir.Open(fsync: fsync);
        var db = store.GetDatabase();
        var journal = store.Persistence!.Journal!;
        var segment = Path.Combine(_dir.Path, Assert.Single(_dir.Files("journal-*")));
        for (int i = 0; i < 50; i++)
        {
            long lengthBefore = new FileInfo(segment).Length;
            // A byte-array value with an ASCII key takes the plain SET's direct path, a string value the encoding one.
            MnemoValue value = i % 2 == 0 ? "v" + i : System.Text.Encoding.ASCII.GetBytes("v" + i);
            db.StringSet("k" + i, value);
            long sequence = store.Core.Changes.LastSequence;
            Assert.True(journal.WrittenSequence >= sequence);
            Assert.True(new FileInfo(segment).Length > lengthBefore, "the write reached the file before the call returned");
            if (fsync == JournalFsync.Always)
            {
                Assert.True(journal.SyncedSequence >= sequence, "fsync Always: synced before the call returned");
            }
        }
        using (var tx = db.CreateTransaction("a", "b"))
        {
            tx.Execute(t =>
            {
                t.StringSet("a", "1");
                t.StringSet("b", "2");
            });
        }
        Assert.True(journal.WrittenSequence >= store.Core.Changes.LastSequence);
    }

    [Fact]
    public void Concurrent_writers_share_fsyncs_with_fsync_always()
    {
        var files = new CountingFileLayer();
        using var store = new MnemoStore(new MnemoStoreOptions
        {
            Persistence = new MnemoPersistenceOptions { Directory = _dir.Path, Fsync = JournalFsync.Always, SaveRules = [], FileLayer = files },
        });
        const int Threads = 16, PerThread = 50;
        // Dedicated threads: the thread pool would run only a couple of writers at once on 2 cores.
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            var db = store.GetDatabase();
            for (int i = 0; i < PerThread; i++)
            {
                db.StringIncrement("counter");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(Threads * PerThread, (long)store.GetDatabase().StringGet("counter"));
        // Each fsync takes 5 ms (a disk, not tmpfs): the writers that arrive meanwhile share the next one.
        Assert.True(files.Syncs < Threads * PerThread / 4, $"{files.Syncs} fsyncs for {Threads * PerThread} writes: no group commit");
        Assert.True(files.Syncs > 0);
    }

    private sealed class CountingFileLayer : IFileLayer
    {
        private readonly IFileLayer _inner = PhysicalFileLayer.Instance;
        private int _syncs;

        public int Syncs => Volatile.Read(ref _syncs);

        public IDurableFile Create(string path) => new Counting(this, _inner.Create(path));

        public IDurableFile OpenAppend(string path) => new Counting(this, _inner.OpenAppend(path));

        public Stream OpenRead(string path) => _inner.OpenRead(path);

        public void Rename(string source, string destination) => _inner.Rename(source, destination);

        public void Delete(string path) => _inner.Delete(path);

        public void Truncate(string path, long length) => _inner.Truncate(path, length);

        public void SyncDirectory(string directory) => _inner.SyncDirectory(directory);

        private sealed class Counting(CountingFileLayer layer, IDurableFile inner) : IDurableFile
        {
            public string Path => inner.Path;

            public long Length => inner.Length;

            public void Write(ReadOnlySpan<byte> bytes) => inner.Write(bytes);

            public void Sync()
            {
                Interlocked.Increment(ref layer._syncs);
                inner.Sync();
                Thread.Sleep(5); // the latency of a real disk's flush, which tmpfs does not have
            }

            public void Dispose() => inner.Dispose();
        }
    }
}
