using Mnemo.Internal.Keyspace;
using Mnemo.Persistence;

namespace Mnemo.Internal.Persistence;

/// <summary>Failure and recovery, autosave and the status INFO reports.</summary>
internal sealed partial class PersistenceEngine
{
    /// <summary>
    /// A journal write, an fsync or a snapshot failed: refuse writes until a snapshot taken after
    /// this point is durable. Runs on the thread pool because the failing thread may hold the
    /// journal's write lock, which a snapshot's rotation takes under every shard lock.
    /// </summary>
    private void OnFailure(string reason)
    {
        lock (_stateGate)
        {
            _failure ??= reason;
        }
        _options.Log?.Invoke($"Persistence failed, refusing writes until a snapshot succeeds: {reason}");
        ThreadPool.QueueUserWorkItem(_ => SetRefusal(RedisErrors.Misconf(reason)));
    }

    private void SetRefusal(string? refusal)
    {
        if (Volatile.Read(ref _disposed) != 0 && refusal is not null)
        {
            return;
        }
        using (ShardLocks.Enter(_core.ShardsByOrdinal))
        {
            _core.WritesRefused = refusal;
        }
    }

    /// <summary>After a successful snapshot: a failure that happened before it is healed.</summary>
    private void RecoverFromFailure()
    {
        string? healed;
        lock (_stateGate)
        {
            healed = _failure;
            _failure = null;
        }
        if (healed is null)
        {
            return;
        }
        _journal?.ClearFailure();
        if (_journal?.Failure is { } still)
        {
            OnFailure(still);
            return;
        }
        SetRefusal(null);
        _options.Log?.Invoke($"Persistence recovered (a snapshot after the failure is durable); writes are accepted again. The failure was: {healed}");
    }

    public string? Failure
    {
        get
        {
            lock (_stateGate)
            {
                return _failure;
            }
        }
    }

    /// <summary>Once a second: heal a failure, apply save rules, compact a grown journal.</summary>
    private void Tick()
    {
        if (Volatile.Read(ref _disposed) != 0 || SnapshotInProgress)
        {
            return;
        }
        try
        {
            if (Failure is not null || WantsSnapshot())
            {
                if (_snapshotGate.Wait(0))
                {
                    try
                    {
                        TakeSnapshot();
                    }
                    finally
                    {
                        _snapshotGate.Release();
                    }
                }
            }
        }
        catch (MnemoException)
        {
            // Already recorded as a failure; the next tick tries again.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            OnFailure($"snapshot failed: {e.Message}");
        }
    }

    private bool WantsSnapshot()
    {
        long changes = ChangesSinceLastSave;
        if (changes <= 0)
        {
            return false;
        }
        long elapsedMs;
        long journalGrowth;
        lock (_stateGate)
        {
            elapsedMs = _core.NowMs() - _lastSaveUnixMs;
            journalGrowth = (_journal?.BytesWritten ?? 0) - _journalBytesAtLastSave;
        }
        if (_options.CompactAfterBytes > 0 && journalGrowth >= _options.CompactAfterBytes)
        {
            return true;
        }
        foreach (var rule in _options.SaveRules)
        {
            if (changes >= rule.Changes && elapsedMs >= rule.Interval.TotalMilliseconds)
            {
                return true;
            }
        }
        return false;
    }

    public long ChangesSinceLastSave
    {
        get
        {
            lock (_stateGate)
            {
                return _core.Changes.LastSequence - _lastSaveSequence;
            }
        }
    }

    public PersistenceStatus GetStatus()
    {
        lock (_stateGate)
        {
            long started = Interlocked.Read(ref _snapshotStartedUnixMs);
            return new PersistenceStatus(
                Directory: _directory,
                Mode: _options.Mode,
                Fsync: _options.Fsync,
                ChangesSinceLastSave: _core.Changes.LastSequence - _lastSaveSequence,
                LastSave: DateTimeOffset.FromUnixTimeMilliseconds(_lastSaveUnixMs),
                LastSnapshotSucceeded: !_lastSnapshotFailed,
                SnapshotInProgress: started != 0,
                CurrentSnapshotStarted: started == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(started),
                LastSnapshotDuration: _lastSnapshotDurationMs < 0 ? null : TimeSpan.FromMilliseconds(_lastSnapshotDurationMs),
                SnapshotsTaken: _snapshotsTaken,
                JournalBytesWritten: _journal?.BytesWritten ?? 0,
                JournalSequence: _core.Changes.LastSequence,
                Failure: _failure ?? _journal?.Failure,
                RecoveredKeys: Recovered.SnapshotKeys,
                RecoveredRecords: Recovered.JournalRecords);
        }
    }

    /// <summary>Stops background work; the journal is written and fsynced, and a snapshot-only store with save rules saves once more (as Redis's SHUTDOWN does).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _timer.Dispose();
        _snapshotGate.Wait();
        try
        {
            if (_journal is not null)
            {
                _core.Changes.Unsubscribe(_journal);
                _journal.Dispose();
            }
            else
            {
                if (_options.SaveRules.Count > 0 && !_skipFinalSnapshot && ChangesSinceLastSave > 0 && Failure is null)
                {
                    try
                    {
                        TakeSnapshot();
                    }
                    catch (MnemoException e)
                    {
                        _options.Log?.Invoke($"Final snapshot at shutdown failed: {e.Message}");
                    }
                }
                _core.Changes.Unsubscribe(_counter!);
            }
        }
        finally
        {
            _snapshotGate.Release();
        }
    }
}
