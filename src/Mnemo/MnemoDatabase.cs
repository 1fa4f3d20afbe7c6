using Mnemo.Internal.Keyspace;

namespace Mnemo;

/// <summary>
/// The embedded implementation of <see cref="IMnemoDatabase"/>: converts keys and values to bytes
/// (on the stack when small) and calls the engine's operations on <see cref="Db"/>.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit] // key and value scratch buffers are written before they are read
internal sealed partial class MnemoDatabase : IMnemoDatabase
{
    private const int Scratch = MnemoKey.StackLimit;

    private readonly Db _db;

    internal MnemoDatabase(MnemoStore store, Db db)
    {
        Store = store;
        _db = db;
    }

    internal MnemoStore Store { get; }

    internal Db Engine => _db;

    /// <inheritdoc/>
    public int Database => _db.Index;

    /// <inheritdoc/>
    public MnemoTransaction CreateTransaction(params MnemoKey[] keys) => new(this, keys);

    /// <summary>
    /// Counts one command (INFO's total_commands_processed) and returns the scope that, disposed
    /// when the call returns (after the engine released its locks), waits until the call's writes
    /// are in the journal as the store's fsync mode demands: a write is acknowledged by returning.
    /// </summary>
    private WriteAcknowledgement Track()
    {
        _db.Core.CommandsProcessed.Increment();
        return new WriteAcknowledgement(Store.Persistence);
    }

    /// <summary><see cref="Track"/> without counting, for calls the engine counts itself.</summary>
    private WriteAcknowledgement Acknowledgement() => new(Store.Persistence);

    private readonly struct WriteAcknowledgement(Internal.Persistence.PersistenceEngine? persistence) : IDisposable
    {
        public void Dispose() => persistence?.Acknowledge();
    }

    /// <summary>Absolute expiry in Unix ms for a relative TTL, validated as Redis validates EX/PX.</summary>
    private long ExpiresAt(TimeSpan ttl, string command)
    {
        if (ttl <= TimeSpan.Zero)
        {
            throw new MnemoException(RedisErrors.InvalidExpireTime(command));
        }
        long ms = (long)Math.Ceiling(ttl.TotalMilliseconds);
        long now = _db.Core.NowMs();
        if (ms > long.MaxValue - now)
        {
            throw new MnemoException(RedisErrors.InvalidExpireTime(command));
        }
        return now + ms;
    }

    private static long ExpiresAt(DateTimeOffset at, string command)
    {
        long ms = at.ToUnixTimeMilliseconds();
        if (ms <= 0)
        {
            throw new MnemoException(RedisErrors.InvalidExpireTime(command));
        }
        return ms;
    }

    /// <summary>
    /// Walks a whole SCAN-style iteration lazily: each page is one command (counted as such), and
    /// cursor 0 ends the walk. Shared by KeyScan, SetScan, HashScan and SortedSetScan.
    /// </summary>
    private IEnumerable<T> ScanAll<T>(ulong cursor, Func<ulong, (ulong Next, IEnumerable<T> Items)> page)
    {
        do
        {
            Track();
            (cursor, var items) = page(cursor);
            foreach (var item in items)
            {
                yield return item;
            }
        }
        while (cursor != 0);
    }

    /// <summary>Keys as arrays the engine may hold for the duration of a multi-key call.</summary>
    private static byte[][] KeyArrays(IReadOnlyList<MnemoKey> keys)
    {
        var result = new byte[keys.Count][];
        for (int i = 0; i < keys.Count; i++)
        {
            result[i] = keys[i].Bytes();
        }
        return result;
    }

    private static byte[][] ValueArrays(IReadOnlyList<MnemoValue> values)
    {
        var result = new byte[values.Count][];
        for (int i = 0; i < values.Count; i++)
        {
            result[i] = values[i].IsNull ? throw new ArgumentException("Values must not be null.", nameof(values)) : values[i].ToArray();
        }
        return result;
    }
}
