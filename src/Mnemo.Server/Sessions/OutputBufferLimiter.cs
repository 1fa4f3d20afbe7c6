namespace Mnemo.Server.Sessions;

/// <summary>
/// Enforces <c>client-output-buffer-limit</c>. What counts as a client's output buffer is what
/// Mnemo can measure of the bytes written for it that the socket has not taken yet:
/// <list type="bullet">
/// <item>pub/sub messages and MONITOR lines other connections posted to its outbox and not yet written out;</item>
/// <item>messages written to its pipe whose flush has not completed (Kestrel holds a flush while the
/// pipe is above its pause threshold, i.e. while the client does not read);</item>
/// <item>for its own replies, the bytes written to the pipe and not yet flushed
/// (<see cref="System.IO.Pipelines.PipeWriter.UnflushedBytes"/>): a pipeline of commands whose
/// replies pile up before the flush at the end of the batch.</item>
/// </list>
/// Bytes already flushed into the pipe and the kernel's socket buffers are not counted (as Redis does
/// not count what the kernel holds). The class is <c>pubsub</c> for a client with subscriptions,
/// else <c>normal</c> (MONITOR clients are normal, as in Redis).
/// </summary>
internal sealed class OutputBufferLimiter(MnemoServerOptions options, TimeProvider time)
{
    private long _disconnections;

    /// <summary>Clients closed for passing a limit (INFO client_output_buffer_limit_disconnections).</summary>
    public long Disconnections => Volatile.Read(ref _disconnections);

    public void ResetStatistics() => Interlocked.Exchange(ref _disconnections, 0);

    /// <summary>The limit of the client's class.</summary>
    public ClientOutputBufferLimit LimitOf(ClientSession session) =>
        session.SubscriptionCount > 0 ? options.PubSubOutputBufferLimit : options.NormalOutputBufferLimit;

    /// <summary>
    /// Checks the client's pending output against its class's limits (Redis's
    /// checkClientOutputBufferLimits) and closes it when the hard limit is reached or the soft limit
    /// has been exceeded for longer than the soft seconds. True when the client was closed.
    /// </summary>
    public bool Check(ClientSession session, long pending)
    {
        var limit = LimitOf(session);
        if (limit.IsUnlimited)
        {
            return false;
        }
        bool hard = limit.HardBytes > 0 && pending >= limit.HardBytes;
        bool soft = false;
        if (limit.SoftBytes > 0 && pending >= limit.SoftBytes)
        {
            long now = Math.Max(1, time.GetUtcNow().ToUnixTimeMilliseconds());
            long since = Interlocked.CompareExchange(ref session.SoftLimitSince, now, 0);
            // the first time over the soft limit starts the clock
            soft = since != 0 && (now - since) / 1000 > limit.SoftSeconds;
        }
        else if (Volatile.Read(ref session.SoftLimitSince) != 0)
        {
            Volatile.Write(ref session.SoftLimitSince, 0);
        }
        if (!hard && !soft)
        {
            return false;
        }
        Close(session);
        return true;
    }

    /// <summary>Closes the client at once (its pending output is dropped), counted once.</summary>
    private void Close(ClientSession session)
    {
        if (Interlocked.Exchange(ref session.OutputLimitReached, 1) != 0)
        {
            return;
        }
        Interlocked.Increment(ref _disconnections);
        session.Outbox.Clear();
        session.Kill();
    }
}
