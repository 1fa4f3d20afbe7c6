using System.Buffers;
using static Mnemo.Protocol.Tests.Infrastructure.Sequences;

namespace Mnemo.Protocol.Tests;

/// <summary>The steady state allocates nothing: reading GET/SET pipelines and writing replies.</summary>
public sealed class AllocationTests
{
    private static byte[] Pipeline()
    {
        var data = new List<byte>();
        for (int i = 0; i < 8; i++)
        {
            data.AddRange(Encode("SET", $"key:{i:D6}", "0123456789"));
            data.AddRange(Encode("GET", $"key:{i:D6}"));
        }
        return [.. data];
    }

    [Fact]
    public void Reading_a_pipelined_buffer_allocates_nothing_once_warm()
    {
        byte[] data = Pipeline();
        var single = new ReadOnlySequence<byte>(data);
        var split = Build([data[..100], data[100..301], data[301..]]);
        var reader = new RespRequestReader();
        using var command = new RespCommand();

        int Run(ReadOnlySequence<byte> input)
        {
            int read = 0;
            var buffer = input;
            while (reader.TryRead(ref buffer, command))
            {
                read += command.Count;
            }
            return read;
        }

        Assert.Equal(40, Run(single));
        Assert.Equal(40, Run(split));
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += Run(single) + Run(split);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(80_000, total);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Writing_replies_allocates_nothing()
    {
        var output = new ArrayBufferWriter<byte>(1 << 16);
        var writer = new RespWriter(output, RespVersion.Resp3);
        void Write()
        {
            output.ResetWrittenCount();
            writer.WriteOk();
            writer.WriteNull();
            writer.WriteInteger(12345);
            writer.WriteBulkString("0123456789"u8);
            writer.WriteArrayHeader(2);
            writer.WriteMapHeader(2);
            writer.WriteDouble(3.25);
            writer.WriteDouble(1e300);
            writer.WriteBoolean(true);
            writer.WriteError("ERR syntax error"u8);
            writer.WriteVerbatimString("txt"u8, "abc"u8);
            writer.WriteBigNumber("123"u8);
        }
        Write();
        writer.Version = RespVersion.Resp2;
        Write();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            writer.Version = (i & 1) == 0 ? RespVersion.Resp2 : RespVersion.Resp3;
            Write();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
