using Mnemo.Internal.Transactions;

namespace Mnemo.Internal.Keyspace;

/// <summary>
/// A slice of one database's keyspace with its own lock. Every write of a key happens under the
/// lock of the key's shard; operations on several keys take their shards' locks in ascending
/// <see cref="Ordinal"/> order, so they cannot deadlock.
/// </summary>
/// <remarks>
/// <para>
/// The lock also keeps a version, a sequence lock's counter: it turns odd when a thread takes the
/// lock and even again when that thread lets go of it (a re-entered lock changes nothing). A reader
/// that does not take the lock (the embedded GET, <c>Db.Get</c>)
/// reads the version, reads the shard, and trusts what it read only if the version was even and is
/// still the same afterwards: then no thread held the lock in between, so nothing it read was
/// being changed. Otherwise it takes the lock and reads again.
/// </para>
/// <para>
/// That rests on one rule: the shard's table and every record in it change only under this lock,
/// taken through <see cref="Lock"/> or <see cref="Enter"/>. The lock object itself is private so
/// that no caller can take it another way.
/// </para>
/// </remarks>
internal sealed class Shard(int ordinal)
{
    private readonly System.Threading.Lock _gate = new();
    private long _version; // odd while a thread holds _gate; see the remarks (a long: it never wraps)
    private int _depth; // how many times the holder has entered _gate (it is re-entrant)

    /// <summary>Global lock order across all databases.</summary>
    public readonly int Ordinal = ordinal;

    /// <summary>The keys. Swapped wholesale by SWAPDB (under both shards' locks).</summary>
    public KeyTable Table = new();

    public ShardStats Stats;

    /// <summary>WATCH registrations on keys of this shard; null until the first one.</summary>
    public WatchTable? Watches;

    /// <summary>
    /// The snapshot that still has to copy this shard as it was at the snapshot's point in time,
    /// or null. Whoever changes the shard first (a writer or the snapshot itself) copies it.
    /// </summary>
    public Persistence.SnapshotCapture? PendingCapture;

    /// <summary>Takes the lock until the returned scope is disposed: <c>using (shard.Lock()) { ... }</c>.</summary>
    public Held Lock()
    {
        var scope = _gate.EnterScope();
        BeginHold();
        return new Held(this, scope);
    }

    /// <summary>Takes the lock; the caller must call <see cref="Exit"/> (<see cref="ShardLocks"/> holds several).</summary>
    public void Enter()
    {
        _gate.Enter();
        BeginHold();
    }

    /// <summary>Releases a lock taken with <see cref="Enter"/>.</summary>
    public void Exit()
    {
        EndHold();
        _gate.Exit();
    }

    /// <summary>The version to pass to <see cref="Unchanged"/>; an odd value means the lock is held and nothing read now can be trusted.</summary>
    public long ReadVersion() => Volatile.Read(ref _version);

    /// <summary>
    /// True when no thread took the lock since <see cref="ReadVersion"/> returned the even
    /// <paramref name="version"/>: everything read from the shard in between was read whole.
    /// </summary>
    public bool Unchanged(long version)
    {
        Volatile.ReadBarrier(); // the shard's reads complete before the version is read again
        return Volatile.Read(ref _version) == version;
    }

    private void BeginHold()
    {
        if (_depth++ == 0)
        {
            Volatile.Write(ref _version, _version + 1);
            Volatile.WriteBarrier(); // readers see the odd version before any change made under the lock
        }
    }

    private void EndHold()
    {
        if (--_depth == 0)
        {
            if (Table.NeedsCompaction)
            {
                CompactRecords();
            }
            Volatile.Write(ref _version, _version + 1); // release: the changes are visible before the even version
        }
    }

    /// <summary>
    /// Compacts the table's string records on the outermost release: between commands, so no
    /// command holds an arena offset across the move (see <see cref="KeyTable.CompactRecords"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void CompactRecords()
    {
        try
        {
            Table.CompactRecords();
        }
        catch (Exception)
        {
            // Compaction only gives memory back. If it fails (out of memory for the new chunks),
            // every entry still names a valid copy of its record (each moves whole, and old chunks
            // are never rewritten); the holes are forgotten so that the next try waits for new
            // churn rather than running at every release. Throwing here would leave the lock held.
            Table.PostponeCompaction();
        }
    }

    /// <summary>The lock held by <see cref="Lock"/>, released by <see cref="Dispose"/>.</summary>
    public ref struct Held(Shard shard, System.Threading.Lock.Scope scope)
    {
        private System.Threading.Lock.Scope _scope = scope;

        public void Dispose()
        {
            shard.EndHold();
            _scope.Dispose();
        }
    }
}
