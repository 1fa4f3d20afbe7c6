using System.Diagnostics;

namespace Mnemo.Server.Commands;

/// <summary>
/// CLIENT PAUSE / UNPAUSE: while a pause is in effect, the commands it covers (every command in
/// ALL mode; in WRITE mode the writes, PUBLISH and an EXEC with queued writes) wait, before they
/// run or queue, until CLIENT UNPAUSE or the pause's end. A new pause extends the end time and
/// ALL wins over WRITE, as in Redis.
/// </summary>
internal sealed class ClientPause
{
    private readonly Lock _gate = new();
    private long _until;
    private bool _all;
    private TaskCompletionSource _released = NewSignal();
    private volatile bool _paused;

    public bool IsPaused => _paused && Stopwatch.GetTimestamp() < Volatile.Read(ref _until);

    public void Pause(long milliseconds, bool all)
    {
        lock (_gate)
        {
            long until = Stopwatch.GetTimestamp() + (long)(milliseconds * (Stopwatch.Frequency / 1000.0));
            if (!_paused || Stopwatch.GetTimestamp() >= _until)
            {
                _all = all;
                _until = until;
            }
            else
            {
                _all |= all;
                _until = Math.Max(_until, until);
            }
            _paused = true;
        }
    }

    public void Unpause()
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            _paused = false;
            released = _released;
            _released = NewSignal();
        }
        released.TrySetResult();
    }

    /// <summary>True when <paramref name="spec"/> must wait now.</summary>
    public bool Covers(CommandSpec spec, Sessions.ClientSession session)
    {
        if (!IsPaused)
        {
            return false;
        }
        lock (_gate)
        {
            if (_all)
            {
                return true;
            }
        }
        return (spec.Flags & CommandFlags.Write) != 0
            || spec.LowerName is "publish" or "spublish"
            || (spec.LowerName == "exec" && session.Transaction.Queue.Any(q => (q.Spec.Flags & CommandFlags.Write) != 0));
    }

    /// <summary>Waits until the pause ends.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task released;
            long left;
            lock (_gate)
            {
                if (!_paused)
                {
                    return;
                }
                left = _until - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    _paused = false;
                    return;
                }
                released = _released.Task;
            }
            var delay = TimeSpan.FromMilliseconds(Math.Ceiling(left * 1000.0 / Stopwatch.Frequency));
            await Task.WhenAny(released, Task.Delay(delay, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
