using Mnemo.Internal.Persistence;
using Mnemo.Persistence;

namespace Mnemo.Tests.Persistence;

/// <summary>
/// The server's acknowledgement (<c>Journal.AcknowledgeAsync</c>) with fsync Always: a waiter
/// completes only after an fsync that covers its record, one fsync releases every waiter it
/// covers, and a failed fsync fails the waiters (MISCONF) instead of acknowledging them.
/// </summary>
public sealed class AsyncAcknowledgementTests : IDisposable
{
    private readonly DataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Waiters_complete_only_after_an_fsync_that_covers_them_and_share_it()
    {
        using var files = new GatedFileLayer();
        using var journal = new Journal(files, _dir.Path, JournalFsync.Always, lastSequence: 0);
        using var reopen = files.Closed(); // from now on every fsync waits for the test (reopened before the journal is disposed)
        var waiters = new List<(long Sequence, Task Done)>();
        for (long sequence = 1; sequence <= 20; sequence++)
        {
            journal.OnChanges(sequence, 1, [1, 2, 3, (byte)sequence]);
            var done = journal.AcknowledgeAsync(sequence).AsTask();
            Assert.True(journal.WrittenSequence >= sequence, "the record is in the file before the acknowledgement waits for the fsync");
            waiters.Add((sequence, done));
        }
        Assert.True(files.WaitForBlockedSync(TimeSpan.FromSeconds(10)), "the sync thread did not start an fsync");
        await Task.Delay(50);
        Assert.All(waiters, w => Assert.False(w.Done.IsCompleted, $"sequence {w.Sequence} acknowledged before any fsync finished"));

        int syncsBefore = files.Syncs;
        files.Open();
        foreach (var (sequence, done) in waiters)
        {
            await done.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(journal.SyncedSequence >= sequence);
        }
        // The fsync that was running when the waiters arrived covered sequence 1 at most; one or two more cover the rest.
        Assert.True(files.Syncs - syncsBefore <= 3, $"{files.Syncs - syncsBefore} fsyncs for 20 waiting acknowledgements: no group commit");
    }

