using System.Net;
using Mnemo.Protocol;

namespace Mnemo.Server.Sessions;

/// <summary>
/// The state of one client connection: selected database, protocol version, name, authentication,
/// the MULTI queue and watched keys, subscriptions. Owned by the connection's loop; other
/// connections only write pub/sub messages to it, under <see cref="OutputLock"/>.
/// </summary>
public sealed partial class ClientSession
{
    private readonly Action _abort;

    internal ClientSession(long id, EndPoint? remote, EndPoint? local, Action abort)
    {
        Id = id;
        RemoteEndPoint = remote;
        LocalEndPoint = local;
        _abort = abort;
        ConnectedAt = DateTimeOffset.UtcNow;
        LastInteractionTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>Unique, increasing client id (CLIENT ID).</summary>
    public long Id { get; }

    /// <summary>The client's address.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The server address the client connected to.</summary>
    public EndPoint? LocalEndPoint { get; }

    /// <summary>When the connection was accepted.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>When the last command arrived.</summary>
    public DateTimeOffset LastInteraction => DateTimeOffset.UtcNow - System.Diagnostics.Stopwatch.GetElapsedTime(LastInteractionTimestamp);

    /// <summary>
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp of the last read that brought commands:
    /// the connection stores the clock reading it takes anyway to time the batch, so knowing the
    /// idle time costs nothing per command.
    /// </summary>
    internal long LastInteractionTimestamp { get; set; }

    /// <summary>Name set by CLIENT SETNAME or HELLO SETNAME.</summary>
    public string? Name { get; internal set; }

    /// <summary>Selected database (SELECT).</summary>
    public int Database { get; internal set; }

    /// <summary>RESP version (HELLO).</summary>
    public RespVersion Protocol { get; internal set; } = RespVersion.Resp2;

    /// <summary>True once AUTH succeeded (or when no password is required).</summary>
    public bool Authenticated { get; internal set; }

    /// <summary>Name of the last command run (CLIENT LIST's <c>cmd</c>).</summary>
    public string LastCommand { get; internal set; } = "NULL";

    /// <summary>Serialises writes to this client's output between its own loop and publishers.</summary>
    internal SemaphoreSlim OutputLock { get; } = new(1, 1);

    /// <summary>Set when CLIENT KILL or QUIT closes the connection.</summary>
    public bool Closing { get; private set; }

    /// <summary>Cancelled when the connection ends (or the server stops): a blocked command stops waiting.</summary>
    internal CancellationToken Disconnected { get; set; }

    /// <summary>The MULTI state of this client.</summary>
    internal TransactionState Transaction { get; } = new();

    /// <summary>Closes the connection once the pending replies are flushed (QUIT, protocol errors).</summary>
    internal void CloseAfterReply() => Closing = true;

    /// <summary>Closes the connection now (CLIENT KILL from another client, SHUTDOWN).</summary>
    internal void Kill()
    {
        Closing = true;
        _abort();
    }
}
