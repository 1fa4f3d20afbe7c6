namespace Mnemo.Internal.Persistence;

/// <summary>
/// The server's acknowledgement with fsync <c>EverySecond</c> / <c>OperatingSystem</c>: a connection
/// that must not send its reply before its record is in the file registers itself and returns to
/// its event loop; the writer thread then writes everything pending with one system call and
/// releases every connection it covered. Redis does the same once per event-loop iteration
/// (one AOF <c>write</c>, then the replies). Writing on the connection's own thread instead costs a
/// system call per request at pipeline depth 1: two socket threads rarely acknowledge at the same
/// moment, so they almost never share a write.
/// </summary>
/// <remarks>
/// The waiters' continuations (the reply flush) run on the writer thread, not the thread pool:
/// a hop per request to the pool would cost more than the system call saved.
/// </remarks>
internal sealed partial class Journal
{
    private readonly object _writerGate = new(); // a monitor: the writer sleeps on it
    private readonly Thread _writerThread;
    private List<(long Sequence, TaskCompletionSource Done)> _writeWaiters = []; // under _writerGate
    private List<(long Sequence, TaskCompletionSource Done)> _writeWaitersSpare = []; // the writer's
    private bool _writerSleeping; // under _writerGate
    private volatile bool _writerStopping;

    /// <summary>
    /// Completes once every record up to <paramref name="sequence"/> is in the file; written by the
    /// writer thread together with whatever else is pending. Throws (MISCONF) up front when the
    /// journal has failed; the task fails when the write does.
    /// </summary>
    private ValueTask AcknowledgeWrittenAsync(long sequence)
    {
        ThrowIfFailed();
        if (Volatile.Read(ref _written) >= sequence)
        {
            return ValueTask.CompletedTask;
        }
        var done = new TaskCompletionSource();
        lock (_writerGate)
        {
            if (_writerStopping)
            {
                throw new MnemoException(RedisErrors.JournalClosed);
            }
            _writeWaiters.Add((sequence, done));
            if (_writerSleeping)
            {
                _writerSleeping = false;
                Monitor.Pulse(_writerGate);
            }
        }
        return new ValueTask(done.Task);
    }

    private void WriterLoop()
    {
        while (true)
        {
            List<(long Sequence, TaskCompletionSource Done)> batch;
            lock (_writerGate)
            {
                while (_writeWaiters.Count == 0 && !_writerStopping)
                {
                    _writerSleeping = true;
                    Monitor.Wait(_writerGate);
                }
                if (_writeWaiters.Count == 0)
                {
                    return; // stopping, and nobody waits
                }
                batch = _writeWaiters;
                _writeWaiters = _writeWaitersSpare;
                _writeWaitersSpare = batch;
            }
            lock (_writeGate)
            {
                WritePendingLocked();
            }
            ReleaseWritten(batch);
        }
    }

    /// <summary>Completes the waiters whose records are written; fails them all if the journal has failed.</summary>
    private void ReleaseWritten(List<(long Sequence, TaskCompletionSource Done)> batch)
    {
        string? failure = _failure;
        long written = Volatile.Read(ref _written);
        foreach (var (sequence, done) in batch)
        {
            if (failure is not null)
            {
                done.TrySetException(new MnemoException(RedisErrors.Misconf(failure)));
            }
            else if (written >= sequence)
            {
                done.TrySetResult(); // runs the connection's reply flush here
            }
            else
            {
                // Not reachable: every published record is pending or written, and the write above
                // took everything pending. Never acknowledge what is not in the file.
                done.TrySetException(new MnemoException(RedisErrors.JournalClosed));
            }
        }
        batch.Clear();
    }

    /// <summary>Stops the writer thread; the waiters still registered are written and released first.</summary>
    private void StopWriter()
    {
        lock (_writerGate)
        {
            _writerStopping = true;
            Monitor.Pulse(_writerGate);
        }
        if (Thread.CurrentThread != _writerThread) // a reply continuation on the writer may dispose the store (SHUTDOWN)
        {
            _writerThread.Join();
        }
    }
}
