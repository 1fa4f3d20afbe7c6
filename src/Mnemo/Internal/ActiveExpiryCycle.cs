using System.Diagnostics;

namespace Mnemo.Internal;

/// <summary>
/// Reclaims expired keys nobody reads, as Redis's active expire cycle does: at every tick, each
/// shard with volatile keys samples 20 of them (from its volatile index, in O(1) each), deletes
/// the expired ones, and samples again while more than a quarter were expired, within a time
/// budget. Nothing is scanned in full.
/// </summary>
internal sealed class ActiveExpiryCycle : IDisposable
{
    private const int SampleSize = 20;
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(25);

    private readonly StoreCore _core;
    private readonly ITimer _timer;
    private int _running;

    public ActiveExpiryCycle(StoreCore core, TimeSpan interval)
    {
        _core = core;
        _timer = TimeProvider.System.CreateTimer(_ => Tick(), null, interval, interval);
    }

    /// <summary>One cycle; returns the number of keys reclaimed (tests call it directly).</summary>
    public int Tick()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return 0;
        }
        try
        {
            return RunCycle(_core, Budget);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    internal static int RunCycle(StoreCore core, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        int reclaimed = 0;
        foreach (var db in core.Databases)
        {
            foreach (var shard in db.Shards)
            {
                if (shard.Table.VolatileCount == 0)
                {
                    continue;
                }
                using (shard.Lock())
                {
                    while (shard.Table.VolatileCount > 0)
                    {
                        long now = core.NowMs();
                        int expired = 0;
                        int samples = Math.Min(SampleSize, shard.Table.VolatileCount);
                        for (int s = 0; s < samples && shard.Table.VolatileCount > 0; s++)
                        {
                            int index = shard.Table.RandomVolatileEntry(Random.Shared);
                            if (shard.Table.At(index).ExpiresAt <= now)
                            {
                                db.ExpireEntry(shard, index);
                                expired++;
                            }
                        }
                        reclaimed += expired;
                        if (expired <= samples / 4 || clock.Elapsed > budget)
                        {
                            break;
                        }
                    }
                }
                if (clock.Elapsed > budget)
                {
                    return reclaimed;
                }
            }
        }
        return reclaimed;
    }

    public void Dispose() => _timer.Dispose();
}
