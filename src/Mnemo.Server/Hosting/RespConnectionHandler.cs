using System.Buffers;
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
                try
                {
                    while (!session.Closing && reader.TryRead(ref buffer, command))
                    {
                        // CLIENT REPLY OFF / SKIP: this command's reply goes nowhere.
                        writer.Output = session.RepliesSuppressed ? session.Discard : output;
                        var pending = server.Dispatcher.Execute(context, command);
                        if (!pending.IsCompletedSuccessfully)
                        {
                            // A blocking command: send what is ready, let publishers in, then wait.
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
                        }
                        session.AfterCommandReply();
                        if (!session.Outbox.IsEmpty)
                        {
                            // pub/sub messages and MONITOR lines posted meanwhile (also to itself) follow the reply
                            Delivery.WritePending(session);
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
                    await output.FlushAsync().ConfigureAwait(false);
                    session.OutputFlushed();
                    session.OutputLock.Release();
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
}
