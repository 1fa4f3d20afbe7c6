using Mnemo.Changes;
using Mnemo.Internal.Transactions;

namespace Mnemo.Internal.Changes;

/// <summary>
/// The one change stream of a store. Writers encode effects only when someone listens (an
/// observer or a transaction recording its batch), so a pure in-memory store pays one branch.
/// </summary>
/// <remarks>
/// Lock order: shard locks, then this stream's lock. Publishing under the writer's shard locks
/// means the stream order agrees with the order of writes to every key.
/// </remarks>
internal sealed class ChangeStream
{
    [ThreadStatic]
    private static ChangeWriter? ThreadWriter;

    private readonly Lock _gate = new();
    private volatile IChangeObserver[] _observers = [];
    private long _lastSequence;

    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>
    /// The last sequence this thread published, or 0. Whoever acknowledges writes (the embedded API
    /// when a call returns, the server before it sends replies) waits until the journal holds it
    /// and resets it.
    /// </summary>
    [ThreadStatic]
    public static long ThreadLastPublished;

    /// <summary>The stream <see cref="ThreadLastPublished"/> belongs to (a process may hold several stores).</summary>
    [ThreadStatic]
    public static ChangeStream? ThreadLastStream;

    /// <summary>Takes this thread's unacknowledged sequence on this stream (0 when there is none).</summary>
    public long TakeThreadPublished()
    {
        if (!ReferenceEquals(ThreadLastStream, this))
        {
            return 0;
        }
        long sequence = ThreadLastPublished;
        ThreadLastPublished = 0;
        ThreadLastStream = null;
        return sequence;
    }

    /// <summary>Continues numbering after a recovered journal (before any observer is attached).</summary>
    public void RestoreSequence(long sequence)
    {
        lock (_gate)
        {
            _lastSequence = sequence;
        }
    }

    public void Subscribe(IChangeObserver observer)
    {
        lock (_gate)
        {
            _observers = [.. _observers, observer];
        }
    }

    public void Unsubscribe(IChangeObserver observer)
    {
        lock (_gate)
        {
            _observers = [.. _observers.Where(o => !ReferenceEquals(o, observer))];
        }
    }

    /// <summary>
    /// The writer to encode this operation's effects into, or null when nobody listens.
    /// Call <see cref="Publish"/> with it once the operation's effects are written.
    /// </summary>
    public ChangeWriter? Writer()
    {
        if (Transaction.Current is { } tx)
        {
            return tx.Changes;
        }
        if (_observers.Length == 0)
        {
            return null;
        }
        return ThreadWriter ??= new ChangeWriter();
    }

    /// <summary>True while anyone (the journal, a replica, an application) observes the stream.</summary>
    public bool HasObservers => _observers.Length != 0;

    /// <summary>
    /// <see cref="Writer"/> for a caller that knows no transaction is active on this thread: the
    /// per-thread writer when someone listens, else null (one volatile read).
    /// Publish with <see cref="PublishBatch"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ChangeWriter? WriterOutsideTransaction() =>
        _observers.Length == 0 ? null : ThreadWriter ??= new ChangeWriter();

    /// <summary>Publishes what the operation wrote, unless a transaction holds it until commit.</summary>
    public void Publish(ChangeWriter writer)
    {
        if (Transaction.Current is not null)
        {
            return;
        }
        PublishBatch(writer);
    }

    public void PublishBatch(ChangeWriter writer)
    {
        if (writer.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            long first = _lastSequence + 1;
            _lastSequence += writer.Count;
            foreach (var observer in _observers)
            {
                observer.OnChanges(first, writer.Count, writer.Written);
            }
            ThreadLastPublished = _lastSequence;
            ThreadLastStream = this;
        }
        writer.Reset();
    }
}
