using System.IO.Pipelines;
using Mnemo.Server.Sessions;

namespace Mnemo.Server.PubSub;

/// <summary>
/// Hands messages to other clients without ever waiting for them. A message goes into the
/// receiver's outbox; whoever holds (or can take at once) the receiver's output lock writes the
/// outbox out: the receiver's own connection loop after each command and when it releases the
/// lock, or the sender when the receiver is idle. Nobody blocks on another client's lock, so two
/// clients publishing to each other (RESP3) or a publisher holding shard locks (EXEC, keyspace
/// events) cannot deadlock; the outbox keeps each receiver's messages in order.
/// </summary>
internal static class Delivery
{
    public static void Post(ClientSession session, OutboundMessage message)
    {
        if (session.OutputClosed || Volatile.Read(ref session.OutputLimitReached) != 0)
        {
            return;
        }
        Interlocked.Add(ref session.OutboxBytes, message.Size);
        if (session.Limiter is { } limiter && limiter.Check(session, session.PendingMessageBytes))
        {
            // client-output-buffer-limit: the client is closed, the message dropped
            return;
        }
        session.Outbox.Enqueue(message);
        TryDrain(session);
    }

    /// <summary>Writes the outbox if the output lock is free; call after enqueueing and after releasing the lock.</summary>
    public static void TryDrain(ClientSession session)
    {
        while (!session.Outbox.IsEmpty && session.OutputLock.Wait(0))
        {
            ValueTask<FlushResult> flush = default;
            bool flushing = false;
            try
            {
                if (session.OutputClosed || session.Output is null)
                {
                    session.Outbox.Clear();
                }
                else
                {
                    WritePending(session);
                    flush = session.Output.FlushAsync();
                    flushing = !flush.IsCompleted;
                    if (!flushing)
                    {
                        session.OutputFlushed();
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // the connection completed its output meanwhile
                session.Outbox.Clear();
            }
            finally
            {
                if (!flushing)
                {
                    session.OutputLock.Release();
                }
            }
            if (flushing)
            {
                _ = FinishFlush(flush, session);
                return;
            }
        }
    }

    /// <summary>Writes the queued messages; the caller holds the output lock.</summary>
    public static void WritePending(ClientSession session)
    {
        var writer = session.PushWriter;
        if (writer is null)
        {
            session.Outbox.Clear();
            return;
        }
        writer.Version = session.Protocol;
        while (session.Outbox.TryDequeue(out var message))
        {
            message.Write(writer);
            // written to the pipe: pending until a flush completes
            Interlocked.Add(ref session.OutboxBytes, -message.Size);
            Volatile.Write(ref session.FlushingBytes, session.FlushingBytes + message.Size);
        }
    }

    private static async Task FinishFlush(ValueTask<FlushResult> flush, ClientSession session)
    {
        try
        {
            await flush.ConfigureAwait(false);
            session.OutputFlushed();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException)
        {
            // the client went away; its connection loop cleans up
        }
        finally
        {
            session.OutputLock.Release();
        }
        TryDrain(session);
    }
}
