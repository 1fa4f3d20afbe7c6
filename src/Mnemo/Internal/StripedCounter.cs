using System.Runtime.InteropServices;

namespace Mnemo.Internal;

/// <summary>A counter incremented from many threads without one contended cache line.</summary>
internal sealed class StripedCounter
{
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct Cell
    {
        [FieldOffset(0)]
        public long Value;
    }

    private readonly Cell[] _cells = new Cell[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount))];

    public void Increment() =>
        Interlocked.Increment(ref _cells[Thread.GetCurrentProcessorId() & (_cells.Length - 1)].Value);

    /// <summary>Adds <paramref name="amount"/> at once (a server connection adds a batch's count).</summary>
    public void Add(long amount) =>
        Interlocked.Add(ref _cells[Thread.GetCurrentProcessorId() & (_cells.Length - 1)].Value, amount);

    public long Value
    {
        get
        {
            long sum = 0;
            foreach (ref var cell in _cells.AsSpan())
            {
                sum += Volatile.Read(ref cell.Value);
            }
            return sum;
        }
    }

    public void Reset()
    {
        foreach (ref var cell in _cells.AsSpan())
        {
            Volatile.Write(ref cell.Value, 0);
        }
    }
}
