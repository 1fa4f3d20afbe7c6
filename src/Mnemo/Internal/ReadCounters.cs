using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Mnemo.Internal;

/// <summary>
/// Keyspace hits and misses of the embedded GETs that read without the shard lock (each one also
/// a command), counted per thread: a GET that takes no lock has no lock to count under, and an
/// interlocked increment would put a locked instruction, and a cache line every reading thread
/// writes, back on each GET (not measured). The counts of a thread that has
/// ended stay in the totals; a later thread that gets the same managed thread id continues them.
/// </summary>
internal sealed class ReadCounters
{
    [ThreadStatic]
    private static Cell? ThreadCell; // this thread's cell of the store it read last

    private readonly ConcurrentDictionary<int, Cell> _byThread = new();
    private readonly Lock _resetGate = new();
    private long _baseHits;
    private long _baseMisses;

    /// <summary>The calling thread's counters (only that thread writes them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Cell ForCurrentThread()
    {
        var cell = ThreadCell;
        return cell is not null && ReferenceEquals(cell.Owner, this) ? cell : Register();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Cell Register()
    {
        var cell = _byThread.GetOrAdd(Environment.CurrentManagedThreadId, static (_, owner) => new Cell(owner), this);
        ThreadCell = cell;
        return cell;
    }

    /// <summary>Hits and misses since the last <see cref="Reset"/>.</summary>
    public (long Hits, long Misses) Totals()
    {
        // Summed inside the lock, as Reset sums: a reset between summing and subtracting would
        // subtract a newer baseline from an older sum and report negative counts.
        lock (_resetGate)
        {
            var (hits, misses) = Sums();
            return (hits - _baseHits, misses - _baseMisses);
        }
    }

    /// <summary>Starts the counts again from zero (CONFIG RESETSTAT), without writing other threads' cells.</summary>
    public void Reset()
    {
        lock (_resetGate)
        {
            (_baseHits, _baseMisses) = Sums();
        }
    }

    private (long Hits, long Misses) Sums()
    {
        long hits = 0, misses = 0;
        foreach (var cell in _byThread.Values)
        {
            hits += Volatile.Read(ref cell.Hits);
            misses += Volatile.Read(ref cell.Misses);
        }
        return (hits, misses);
    }

    /// <summary>One thread's counts for one store.</summary>
    internal sealed class Cell(ReadCounters owner)
    {
        public readonly ReadCounters Owner = owner;
        public long Hits;
        public long Misses;
    }
}
