namespace Mnemo.Internal.Persistence;

/// <summary>Export's use of the snapshot machinery.</summary>
internal sealed partial class PersistenceEngine
{
    /// <summary>
    /// Runs <paramref name="body"/> while no snapshot is being taken (waiting for a running one):
    /// a store has one point-in-time capture at a time. Snapshots asked for meanwhile are refused as
    /// in progress (SAVE, BGSAVE) or postponed (save rules, by one-second ticks).
    /// </summary>
    public T ExclusiveCapture<T>(Func<T> body)
    {
        _snapshotGate.Wait();
        try
        {
            return body();
        }
        finally
        {
            _snapshotGate.Release();
        }
    }
}
