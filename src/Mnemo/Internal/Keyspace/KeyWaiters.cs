namespace Mnemo.Internal.Keyspace;

/// <summary>
/// The wake-up mechanism for blocking pops (BLPOP, BZPOPMIN and friends). A blocked reader
/// registers on its keys and waits; a write that makes a key non-empty signals the reader that
/// registered first on it. The reader retries its pop: on success, if elements remain, it passes
/// the signal on to the next reader; on failure (a non-blocked client was faster) it keeps its
/// place and waits again. Readers are therefore served first-come, first-served.
/// </summary>
/// <remarks>Never called with a shard lock held: signals are sent after the write releases its locks.</remarks>
internal sealed class KeyWaiters
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Db, byte[] Key), LinkedList<Waiter>> _byKey = new(new DbKeyComparer());
    private volatile int _count;

    /// <summary>True when any reader is blocked (the cheap check writers make).</summary>
    public bool HasWaiters => _count != 0;

    public Waiter Register(int db, IReadOnlyList<byte[]> keys)
    {
        var waiter = new Waiter(db, keys);
        lock (_gate)
        {
            foreach (var key in keys)
            {
                if (!_byKey.TryGetValue((db, key), out var queue))
                {
                    _byKey[(db, key)] = queue = new LinkedList<Waiter>();
                }
                waiter.Nodes.Add(queue.AddLast(waiter));
            }
            _count++;
        }
        return waiter;
    }

    public void Unregister(Waiter waiter)
    {
        lock (_gate)
        {
            if (waiter.Nodes.Count == 0)
            {
                return;
            }
            for (int i = 0; i < waiter.Keys.Count; i++)
            {
                var node = waiter.Nodes[i];
                var queue = node.List!;
                queue.Remove(node);
                if (queue.Count == 0)
                {
                    _byKey.Remove((waiter.Db, waiter.Keys[i]));
                }
            }
            waiter.Nodes.Clear();
            _count--;
        }
    }

    /// <summary>Wakes the first reader blocked on the key, if any.</summary>
    public void SignalReady(int db, byte[] key)
    {
        if (_count == 0)
        {
            return;
        }
        Waiter? first = null;
        lock (_gate)
        {
            if (_byKey.TryGetValue((db, key), out var queue) && queue.First is { } node)
            {
                first = node.Value;
            }
        }
        first?.Wake();
    }

    /// <summary>
    /// Passes the signal on to the next reader after <paramref name="served"/> took an element and
    /// the key still has more.
    /// </summary>
    public void PassOn(Waiter served, int db, byte[] key)
    {
        Waiter? next = null;
        lock (_gate)
        {
            if (_byKey.TryGetValue((db, key), out var queue))
            {
                foreach (var waiter in queue)
                {
                    if (!ReferenceEquals(waiter, served))
                    {
                        next = waiter;
                        break;
                    }
                }
            }
        }
        next?.Wake();
    }

    /// <summary>One blocked reader.</summary>
    internal sealed class Waiter(int db, IReadOnlyList<byte[]> keys)
    {
        private readonly SemaphoreSlim _signal = new(0, 1);

        public int Db { get; } = db;

        public IReadOnlyList<byte[]> Keys { get; } = keys;

        internal List<LinkedListNode<Waiter>> Nodes { get; } = [];

        public void Wake()
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled; one pending wake-up is enough
            }
        }

        /// <summary>Waits for a signal; false on timeout. A negative timeout waits forever.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
            _signal.WaitAsync(timeout < TimeSpan.Zero ? Timeout.InfiniteTimeSpan : timeout, cancellationToken);
    }

    private sealed class DbKeyComparer : IEqualityComparer<(int Db, byte[] Key)>
    {
        public bool Equals((int Db, byte[] Key) x, (int Db, byte[] Key) y) => x.Db == y.Db && x.Key.AsSpan().SequenceEqual(y.Key);

        public int GetHashCode((int Db, byte[] Key) obj) => HashCode.Combine(obj.Db, KeyHash.Compute(obj.Key));
    }
}
