using Mnemo.Changes;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// The journal: the change stream framed into segment files. Batches are framed into a pending
/// buffer as they are published (a memory copy under the stream's lock); whoever acknowledges a
/// write first writes everything pending to the file in one system call (<see cref="WriteThrough"/>),
/// so concurrent writers share writes. With fsync <c>Always</c> a dedicated thread fsyncs
/// repeatedly while anyone waits, each fsync covering every record written before it started
/// (group commit); with <c>EverySecond</c> it fsyncs once a second.
/// </summary>
/// <remarks>
/// Lock order: shard locks → stream lock → <c>_bufferGate</c>; and <c>_writeGate</c> → <c>_bufferGate</c>.
/// Code holding <c>_writeGate</c> never takes a shard lock. A failed write or fsync marks the journal
/// failed: every later acknowledgement throws until a snapshot replaces it (<see cref="Rotate"/>
/// after the failure, then <see cref="ClearFailure"/>).
/// </remarks>
internal sealed partial class Journal : IChangeObserver, IDisposable
{
    private readonly IFileLayer _files;
    private readonly string _directory;
    private readonly Mnemo.Persistence.JournalFsync _fsync;
    private readonly Lock _bufferGate = new();
    private readonly Lock _writeGate = new();
    private readonly object _syncGate = new(); // a monitor: waiters sleep on it
    private readonly Lock _syncRun = new();
    private readonly Thread _syncThread;
    private readonly List<IDurableFile> _retired = [];
    private readonly List<(long Sequence, TaskCompletionSource Done)> _syncWaiters = []; // under _syncGate
    private BufferWriter _pending = new(1 << 16);
    private BufferWriter _spare = new(1 << 16);
    private long _pendingLast;
    private IDurableFile? _segment;
    private bool _segmentNeedsDirectorySync;
    private long _written;
    private long _synced;
    private long _syncRequested;
    private long _bytesWritten;
    private volatile string? _failure;
    private volatile bool _stopping;
    private long _lastSyncTicks = Environment.TickCount64;

    public Journal(IFileLayer files, string directory, Mnemo.Persistence.JournalFsync fsync, long lastSequence)
    {
        _files = files;
        _directory = directory;
        _fsync = fsync;
        _written = _synced = _pendingLast = lastSequence;
        OpenSegment(lastSequence + 1);
        _syncThread = new Thread(SyncLoop) { IsBackground = true, Name = "mnemo-journal-sync" };
        _syncThread.Start();
        _releaseThread = new Thread(ReleaseLoop) { IsBackground = true, Name = "mnemo-journal-release" };
        _releaseThread.Start();
    }

    /// <summary>The reason the journal stopped accepting writes, or null.</summary>
    public string? Failure => _failure;

    /// <summary>Bytes written to segments since the journal was opened (for automatic compaction).</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    public long WrittenSequence => Volatile.Read(ref _written);

    public long SyncedSequence => Volatile.Read(ref _synced);

    public void OnChanges(long firstSequence, int count, ReadOnlySpan<byte> records)
    {
        lock (_bufferGate)
        {
            JournalFile.AppendFrame(_pending, firstSequence, count, records);
            _pendingLast = firstSequence + count - 1;
        }
    }

    /// <summary>
    /// Returns once every record up to <paramref name="sequence"/> has reached the operating system
    /// (and, with fsync Always, stable storage). Throws <see cref="MnemoException"/> (MISCONF) when
    /// the journal has failed: the write must not be acknowledged.
    /// </summary>
    public void Acknowledge(long sequence)
    {
        WriteThrough(sequence);
        if (_fsync == Mnemo.Persistence.JournalFsync.Always && Volatile.Read(ref _synced) < sequence)
        {
            WaitSynced(sequence);
        }
    }

    /// <summary>
    /// <see cref="Acknowledge"/> for the server: waits for the fsync without blocking a thread (the
    /// sync thread completes the waiters its fsync covered, so one fsync releases a whole batch of
    /// connections; a blocked pool thread per waiting connection would starve the server).
    /// </summary>
    /// <remarks>
    /// After an fsync the released waiters' continuations (the server sends their replies there)
    /// run on the journal's release thread, one batch per fsync (see <c>Journal.Releaser.cs</c>).
    /// Completing them on the thread pool cost a pool hop per request: with 50 clients at pipeline
    /// depth 1 the pool's workers spun in sched_yield (3.8 calls per request) and the server used
    /// about three times the CPU per request of everysec.
    /// </remarks>
    public ValueTask AcknowledgeAsync(long sequence)
    {
        WriteThrough(sequence);
        if (_fsync != Mnemo.Persistence.JournalFsync.Always || Volatile.Read(ref _synced) >= sequence)
        {
            return ValueTask.CompletedTask;
        }
        var done = new TaskCompletionSource(); // continuations run where it completes: see HandToReleaser
        List<(TaskCompletionSource, Exception?)>? released;
        lock (_syncGate)
        {
            _syncWaiters.Add((sequence, done));
            if (sequence > _syncRequested)
            {
                _syncRequested = sequence;
                Monitor.PulseAll(_syncGate);
            }
            released = ReleaseWaitersLocked(); // it may be synced, failed or stopping already
        }
        CompleteReleased(released, inline: false);
        return new ValueTask(done.Task);
    }

