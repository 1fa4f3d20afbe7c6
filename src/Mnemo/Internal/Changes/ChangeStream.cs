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
        }
        writer.Reset();
    }
}
