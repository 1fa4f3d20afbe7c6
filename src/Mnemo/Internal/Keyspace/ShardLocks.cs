using System.Buffers;

namespace Mnemo.Internal.Keyspace;

/// <summary>
/// Holds the locks of several shards, taken in ascending ordinal order (the one global lock order)
/// and released in reverse. Duplicates are taken once. The sorted list lives in a pooled array
/// returned by <see cref="Dispose"/> (MSET and the other multi-key commands allocate nothing for
/// their locks), so an instance must be disposed exactly once: use it only in a <c>using</c>.
/// </summary>
internal readonly struct ShardLocks : IDisposable
{
    private readonly Shard[] _shards;
    private readonly int _count;

    private ShardLocks(Shard[] shards, int count)
    {
        _shards = shards;
        _count = count;
    }

    public static ShardLocks Enter(params ReadOnlySpan<Shard> shards)
    {
        var sorted = ArrayPool<Shard>.Shared.Rent(shards.Length);
        shards.CopyTo(sorted);
        sorted.AsSpan(0, shards.Length).Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
        int count = 0;
        for (int i = 0; i < shards.Length; i++)
        {
            if (count > 0 && ReferenceEquals(sorted[count - 1], sorted[i]))
            {
                continue;
            }
            sorted[count++] = sorted[i];
        }
        int entered = 0;
        try
        {
            for (; entered < count; entered++)
            {
                sorted[entered].Enter();
            }
        }
        catch
        {
            for (int i = entered - 1; i >= 0; i--)
            {
                sorted[i].Exit();
            }
            ArrayPool<Shard>.Shared.Return(sorted, clearArray: true);
            throw;
        }
        return new ShardLocks(sorted, count);
    }

    public void Dispose()
    {
        for (int i = _count - 1; i >= 0; i--)
        {
            _shards[i].Exit();
        }
        ArrayPool<Shard>.Shared.Return(_shards, clearArray: true);
    }
}
