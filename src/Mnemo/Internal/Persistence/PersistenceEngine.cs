using Mnemo.Changes;
using Mnemo.Internal.Changes;
using Mnemo.Internal.Keyspace;
using Mnemo.Persistence;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// A store's persistence: recovery on open, the journal, snapshots (on demand, by save rules and
/// to compact the journal) and the failure discipline: when a journal write, an fsync or a snapshot
/// fails, writes are refused (MISCONF) until a snapshot of memory taken after the failure is durable;
/// a background check retries that every second, so writes resume by themselves.
/// </summary>
internal sealed partial class PersistenceEngine : IDisposable
{
    private readonly StoreCore _core;
    private readonly MnemoPersistenceOptions _options;
    private readonly IFileLayer _files;
    private readonly string _directory;
    private readonly Journal? _journal;
    private readonly SequenceCounter? _counter;
    private readonly SemaphoreSlim _snapshotGate = new(1, 1);
    private readonly Timer _timer;
    private readonly Lock _stateGate = new();
    private long _lastSaveSequence;
    private long _lastSaveUnixMs;
    private long _journalBytesAtLastSave;
    private bool _lastSnapshotFailed;
    private string? _failure;
    private long _snapshotStartedUnixMs;
    private long _lastSnapshotDurationMs = -1;
    private long _snapshotsTaken;
    private int _disposed;

    public PersistenceEngine(StoreCore core, MnemoPersistenceOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new ArgumentException("Persistence needs a Directory.", nameof(options));
        }
        _core = core;
        _options = options;
        _files = options.FileLayer;
        _directory = Path.GetFullPath(options.Directory);
        System.IO.Directory.CreateDirectory(_directory);
        RemoveTemporaryFiles();
        Recovered = Recovery.Run(core, _files, _directory, cutTornTail: true, options.Log);
        _lastSaveSequence = Recovered.Sequence;
        _lastSaveUnixMs = core.NowMs();
        if (options.Mode == DurabilityMode.Journal)
        {
            _journal = new Journal(_files, _directory, options.Fsync, Recovered.Sequence);
            _journal.Failed += OnFailure;
            core.Changes.Subscribe(_journal);
        }
        else
        {
            // Snapshot mode still numbers changes: save rules count them and a snapshot names its point.
            _counter = new SequenceCounter();
            core.Changes.Subscribe(_counter);
        }
        _timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public Recovery.Result Recovered { get; }

    public string Directory => _directory;

    public MnemoPersistenceOptions Options => _options;

    public Journal? Journal => _journal;

    /// <summary>
    /// Waits until this thread's last published write is in the journal (as the fsync mode demands);
    /// throws MISCONF when it cannot be. A no-op when the thread published nothing since.
    /// </summary>
    public void Acknowledge()
    {
        long sequence = _core.Changes.TakeThreadPublished();
        if (sequence != 0)
        {
            _journal?.Acknowledge(sequence);
        }
    }

    /// <summary><see cref="Acknowledge"/> for the server's asynchronous reply path.</summary>
    public ValueTask AcknowledgeAsync()
    {
        long sequence = _core.Changes.TakeThreadPublished();
        if (sequence == 0 || _journal is null)
        {
            return ValueTask.CompletedTask;
        }
        return _journal.AcknowledgeAsync(sequence);
    }

    /// <summary>SAVE: a snapshot now, on this thread.</summary>
    public void Save()
    {
        if (!_snapshotGate.Wait(0))
        {
            throw new MnemoException(RedisErrors.SnapshotInProgress);
        }
        try
        {
            TakeSnapshot();
        }
        finally
        {
            _snapshotGate.Release();
        }
    }

    /// <summary>BGSAVE: fixes the point in time now and writes the snapshot in the background.</summary>
    public Task SaveInBackground()
    {
        if (!_snapshotGate.Wait(0))
        {
            throw new MnemoException(RedisErrors.SnapshotInProgress);
        }
        try
        {
            var capture = BeginCapture();
            return Task.Run(() =>
            {
                try
                {
                    WriteSnapshot(capture);
                }
                finally
                {
                    _snapshotGate.Release();
                }
            });
        }
        catch
        {
            _snapshotGate.Release();
            throw;
        }
    }

    public bool SnapshotInProgress => _snapshotGate.CurrentCount == 0;

    /// <summary>Waits for a background snapshot to finish (tests, shutdown).</summary>
    public void WaitForSnapshot()
    {
        _snapshotGate.Wait();
        _snapshotGate.Release();
    }

