using Mnemo.Internal.Changes;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Transactions;

/// <summary>
/// The engine side of a transaction: while it runs on a thread it holds the locks of its shards,
/// keeps an undo image of every key before its first change, and collects the change records
/// into one batch published at commit. Ordinary operations notice it through <see cref="Current"/>.
/// </summary>
internal sealed class Transaction
{
    [ThreadStatic]
    private static Transaction? CurrentTransaction;

    private readonly HashSet<Shard> _held;
    private readonly List<UndoEntry> _undo = [];
    private readonly HashSet<(Db, byte[])> _recorded = new(new DbKeyComparer());
    private readonly List<(Db Db, byte[] Key)> _readyKeys = [];

    public Transaction(IEnumerable<Shard> heldShards) => _held = [.. heldShards];

    /// <summary>
    /// How many threads have a transaction active, process-wide. Every operation asks for
    /// <see cref="Current"/>, and reading a thread-static is a call into the runtime's TLS
    /// resolver (on a single-threaded embedded GET of 1M keys within the run-to-run spread, at
    /// most ~35 ns); a plain static read answers the common case. A thread's own increment
    /// precedes its own activation, so a thread inside a transaction never reads zero here.
    /// </summary>
    private static int ActiveCount;

    public static Transaction? Current => ActiveCount == 0 ? null : CurrentTransaction;

    public ChangeWriter Changes { get; } = new();

    public bool Holds(Shard shard) => _held.Contains(shard);

    /// <summary>Makes this the calling thread's transaction; pair with <see cref="Deactivate"/> in a finally.</summary>
    public void Activate()
    {
        Interlocked.Increment(ref ActiveCount);
        CurrentTransaction = this;
    }

    public static void Deactivate()
    {
        if (CurrentTransaction is not null)
        {
            CurrentTransaction = null;
            Interlocked.Decrement(ref ActiveCount);
        }
    }

    /// <summary>Keeps the key's state before its first change in this transaction.</summary>
    public void RecordUndo(Db db, Shard shard, ReadOnlySpan<byte> key, int index)
    {
        var keyBytes = key.ToArray();
        if (!_recorded.Add((db, keyBytes)))
        {
            return;
        }
        if (index < 0)
        {
            _undo.Add(new KeyImage(db, keyBytes, null, 0, 0));
            return;
        }
        ref Slot slot = ref shard.Table.At(index);
        object copy = slot.CopyItem();
        _undo.Add(new KeyImage(db, keyBytes, copy, slot.Kind, slot.ExpiresAt));
    }

    /// <summary>
    /// FLUSHDB / FLUSHALL is about to replace the shard's table: rollback puts <paramref name="table"/>
    /// (which nothing changes once detached) back. Keys changed later get fresh images, undone first.
    /// </summary>
    public void RecordTableReplaced(Shard shard, KeyTable table)
    {
        _undo.Add(new TableImage(shard, table));
        _recorded.Clear();
    }

    /// <summary>
    /// SWAPDB exchanged the tables of two shards: rollback exchanges them again, after undoing the
    /// later changes. Images recorded before the swap name a database whose keys now live elsewhere,
    /// so every key changed from here on gets a fresh image.
    /// </summary>
    public void RecordTablesSwapped(Shard first, Shard second)
    {
        _undo.Add(new TableSwap(first, second));
        _recorded.Clear();
    }

    /// <summary>Blocked readers are woken only once the transaction's writes are visible.</summary>
    public void DeferKeyReady(Db db, ReadOnlySpan<byte> key) => _readyKeys.Add((db, key.ToArray()));

    public IReadOnlyList<(Db Db, byte[] Key)> ReadyKeys => _readyKeys;

    /// <summary>Restores every key changed by the transaction. Runs while the locks are still held.</summary>
    public void Rollback()
    {
        // Newest first: each entry then finds its part of the store as it was right after its change.
        for (int i = _undo.Count - 1; i >= 0; i--)
        {
            _undo[i].Undo();
        }
        _undo.Clear();
        _recorded.Clear();
        _readyKeys.Clear();
        Changes.Reset();
    }

    private abstract record UndoEntry
    {
        public abstract void Undo();
    }

    /// <summary>A key's state before its first change (Item null: the key did not exist).</summary>
    private sealed record KeyImage(Db Db, byte[] Key, object? Item, ValueKind Kind, long ExpiresAt) : UndoEntry
    {
        public override void Undo() => Db.RestoreImage(Key, Item, Kind, ExpiresAt);
    }

    private sealed record TableImage(Shard Shard, KeyTable Table) : UndoEntry
    {
        public override void Undo() => Volatile.Write(ref Shard.Table, Table);
    }

    private sealed record TableSwap(Shard First, Shard Second) : UndoEntry
    {
        public override void Undo()
        {
            var table = First.Table;
            Volatile.Write(ref First.Table, Second.Table);
            Volatile.Write(ref Second.Table, table);
        }
    }

    private sealed class DbKeyComparer : IEqualityComparer<(Db, byte[])>
    {
        public bool Equals((Db, byte[]) x, (Db, byte[]) y) => ReferenceEquals(x.Item1, y.Item1) && x.Item2.AsSpan().SequenceEqual(y.Item2);

        public int GetHashCode((Db, byte[]) obj) => HashCode.Combine(obj.Item1.Index, KeyHash.Compute(obj.Item2));
    }
}