    /// <summary>Writes every pending frame up to at least <paramref name="sequence"/> to the segment.</summary>
    public void WriteThrough(long sequence)
    {
        if (Volatile.Read(ref _written) >= sequence)
        {
            ThrowIfFailed();
            return;
        }
        lock (_writeGate)
        {
            ThrowIfFailed();
            if (_written >= sequence)
            {
                return;
            }
            WritePendingLocked();
            ThrowIfFailed();
        }
    }

    /// <summary>
    /// Starts a new segment after <paramref name="sequence"/>: called by a snapshot at its point in
    /// time, with every shard lock held, so nothing is being published. Records up to it go to the
    /// old segment (or are covered by the snapshot if the journal has failed).
    /// </summary>
    public void Rotate(long sequence)
    {
        lock (_writeGate)
        {
            if (_failure is null)
            {
                WritePendingLocked();
            }
            lock (_bufferGate)
            {
                _pending.Clear(); // only reached with a failure: the snapshot holds these records
                _pendingLast = sequence;
            }
            if (_segment is not null)
            {
                lock (_syncGate)
                {
                    _retired.Add(_segment);
                }
                _segment = null;
            }
            Volatile.Write(ref _written, sequence);
            try
            {
                OpenSegment(sequence + 1);
            }
            catch (IOException e)
            {
                Fail($"cannot create journal segment: {e.Message}");
            }
        }
    }

    /// <summary>Accepts writes again (a snapshot taken after the failure is durable and a fresh segment is open).</summary>
    public void ClearFailure()
    {
        lock (_writeGate)
        {
            if (_segment is not null)
            {
                _failure = null;
            }
        }
    }

    /// <summary>fsyncs now (shutdown, BGREWRITEAOF, tests).</summary>
    public void SyncNow()
    {
        lock (_writeGate)
        {
            WritePendingLocked();
        }
        SyncOnce();
        ThrowIfFailed();
    }

    public void Dispose()
    {
        _stopping = true;
        lock (_syncGate)
        {
            Monitor.PulseAll(_syncGate);
        }
        _syncThread.Join();
        try
        {
            lock (_writeGate)
            {
                WritePendingLocked();
            }
            SyncOnce();
        }
        finally
        {
            lock (_writeGate)
            {
                _segment?.Dispose();
                _segment = null;
            }
            List<(TaskCompletionSource, Exception?)>? released;
            lock (_syncGate)
            {
                released = ReleaseWaitersLocked(); // _stopping: whoever the final fsync did not cover gets an error
            }
            CompleteReleased(released, inline: false);
            StopReleaser();
        }
    }

    /// <summary>
    /// Takes the asynchronous waiters (<see cref="AcknowledgeAsync"/>) whose records are synced, and
    /// all of them when the journal failed or is stopping (those get an error: never acknowledged
    /// unsynced). Called with <c>_syncGate</c> held; the caller completes them with
    /// <see cref="CompleteReleased"/> after letting go of its locks. Null when none.
    /// </summary>
    private List<(TaskCompletionSource Done, Exception? Error)>? ReleaseWaitersLocked()
    {
        if (_syncWaiters.Count == 0)
        {
            return null;
        }
        long synced = Volatile.Read(ref _synced);
        string? failure = _failure;
        bool stopping = _stopping;
        List<(TaskCompletionSource, Exception?)>? released = null;
        int kept = 0;
        for (int i = 0; i < _syncWaiters.Count; i++)
        {
            var (sequence, done) = _syncWaiters[i];
            if (failure is not null)
            {
                (released ??= []).Add((done, new MnemoException(RedisErrors.Misconf(failure))));
            }
            else if (synced >= sequence)
            {
                (released ??= []).Add((done, null));
            }
            else if (stopping)
            {
                (released ??= []).Add((done, new MnemoException(RedisErrors.JournalClosed)));
            }
            else
            {
                _syncWaiters[kept++] = _syncWaiters[i];
            }
        }
        _syncWaiters.RemoveRange(kept, _syncWaiters.Count - kept);
        return released;
    }

