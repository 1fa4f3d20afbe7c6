using System.Buffers;
using System.Text;
using Mnemo.Protocol;
using Mnemo.Server.Commands;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// The server's GET/SET/MSET path, and a queue's RPUSH (of one or several values) and RPOP, allocate
/// nothing per command: the real dispatcher, a real command context, commands parsed by
/// <see cref="RespRequestReader"/> from a pipelined buffer and replies written by a
/// <see cref="RespWriter"/> into a reused buffer writer.
/// </summary>
public sealed class SessionAllocationTests
{
    private const int Commands = 10_000;

    [Fact]
    public async Task GetAndSetThroughTheDispatcherAllocateNothing()
    {
        await using var server = await TestServer.StartAsync();
        var mnemo = server.Server;
        var session = mnemo.Clients.TryRegister(null, null, static () => { })!;
        // A command the loaded test machine preempts for 10 ms would enter the slow log (which
        // allocates, as it should); the threshold is still compared on every command.
        mnemo.Runtime.Settings.SlowlogThreshold = long.MaxValue;
        try
        {
            session.Authenticated = true;
            var output = new ArrayBufferWriter<byte>(64 * 1024);
            var writer = new RespWriter(output);
            var context = new CommandContext(mnemo, session, writer);
            var reader = new RespRequestReader(mnemo.ReaderOptions);
            using var command = new RespCommand();

            // 5,000 SETs and 5,000 GETs over 100 keys, 500 MSETs of 10 other keys, values of the
            // same size (MSET's keys, values and shard locks are read and taken in place), and 500
            // RPUSHes of three values and 500 of one, each popped again by RPOPs (the values are read
            // in place and packed into the list's node; a pop writes the element into the reply)
            mnemo.Store.GetDatabase().ListRightPush("session:queue", "anchor"); // the queue never empties
            var pipeline = new StringBuilder();
            int commands = 0;
            for (int i = 0; i < Commands / 2; i++)
            {
                string key = $"session:key:{i % 100:D3}";
                string value = $"value-{i:D10}";
                pipeline.Append(Encoding.ASCII.GetString(RawClient.Encode("SET", key, value)));
                if (i % 10 == 0)
                {
                    var mset = new List<string> { "MSET" };
                    for (int k = 0; k < 10; k++)
                    {
                        mset.Add($"session:mset:{k}");
                        mset.Add(value);
                    }
                    pipeline.Append(Encoding.ASCII.GetString(RawClient.Encode([.. mset])));
                    pipeline.Append(Encoding.ASCII.GetString(RawClient.Encode("RPUSH", "session:queue", value, value, value)));
                    pipeline.Append(Encoding.ASCII.GetString(RawClient.Encode("RPUSH", "session:queue", value)));
                    for (int p = 0; p < 4; p++)
                    {
                        pipeline.Append(Encoding.ASCII.GetString(RawClient.Encode("RPOP", "session:queue")));
                    }
                    commands += 7;
                }
                pipeline.Append(Encoding.ASCII.GetString(RawClient.Encode("GET", key)));
                commands += 2;
            }
            var bytes = Encoding.ASCII.GetBytes(pipeline.ToString());

            int Run()
            {
                var buffer = new ReadOnlySequence<byte>(bytes);
                int executed = 0;
                // as the connection does at each read: the batch's commands are timed from here
                context.TimeMark = System.Diagnostics.Stopwatch.GetTimestamp();
                while (reader.TryRead(ref buffer, command))
                {
                    output.ResetWrittenCount();
                    var pending = mnemo.Dispatcher.Execute(context, command);
                    if (!pending.IsCompletedSuccessfully)
                    {
                        throw new InvalidOperationException("GET/SET/MSET/RPUSH/RPOP must complete synchronously");
                    }
                    executed++;
                }
                return executed;
            }

            // warm up: JIT, tiering, the keys exist, pools and caches are filled
            for (int round = 0; round < 5; round++)
            {
                Assert.Equal(commands, Run());
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            int ran = Run();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(commands, ran);
            Assert.Equal(0, allocated);
            // the last reply is the GET of the last SET's value
            Assert.Equal($"$16\r\nvalue-{Commands / 2 - 1:D10}\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
        }
        finally
        {
            mnemo.Clients.Unregister(session);
        }
    }
}
