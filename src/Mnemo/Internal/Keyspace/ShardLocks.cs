namespace Mnemo.Internal.Keyspace;

/// <summary>
/// Holds the locks of several shards, taken in ascending ordinal order (the one global lock order)
/// and released in reverse. Duplicates are taken once.
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
        var sorted = shards.ToArray();
        Array.Sort(sorted, static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
        int count = 0;
        for (int i = 0; i < sorted.Length; i++)
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
                sorted[entered].Gate.Enter();
            }
        }
        catch
        {
            for (int i = entered - 1; i >= 0; i--)
            {
                sorted[i].Gate.Exit();
            }
            throw;
        }
        return new ShardLocks(sorted, count);
    }

    public void Dispose()
    {
        for (int i = _count - 1; i >= 0; i--)
        {
            _shards[i].Gate.Exit();
        }
    }
}
