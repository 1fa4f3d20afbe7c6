namespace Mnemo.Internal.Keyspace;

/// <summary>Reads for search indexes (FT.SEARCH): a live key of a given type, under its lock.</summary>
internal sealed partial class Db
{
    /// <summary>
    /// Runs <paramref name="read"/> on the live value at <paramref name="key"/> when it is of
    /// <paramref name="kind"/> (expired keys are removed lazily first); false otherwise.
    /// <paramref name="read"/> runs under the lock and must copy what it keeps.
    /// </summary>
    public bool ReadLive<T>(byte[] key, ValueKind kind, Func<object, T> read, out T? result)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0 || shard.Table.At(i).Kind != kind)
            {
                result = default;
                return false;
            }
            result = read(shard.Table.At(i).Item!);
            return true;
        }
    }
}