    private void TakeSnapshot() => WriteSnapshot(BeginCapture());

    private SnapshotCapture BeginCapture()
    {
        Interlocked.Exchange(ref _snapshotStartedUnixMs, _core.NowMs());
        return SnapshotCapture.Begin(_core, _journal is null ? null : _journal.Rotate);
    }

    private void WriteSnapshot(SnapshotCapture capture)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        string name = $"{_options.SnapshotFileName}.{capture.Sequence:D20}";
        try
        {
            WriteSnapshotFile(capture, _directory, name);
            new Manifest(name, capture.Sequence).Commit(_files, _directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            capture.Abandon();
            lock (_stateGate)
            {
                _lastSnapshotFailed = true;
                _lastSnapshotDurationMs = started.ElapsedMilliseconds;
            }
            Interlocked.Exchange(ref _snapshotStartedUnixMs, 0);
            OnFailure($"snapshot failed: {e.Message}");
            throw new MnemoException(RedisErrors.Misconf($"snapshot failed: {e.Message}"), e);
        }
        lock (_stateGate)
        {
            _lastSaveSequence = capture.Sequence;
            _lastSaveUnixMs = _core.NowMs();
            _journalBytesAtLastSave = _journal?.BytesWritten ?? 0;
            _lastSnapshotFailed = false;
            _lastSnapshotDurationMs = started.ElapsedMilliseconds;
            _snapshotsTaken++;
        }
        Interlocked.Exchange(ref _snapshotStartedUnixMs, 0);
        RemoveSupersededFiles(name, capture.Sequence);
        RecoverFromFailure();
    }

    /// <summary>Writes the capture as a complete snapshot file: temporary file, fsync, rename, directory fsync.</summary>
    internal void WriteSnapshotFile(SnapshotCapture capture, string directory, string name)
    {
        var temporary = Path.Combine(directory, name + ".tmp");
        try
        {
            using (var file = _files.Create(temporary))
            {
                file.Write(SnapshotFile.EncodeHeader(capture.Header));
                var (entries, chunks) = capture.Drain(file.Write);
                file.Write(SnapshotFile.EncodeEnd(entries, chunks));
                file.Sync();
            }
            _files.Rename(temporary, Path.Combine(directory, name));
            _files.SyncDirectory(directory);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>BACKUP: a consistent copy of memory now, as a data directory a store can start from.</summary>
    public void Backup(string target)
    {
        var directory = Path.GetFullPath(target);
        if (string.Equals(directory, _directory, StringComparison.Ordinal))
        {
            throw new ArgumentException("The backup target must not be the store's own data directory.", nameof(target));
        }
        System.IO.Directory.CreateDirectory(directory);
        if (System.IO.Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new IOException($"The backup target '{directory}' is not empty.");
        }
        // One capture at a time: a shard has one pending-capture slot, so a second capture would
        // silently skip shards the first has not copied yet.
        _snapshotGate.Wait();
        try
        {
            var capture = SnapshotCapture.Begin(_core, atPoint: null);
            string name = $"{_options.SnapshotFileName}.{capture.Sequence:D20}";
            try
            {
                WriteSnapshotFile(capture, directory, name);
                new Manifest(name, capture.Sequence).Commit(_files, directory);
            }
            catch
            {
                capture.Abandon();
                throw;
            }
        }
        finally
        {
            _snapshotGate.Release();
        }
    }

    private void RemoveSupersededFiles(string snapshot, long sequence)
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(_directory, _options.SnapshotFileName + ".*"))
        {
            var name = Path.GetFileName(path);
            if (name != snapshot && !name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                TryDelete(path);
            }
        }
        foreach (var (first, path) in Recovery.Segments(_directory))
        {
            if (first <= sequence)
            {
                TryDelete(path); // superseded: every record it holds is in the committed snapshot
            }
        }
    }

    private void RemoveTemporaryFiles()
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            TryDelete(path);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            _files.Delete(path);
        }
        catch (IOException e)
        {
            _options.Log?.Invoke($"Could not delete '{path}': {e.Message}");
        }
    }

    /// <summary>Counts changes in snapshot-only mode (nothing else listens to the stream there).</summary>
    private sealed class SequenceCounter : IChangeObserver
    {
        public void OnChanges(long firstSequence, int count, ReadOnlySpan<byte> records)
        {
        }
    }
}