    [Fact]
    public async Task A_failed_fsync_fails_the_waiters_with_misconf()
    {
        using var files = new GatedFileLayer();
        using var journal = new Journal(files, _dir.Path, JournalFsync.Always, lastSequence: 0);
        files.FailSyncs = true;
        journal.OnChanges(1, 1, [42]);
        var error = await Assert.ThrowsAsync<MnemoException>(() => journal.AcknowledgeAsync(1).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.StartsWith("MISCONF", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, journal.SyncedSequence);
        // Later acknowledgements are refused up front.
        journal.OnChanges(2, 1, [43]);
        Assert.Throws<MnemoException>(() => journal.AcknowledgeAsync(2));
    }

    [Fact]
    public async Task The_release_thread_runs_the_released_continuations_and_one_that_acknowledges_again_is_served_too()
    {
        // The server sends a reply where its acknowledgement completes: on the journal's release
        // thread after the fsync, not through a thread-pool hop per waiter. A continuation there may
        // run the connection's next batch and acknowledge again (a pipelining client), even
        // synchronously (an embedded call): those must be fsynced and released too.
        using var files = new GatedFileLayer();
        using var journal = new Journal(files, _dir.Path, JournalFsync.Always, lastSequence: 0);
        using var reopen = files.Closed(); // the fsync waits until the continuation is attached
        journal.OnChanges(1, 1, [1]);
        var first = journal.AcknowledgeAsync(1).AsTask();
        var second = first.ContinueWith(
            _ =>
            {
                Assert.Equal("mnemo-journal-release", Thread.CurrentThread.Name);
                Assert.True(journal.SyncedSequence >= 1);
                journal.OnChanges(2, 1, [2]);
                journal.Acknowledge(2);
                Assert.True(journal.SyncedSequence >= 2);
                journal.OnChanges(3, 1, [3]);
                return journal.AcknowledgeAsync(3).AsTask();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
        reopen.Dispose();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(journal.SyncedSequence >= 3);
    }

    [Fact]
    public async Task Waiters_failed_by_a_failed_fsync_are_completed_on_the_thread_pool()
    {
        // The thread that finds a failure may hold the journal's locks (the sync thread holds its
        // sync lock, a writer the write lock): the waiters' continuations must not run there.
        using var files = new GatedFileLayer();
        using var journal = new Journal(files, _dir.Path, JournalFsync.Always, lastSequence: 0);
        files.FailSyncs = true;
        journal.OnChanges(1, 1, [1]);
        var observed = journal.AcknowledgeAsync(1).AsTask().ContinueWith(
            t => (t.IsFaulted, Thread.CurrentThread.IsThreadPoolThread),
            TaskContinuationOptions.ExecuteSynchronously);
        var (faulted, onPool) = await observed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(faulted, "a waiter whose fsync failed was acknowledged");
        Assert.True(onPool, "a failed waiter was completed on the failing thread");
    }

    [Fact]
    public async Task Disposing_the_store_while_a_released_continuation_waits_for_the_snapshot_gate_does_not_deadlock()
    {
        // The server runs a connection's next commands inside its released continuation, on the
        // journal's release thread. SHUTDOWN there waits for a running snapshot
        // (PersistenceEngine.WaitForSnapshot, the snapshot gate). Disposing the store holds that gate
        // while it disposes the journal: the journal must not wait for the release thread then.
        using var files = new GatedFileLayer();
        var store = new MnemoStore(new MnemoStoreOptions
        {
            Persistence = new MnemoPersistenceOptions { Directory = _dir.Path, Fsync = JournalFsync.Always, SaveRules = [], FileLayer = files },
        });
        var persistence = store.Persistence!;
        var engine = ((MnemoDatabase)store.GetDatabase()).Engine;
        using var onReleaseThread = new ManualResetEventSlim();
        using var disposeReturned = new ManualResetEventSlim();
        string? ranOn = null;
        Task waiting;
        using (files.Closed()) // the fsync waits until the continuation is attached
        {
            engine.Set("k"u8, "v"u8, countCommand: false);
            waiting = persistence.AcknowledgeAsync().AsTask().ContinueWith(
                _ =>
                {
                    ranOn = Thread.CurrentThread.Name;
                    onReleaseThread.Set();
                    // the connection's next command: SHUTDOWN finds the gate taken and waits for it
                    SpinWait.SpinUntil(() => persistence.SnapshotInProgress || disposeReturned.IsSet, TimeSpan.FromSeconds(10));
                    persistence.WaitForSnapshot();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        Assert.True(onReleaseThread.Wait(TimeSpan.FromSeconds(10)), "the acknowledgement was not released");
        var disposed = Task.Run(() =>
        {
            store.Dispose();
            disposeReturned.Set();
        });
        var first = await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(first == disposed, "MnemoStore.Dispose deadlocked with the journal's release thread");
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("mnemo-journal-release", ranOn);
    }

    /// <summary>Real files whose fsyncs can be held back (<see cref="Close"/>/<see cref="Open"/>) or made to fail.</summary>
    private sealed class GatedFileLayer : IFileLayer, IDisposable
    {
        private readonly IFileLayer _inner = PhysicalFileLayer.Instance;
        private readonly ManualResetEventSlim _gate = new(initialState: true);
        private readonly ManualResetEventSlim _blocked = new();
        private int _syncs;

        public int Syncs => Volatile.Read(ref _syncs);

        public volatile bool FailSyncs;

        /// <summary>Holds fsyncs back until the result is disposed (or <see cref="Open"/>).</summary>
        public IDisposable Closed()
        {
            _gate.Reset();
            return new Reopen(this);
        }

        public void Open() => _gate.Set();

        public bool WaitForBlockedSync(TimeSpan timeout) => _blocked.Wait(timeout);

        public IDurableFile Create(string path) => new Gated(this, _inner.Create(path));

        public IDurableFile OpenAppend(string path) => new Gated(this, _inner.OpenAppend(path));

        public Stream OpenRead(string path) => _inner.OpenRead(path);

        public void Rename(string source, string destination) => _inner.Rename(source, destination);

        public void Delete(string path) => _inner.Delete(path);

        public void Truncate(string path, long length) => _inner.Truncate(path, length);

        public void SyncDirectory(string directory) => _inner.SyncDirectory(directory);

        public void Dispose()
        {
            _gate.Dispose();
            _blocked.Dispose();
        }

        private sealed class Reopen(GatedFileLayer layer) : IDisposable
        {
            public void Dispose() => layer.Open();
        }

        private sealed class Gated(GatedFileLayer layer, IDurableFile inner) : IDurableFile
        {
            public string Path => inner.Path;

            public long Length => inner.Length;

            public void Write(ReadOnlySpan<byte> bytes) => inner.Write(bytes);

            public void Sync()
            {
                if (layer.FailSyncs)
                {
                    throw new IOException("injected fsync failure");
                }
                if (!layer._gate.IsSet)
                {
                    layer._blocked.Set();
                    layer._gate.Wait();
                }
                inner.Sync();
                Interlocked.Increment(ref layer._syncs);
            }

            public void Dispose() => inner.Dispose();
        }
    }
}
