namespace Mnemo.Server.Sessions;

/// <summary>The bookkeeping of <c>client-output-buffer-limit</c> (see <see cref="OutputBufferLimiter"/>).</summary>
public sealed partial class ClientSession
{
    /// <summary>Bytes of the messages in <see cref="Outbox"/>.</summary>
    internal long OutboxBytes;

    /// <summary>Bytes of messages written to the pipe whose flush has not completed (changed under <see cref="OutputLock"/>).</summary>
    internal long FlushingBytes;

    /// <summary>When (Unix ms, by the server's clock) the pending output went over the soft limit; 0 when it is not over.</summary>
    internal long SoftLimitSince;

    /// <summary>1 once the client was closed for passing its output buffer limit.</summary>
    internal int OutputLimitReached;

    /// <summary>The server's limiter (null for sessions without a connection, which have no limit).</summary>
    internal OutputBufferLimiter? Limiter { get; set; }

    /// <summary>Message bytes queued for this client and not yet taken by the socket's pipe.</summary>
    internal long PendingMessageBytes => Math.Max(0, Volatile.Read(ref OutboxBytes)) + Volatile.Read(ref FlushingBytes);

    /// <summary>A flush of the output completed (called under <see cref="OutputLock"/>).</summary>
    internal void OutputFlushed() => Volatile.Write(ref FlushingBytes, 0);
}