    /// <summary>
    /// Completes released waiters. Their continuations run on the completing thread (the server
    /// flushes the replies there), so only a thread holding no lock completes them inline (the
    /// release thread); any other (a writer that hit a failure holds the write lock, a handler is
    /// mid-command) hands them to the thread pool in one work item.
    /// </summary>
    private static void CompleteReleased(List<(TaskCompletionSource Done, Exception? Error)>? released, bool inline)
    {
        if (released is null)
        {
            return;
        }
        if (!inline)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static list => CompleteReleased(list, inline: true), released, preferLocal: false);
            return;
        }
        foreach (var (done, error) in released)
        {
            if (error is null)
            {
                done.TrySetResult();
            }
            else
            {
                done.TrySetException(error);
            }
        }
    }

    private void OpenSegment(long firstSequence)
    {
        var segment = _files.Create(Path.Combine(_directory, JournalFile.NameFor(firstSequence)));
        try
        {
            segment.Write(JournalFile.EncodeHeader(firstSequence));
        }
        catch
        {
            segment.Dispose();
            throw;
        }
        _segment = segment;
        _segmentNeedsDirectorySync = true;
    }

    private void WritePendingLocked()
    {
        if (_failure is not null || _segment is null)
        {
            return;
        }
        long last;
        lock (_bufferGate)
        {
            (_pending, _spare) = (_spare, _pending);
            last = _pendingLast;
        }
        if (_spare.Length > 0)
        {
            try
            {
                _segment.Write(_spare.Written);
                Interlocked.Add(ref _bytesWritten, _spare.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail($"journal write failed: {e.Message}");
                return;
            }
            finally
            {
                _spare.Clear();
            }
        }
        Volatile.Write(ref _written, last);
    }

    private void WaitSynced(long sequence)
    {
        lock (_syncGate)
        {
            if (sequence > _syncRequested)
            {
                _syncRequested = sequence;
                Monitor.PulseAll(_syncGate);
            }
            while (Volatile.Read(ref _synced) < sequence && _failure is null && !_stopping)
            {
                Monitor.Wait(_syncGate);
            }
        }
        ThrowIfFailed();
        if (Volatile.Read(ref _synced) < sequence)
        {
            throw new MnemoException(RedisErrors.JournalClosed);
        }
    }

    private void SyncLoop()
    {
        while (!_stopping)
        {
            lock (_syncGate)
            {
                // Always: fsync as soon as anyone waits. Every mode also wakes once a second to write
                // and fsync what nobody acknowledged (expiry deletes, writes of unacknowledging callers).
                if (_fsync != Mnemo.Persistence.JournalFsync.Always || _syncRequested <= _synced)
                {
                    Monitor.Wait(_syncGate, 1000);
                }
            }
            if (_stopping)
            {
                return;
            }
            lock (_writeGate)
            {
                WritePendingLocked();
            }
            if (_fsync == Mnemo.Persistence.JournalFsync.OperatingSystem && Environment.TickCount64 - _lastSyncTicks < 30_000)
            {
                continue; // the OS flushes on its own schedule; fsync only every 30 s (closing retired segments)
            }
            _lastSyncTicks = Environment.TickCount64;
            SyncOnce(onSyncThread: true);
        }
    }

    /// <summary>fsyncs retired segments, the directory when a segment was created, then the current segment.</summary>
    private void SyncOnce(bool onSyncThread = false)
    {
        List<(TaskCompletionSource, Exception?)>? released;
        lock (_syncRun)
        {
            released = SyncOnceLocked();
        }
        if (onSyncThread)
        {
            HandToReleaser(released); // the next fsync starts while the replies are sent
        }
        else
        {
            CompleteReleased(released, inline: false);
        }
    }

    private List<(TaskCompletionSource, Exception?)>? SyncOnceLocked()
    {
        long target = Volatile.Read(ref _written);
        IDurableFile? segment;
        IDurableFile[] retired;
        bool directory;
        lock (_writeGate)
        {
            segment = _segment;
            directory = _segmentNeedsDirectorySync;
            _segmentNeedsDirectorySync = false;
        }
        lock (_syncGate)
        {
            retired = [.. _retired];
            _retired.Clear();
        }
        try
        {
            foreach (var old in retired)
            {
                old.Sync();
                old.Dispose();
            }
            if (directory)
            {
                _files.SyncDirectory(_directory);
            }
            if (_failure is null)
            {
                segment?.Sync();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            if (e is not ObjectDisposedException)
            {
                Fail($"journal fsync failed: {e.Message}");
            }
        }
        lock (_syncGate)
        {
            if (_failure is null && target > _synced)
            {
                Volatile.Write(ref _synced, target);
            }
            Monitor.PulseAll(_syncGate);
            return ReleaseWaitersLocked();
        }
    }

    private void Fail(string reason)
    {
        _failure ??= reason;
        List<(TaskCompletionSource, Exception?)>? released;
        lock (_syncGate)
        {
            Monitor.PulseAll(_syncGate);
            released = ReleaseWaitersLocked();
        }
        CompleteReleased(released, inline: false);
        Failed?.Invoke(reason);
    }

    /// <summary>Raised once per failure, on the failing thread (which holds no shard lock).</summary>
    public event Action<string>? Failed;

    private void ThrowIfFailed()
    {
        if (_failure is { } reason)
        {
            throw new MnemoException(RedisErrors.Misconf(reason));
        }
    }
}
