using System.Buffers;
using System.Diagnostics;
using Mnemo.Protocol;
using Mnemo.Server.Commands;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// A connection adds its INFO tallies per run of one command and at the end of each batch; a
/// command that other clients can already see (a MONITOR line, a keyspace event) must be counted
/// before they see it, in the middle of a batch too.
/// </summary>
public sealed class CommandTallyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_command_other_clients_saw_is_counted_before_its_batch_ends(bool keyspaceEvents)
    {
        await using var server = await TestServer.StartAsync();
        await Task.Yield(); // off a socket event loop before the blocking client below
        var mnemo = server.Server;
        using var watcher = server.Connect();
        if (keyspaceEvents)
        {
            watcher.Expect("+OK\r\n", "CONFIG", "SET", "notify-keyspace-events", "KA");
            watcher.Expect("*3\r\n$9\r\nsubscribe\r\n$16\r\n__keyspace@0__:k\r\n:1\r\n", "SUBSCRIBE", "__keyspace@0__:k");
        }
        else
        {
            watcher.Expect("+OK\r\n", "MONITOR");
        }

        // One batch of two SETs run as the connection loop runs it, stopped before the batch's end.
        var session = mnemo.Clients.TryRegister(null, null, static () => { })!;
        session.Authenticated = true;
        var context = new CommandContext(mnemo, session, new RespWriter(new ArrayBufferWriter<byte>()));
        var reader = new RespRequestReader(mnemo.ReaderOptions);
        using var command = new RespCommand();
        mnemo.Runtime.ResetStatistics();
        var buffer = new ReadOnlySequence<byte>([.. RawClient.Encode("SET", "k", "1"), .. RawClient.Encode("SET", "k", "2")]);
        context.TimeMark = Stopwatch.GetTimestamp();
        while (reader.TryRead(ref buffer, command))
        {
            Assert.True(mnemo.Dispatcher.Execute(context, command).IsCompletedSuccessfully);
        }

        if (keyspaceEvents)
        {
            watcher.ExpectIncoming("*3\r\n$7\r\nmessage\r\n$16\r\n__keyspace@0__:k\r\n$3\r\nset\r\n");
            watcher.ExpectIncoming("*3\r\n$7\r\nmessage\r\n$16\r\n__keyspace@0__:k\r\n$3\r\nset\r\n");
        }
        else
        {
            Assert.EndsWith("\"SET\" \"k\" \"1\"", watcher.Read().Text);
            Assert.EndsWith("\"SET\" \"k\" \"2\"", watcher.Read().Text);
        }
        // the watcher has seen both SETs: INFO (from any client) must count both
        Assert.Equal(2, mnemo.Store.Core.CommandsProcessed.Value);
        Assert.Equal(2, mnemo.Runtime.Dirty.Value);
    }
}
