using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Mnemo.Protocol;
using Mnemo.Server.Commands;
using Mnemo.Server.PubSub;

namespace Mnemo.Server.Hosting;

/// <summary>
/// One client connection on Kestrel: for each read, parse every complete command in the buffer,
/// run them, write all replies, flush once.
/// </summary>
internal sealed class RespConnectionHandler(MnemoServer server) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var session = server.Clients.TryRegister(connection.RemoteEndPoint, connection.LocalEndPoint, connection.Abort);
        if (session is null)
        {
            await output.WriteAsync("-ERR max number of clients reached\r\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }
        session.Authenticated = server.Options.RequirePassword is null;
        // Blocked commands (BLPOP ...) stop waiting when the client goes away or the server stops.
        using var disconnected = CancellationTokenSource.CreateLinkedTokenSource(server.Stopping, connection.ConnectionClosed);
        session.Disconnected = disconnected.Token;
        var writer = new RespWriter(output);
        var context = new CommandContext(server, session, writer);
        var reader = new RespRequestReader(server.ReaderOptions);
        using var command = new RespCommand();
        // pub/sub and MONITOR messages of other connections are written through their own writer
        session.Output = output;
        session.PushWriter = new RespWriter(output);
        session.Limiter = server.OutputLimits;
        session.Fd = connection.Features.Get<IConnectionSocketFeature>()?.Socket.Handle.ToInt64() ?? -1;
        var persistence = server.Store.Persistence;
        try
        {
            while (!session.Closing)
            {
                ReadResult read;
                try
                {
                    read = await input.ReadAsync(server.Stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                var buffer = read.Buffer;
                await session.OutputLock.WaitAsync().ConfigureAwait(false);
                // True when a write of this batch could not be journaled: its reply must never be sent.
                bool unacknowledged = false;
                // one clock reading per read: the batch's first command starts now (CLIENT LIST idle too)
                context.TimeMark = session.LastInteractionTimestamp = Stopwatch.GetTimestamp();
                try
                {
                    while (!session.Closing && reader.TryRead(ref buffer, command))
                    {
                        // CLIENT REPLY OFF / SKIP: this command's reply goes nowhere.
                        writer.Output = session.RepliesSuppressed ? session.Discard : output;
                        var pending = server.Dispatcher.Execute(context, command);
                        if (!pending.IsCompletedSuccessfully)
                        {
                            // A blocking command: acknowledge the writes before it (on this thread,
                            // before any await), send what is ready, let publishers in, then wait.
                            if (!await AcknowledgeAsync(persistence, everything: false).ConfigureAwait(false))
                            {
                                unacknowledged = true;
                                break;
                            }
                            context.FlushTallies();
                            await output.FlushAsync().ConfigureAwait(false);
                            session.OutputFlushed();
                            session.OutputLock.Release();
                            try
                            {
                                await pending.ConfigureAwait(false);
                            }
                            finally
                            {
                                await session.OutputLock.WaitAsync().ConfigureAwait(false);
                            }
                            // Its write (if it made one) ran on whichever thread resumed it.
                            if (!await AcknowledgeAsync(persistence, everything: true).ConfigureAwait(false))
                            {
                                unacknowledged = true;
                                break;
                            }
                            context.TimeMark = Stopwatch.GetTimestamp();
                        }
                        session.AfterCommandReply();
                        if (!session.Outbox.IsEmpty)
                        {
                            // pub/sub messages and MONITOR lines posted meanwhile (also to itself) follow the reply
                            Delivery.WritePending(session);
                            context.TimeMark = Stopwatch.GetTimestamp(); // not the next command's time
                        }
                        // client-output-buffer-limit: replies piled up in this batch (a pipeline) plus pending messages
                        server.OutputLimits.Check(session, (output.CanGetUnflushedBytes ? output.UnflushedBytes : 0) + session.PendingMessageBytes);
                    }
                    if (buffer.Length > server.Options.ClientQueryBufferLimit)
                    {
                        // Redis closes a client whose unparsed input passes client-query-buffer-limit.
                        session.CloseAfterReply();
                    }
                }
                catch (RespProtocolException e)
                {
                    writer.WriteError("ERR " + e.Message);
                    session.CloseAfterReply();
                }
                finally
                {
                    // INFO's counters include this batch's commands before their replies leave
                    context.FlushTallies();
                    // A write is acknowledged by its reply: the batch's writes reach the journal
                    // (and stable storage with appendfsync always) before the replies are flushed.
                    // This runs on the thread that executed the batch, before any await.
                    if (unacknowledged || !await AcknowledgeAsync(persistence, everything: false).ConfigureAwait(false))
                    {
                        // The journal failed (MISCONF): the replies already written for this batch
                        // must not reach the client. Close the connection without flushing them.
                        unacknowledged = true;
                        session.OutputClosed = true;
                        session.Outbox.Clear();
                        connection.Abort(new ConnectionAbortedException("A write could not be persisted (MISCONF); its reply is withheld."));
                    }
                    else
                    {
                        await output.FlushAsync().ConfigureAwait(false);
                        session.OutputFlushed();
                    }
                    session.OutputLock.Release();
                }
                if (unacknowledged)
                {
                    break;
                }
                // messages posted while this loop held the lock
                Delivery.TryDrain(session);
                input.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (ConnectionResetException)
        {
            // the client went away
        }
        finally
        {
            await session.OutputLock.WaitAsync().ConfigureAwait(false);
            session.OutputClosed = true;
            session.Outbox.Clear();
            session.OutputLock.Release();
            server.OnDisconnected(session);
            server.Clients.Unregister(session);
        }
    }

    /// <summary>
    /// Waits until the writes this connection's commands made are in the journal as the fsync mode
    /// demands: this thread's last published change, or (<paramref name="everything"/>) every change
    /// published so far. False when they cannot be (the journal failed: MISCONF).
    /// </summary>
    private static ValueTask<bool> AcknowledgeAsync(Mnemo.Internal.Persistence.PersistenceEngine? persistence, bool everything)
    {
        if (persistence is null)
        {
            return new ValueTask<bool>(true);
        }
        ValueTask acknowledged;
        try
        {
            acknowledged = everything ? persistence.AcknowledgeAllAsync() : persistence.AcknowledgeAsync();
        }
        catch (MnemoException)
        {
            return new ValueTask<bool>(false);
        }
        return acknowledged.IsCompletedSuccessfully ? new ValueTask<bool>(true) : Await(acknowledged);

        static async ValueTask<bool> Await(ValueTask acknowledged)
        {
            try
            {
                await acknowledged.ConfigureAwait(false);
                return true;
            }
            catch (MnemoException)
            {
                return false;
            }
        }
    }
}
