namespace Mnemo.Internal.Persistence;

/// <summary>
/// The thread that completes the server's acknowledgements an fsync released (fsync <c>Always</c>):
/// their continuations, the reply flushes, run here, one batch per fsync, while the sync thread
/// starts the next fsync. Completing each on the thread pool cost a pool hop per request (the
/// pool's workers spun in <c>sched_yield</c>, 3.8 calls per request at pipeline depth 1); running
/// them on the sync thread itself saved that CPU but delayed the next fsync by the replies' time.
/// </summary>
internal sealed partial class Journal
{
    private readonly object _releaseGate = new(); // a monitor: the releaser sleeps on it
    private readonly Thread _releaseThread;
    private List<(TaskCompletionSource Done, Exception? Error)> _toRelease = []; // under _releaseGate
    private List<(TaskCompletionSource Done, Exception? Error)> _releasing = []; // the releaser's
    private bool _releaserSleeping; // under _releaseGate
    private bool _releaserStopping; // under _releaseGate

    private void HandToReleaser(List<(TaskCompletionSource Done, Exception? Error)>? released)
    {
        if (released is null)
        {
            return;
        }
        lock (_releaseGate)
        {
            if (_releaserStopping)
            {
                CompleteReleased(released, inline: false);
                return;
            }
            _toRelease.AddRange(released);
            if (_releaserSleeping)
            {
                _releaserSleeping = false;
                Monitor.Pulse(_releaseGate);
            }
        }
    }

    private void ReleaseLoop()
    {
        while (true)
        {
            lock (_releaseGate)
            {
                while (_toRelease.Count == 0 && !_releaserStopping)
                {
                    _releaserSleeping = true;
                    Monitor.Wait(_releaseGate);
                }
                if (_toRelease.Count == 0)
                {
                    return;
                }
                (_toRelease, _releasing) = (_releasing, _toRelease);
            }
            CompleteReleased(_releasing, inline: true); // holding no lock: continuations run here
            _releasing.Clear();
        }
    }

    /// <summary>
    /// Tells the releaser to stop once it has completed everything handed to it, without waiting for
    /// it: the continuations it runs are a connection's next commands, which may wait for what the
    /// disposing thread holds (the store's dispose holds the snapshot gate, and SHUTDOWN waits for
    /// it), so joining the thread here could deadlock. What it still holds was fsynced already.
    /// </summary>
    private void StopReleaser()
    {
        lock (_releaseGate)
        {
            _releaserStopping = true;
            Monitor.Pulse(_releaseGate);
        }
    }
}
