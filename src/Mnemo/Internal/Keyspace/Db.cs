using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Mnemo.Changes;
using Mnemo.Internal.Transactions;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>
/// One numbered database (0-15 by default): its shards and the engine operations on its keys.
/// Operations are split by family into partial files (<c>Db.Strings.cs</c>, <c>Db.Lists.cs</c>, ...).
/// </summary>
/// <remarks>
/// The shape of every write: find the shard, take its lock, look the key up (expiring it lazily),
/// validate everything, call <see cref="BeforeWrite"/>, mutate, then record the effect with
/// <see cref="Effect"/> and <see cref="Publish"/>. Validation before mutation keeps a refused
/// operation from changing anything; <see cref="BeforeWrite"/> keeps transactions undoable and
/// WATCH exact.
/// </remarks>
internal sealed partial class Db
{
    private readonly Shard[] _shards;
    private readonly int _shardShift;

    public Db(StoreCore core, int index, int shardCount)
    {
        Core = core;
        Index = index;
        _shards = new Shard[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            _shards[i] = new Shard((index * shardCount) + i);
        }
        _shardShift = 32 - System.Numerics.BitOperations.Log2((uint)shardCount);
    }

    public int Index { get; }

    public StoreCore Core { get; }

    public Shard[] Shards => _shards;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Shard ShardOf(int hash)
    {
        var shard = _shards[(uint)hash >> _shardShift];
        if (Transaction.Current is { } tx && !tx.Holds(shard))
        {
            ThrowNotDeclared();
        }
        return shard;
    }

    /// <summary>
    /// True on a thread that replays change records (<see cref="MnemoStore.ApplyChanges"/>): lazy
    /// expiry is suspended, as Redis suspends it while loading, because the stream already says
    /// when each key was deleted and a record must find its key as the writer found it.
    /// </summary>
    [ThreadStatic]
    internal static bool Replaying;

    /// <summary>The index of a live key, or -1; an expired key is deleted on the way (lazy expiry).</summary>
    /// <remarks>
    /// Inlined, with the expiry path out of line: it is on every command's path (the embedded GET's
    /// only when it falls back to the lock), and an operation's instruction count decides whether
    /// consecutive operations' cache misses overlap (docs/benchmarks.md, "Why the embedded GET's
    /// instruction count matters").
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindLive(Shard shard, ReadOnlySpan<byte> key, int hash)
    {
        var table = shard.Table;
        int index = table.Find(key, hash);
        if (index >= 0 && table.At(index).ExpiresAt != 0)
        {
            return ExpireIfDue(shard, index);
        }
        return index;
    }

    /// <summary>The rest of <see cref="FindLive"/> for a key that has an expiry.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ExpireIfDue(Shard shard, int index)
    {
        if (shard.Table.At(index).ExpiresAt <= Core.NowMs() && !Replaying)
        {
            ExpireEntry(shard, index);
            return -1;
        }
        return index;
    }

    /// <summary><see cref="FindLive"/> for read commands: counts keyspace hits and misses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindRead(Shard shard, ReadOnlySpan<byte> key, int hash)
    {
        int index = FindLive(shard, key, hash);
        if (index >= 0)
        {
            shard.Stats.Hits++;
        }
        else
        {
            shard.Stats.Misses++;
        }
        return index;
    }

    /// <summary>Deletes an expired key: counted, recorded as a delete, seen by WATCH.</summary>
    public void ExpireEntry(Shard shard, int index)
    {
        ref Slot slot = ref shard.Table.At(index);
        var key = KeyTable.KeyOf(in slot);
        shard.PendingCapture?.PreserveLocked(shard, key);
        if (Transaction.Current is { } tx)
        {
            tx.RecordUndo(this, shard, key, index);
        }
        shard.Watches?.Touch(key);
        IndexMarkDirty(shard, key); // documents: secondary indexes (Db.Documents.cs)
        var w = Effect(ChangeOp.Delete, 1);
        w?.Arg(key);
        // Removed before anyone outside is called: a change observer or the expiry hook that
        // wrote to this shard could move its entries, and the index would then name another key.
        // The key's bytes stay readable (a removed record is never rewritten, see RecordArena).
        shard.Table.Remove(index);
        shard.Stats.ExpiredKeys++;
        // The hook first: the server's keyspace notifier reports the delete record that follows
        // as "expired" only if it heard of the key before.
        Core.KeyExpired?.Invoke(Index, key.ToArray());
        if (w is not null)
        {
            Publish(w);
        }
    }

