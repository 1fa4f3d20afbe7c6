using System.Collections.Concurrent;

namespace Mnemo.Server.Sessions;

/// <summary>The connected clients: ids, <c>maxclients</c>, and lookups for CLIENT LIST / KILL.</summary>
internal sealed class ClientRegistry(int maxClients)
{
    private readonly ConcurrentDictionary<long, ClientSession> _clients = new();
    private long _nextId;
    private long _connectionsAtReset;
    private int _count;
    private int _maxClients = maxClients;

    public int Count => Volatile.Read(ref _count);

    /// <summary><c>maxclients</c>; CONFIG SET may change it (existing clients stay connected).</summary>
    public int MaxClients
    {
        get => Volatile.Read(ref _maxClients);
        set => Volatile.Write(ref _maxClients, value);
    }

    /// <summary>Connections accepted since start or CONFIG RESETSTAT (INFO total_connections_received).</summary>
    public long TotalConnections => Volatile.Read(ref _nextId) - Volatile.Read(ref _connectionsAtReset);

    public long RejectedConnections;

    /// <summary>CONFIG RESETSTAT: restarts the connection counters (client ids keep increasing).</summary>
    public void ResetStatistics()
    {
        Volatile.Write(ref _connectionsAtReset, Volatile.Read(ref _nextId));
        Interlocked.Exchange(ref RejectedConnections, 0);
    }

    public IEnumerable<ClientSession> All => _clients.Values.OrderBy(c => c.Id);

    /// <summary>Registers a connection, or returns null when <c>maxclients</c> is reached.</summary>
    public ClientSession? TryRegister(System.Net.EndPoint? remote, System.Net.EndPoint? local, Action abort)
    {
        if (Interlocked.Increment(ref _count) > MaxClients)
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref RejectedConnections);
            return null;
        }
        var session = new ClientSession(Interlocked.Increment(ref _nextId), remote, local, abort);
        _clients[session.Id] = session;
        return session;
    }

    public void Unregister(ClientSession session)
    {
        if (_clients.TryRemove(session.Id, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    public ClientSession? Find(long id) => _clients.GetValueOrDefault(id);
}