    /// <summary>Must precede every change of a key (index -1 when the key is about to be created).</summary>
    public void BeforeWrite(Shard shard, ReadOnlySpan<byte> key, int index) => BeforeWriteIn(Transaction.Current, shard, key, index);

    /// <summary><see cref="BeforeWrite"/> for a caller that already read <see cref="Transaction.Current"/>.</summary>
    private void BeforeWriteIn(Transaction? transaction, Shard shard, ReadOnlySpan<byte> key, int index)
    {
        if (Core.WritesRefused is { } refusal)
        {
            Throw(refusal);
        }
        shard.PendingCapture?.PreserveLocked(shard, key);
        transaction?.RecordUndo(this, shard, key, index);
        shard.Watches?.Touch(key);
        IndexMarkDirty(shard, key); // documents: secondary indexes (Db.Documents.cs)
    }

    /// <summary>Removes a key (after <see cref="BeforeWrite"/>); the caller records the effect.</summary>
    public void RemoveEntry(Shard shard, int index) => shard.Table.Remove(index);

    /// <summary>Starts an effect record, or returns null when nobody listens to the change stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Changes.ChangeWriter? Effect(ChangeOp op, int argumentCount)
    {
        var writer = Core.Changes.Writer();
        writer?.Begin(op, Index, argumentCount);
        return writer;
    }

    public void Publish(Changes.ChangeWriter writer) => Core.Changes.Publish(writer);

    /// <summary>Wakes a reader blocked on the key (after the write is visible).</summary>
    public void SignalKeyReady(ReadOnlySpan<byte> key)
    {
        if (!Core.Waiters.HasWaiters)
        {
            return;
        }
        if (Transaction.Current is { } tx)
        {
            tx.DeferKeyReady(this, key);
            return;
        }
        Core.Waiters.SignalReady(Index, key.ToArray());
    }

    /// <summary>Puts back a key's state from before a transaction (the transaction holds the locks).</summary>
    public void RestoreImage(byte[] key, object? item, ValueKind kind, long expiresAt)
    {
        int hash = KeyHash.Compute(key);
        var shard = _shards[(uint)hash >> _shardShift];
        int index = shard.Table.Find(key, hash);
        if (index >= 0)
        {
            shard.Table.Remove(index);
        }
        if (item is not null)
        {
            int added = shard.Table.Add(hash, item, kind);
            shard.Table.SetExpiry(added, expiresAt);
        }
        IndexMarkDirty(shard, key); // documents: secondary indexes (Db.Documents.cs)
    }

    /// <summary>Throws WRONGTYPE unless the live entry holds <paramref name="kind"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Expect<T>(ref Slot slot, ValueKind kind) where T : CollectionValue
    {
        if (slot.Kind != kind)
        {
            ThrowWrongType();
        }
        return Unsafe.As<T>(slot.Item!);
    }

    [DoesNotReturn]
    public static void ThrowWrongType() => throw new MnemoWrongTypeException();

    [DoesNotReturn]
    public static void Throw(string message) => throw new MnemoException(message);

    [DoesNotReturn]
    private static void ThrowNotDeclared() =>
        throw new InvalidOperationException("This key is not part of the transaction: declare it when creating the transaction, or watch it.");

    // Counts are read without the shard locks (an int read cannot tear), so DBSIZE and INFO
    // never wait behind writers and are safe inside a transaction that holds only some shards.
    public long KeyCount()
    {
        long n = 0;
        foreach (var shard in _shards)
        {
            n += Volatile.Read(ref shard.Table).Count;
        }
        return n;
    }

    public long VolatileKeyCount()
    {
        long n = 0;
        foreach (var shard in _shards)
        {
            n += Volatile.Read(ref shard.Table).VolatileCount;
        }
        return n;
    }
}
