using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mnemo.Protocol;

namespace Mnemo.Bench;

/// <summary>
/// The RESP request reader on a pipelined buffer of 16 GET/SET commands (8 of each), contiguous
/// and split across three segments. Reported per command; the memory diagnoser should show 0 B.
/// </summary>
[MemoryDiagnoser]
public class RespParserBenchmarks
{
    private const int Commands = 16;

    private readonly RespRequestReader _reader = new();
    private readonly RespCommand _command = new();
    private ReadOnlySequence<byte> _contiguous;
    private ReadOnlySequence<byte> _segmented;

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (int i = 0; i < Commands / 2; i++)
        {
            string key = $"bench:key:{i:D6}";
            text.Append($"*3\r\n$3\r\nSET\r\n${key.Length}\r\n{key}\r\n$10\r\n0123456789\r\n");
            text.Append($"*2\r\n$3\r\nGET\r\n${key.Length}\r\n{key}\r\n");
        }
        byte[] data = Encoding.ASCII.GetBytes(text.ToString());
        _contiguous = new ReadOnlySequence<byte>(data);
        int third = data.Length / 3;
        var first = new Segment(data.AsMemory(0, third), 0);
        Segment last = first.Append(data.AsMemory(third, third)).Append(data.AsMemory(2 * third));
        _segmented = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    [GlobalCleanup]
    public void Cleanup() => _command.Dispose();

    [Benchmark(OperationsPerInvoke = Commands)]
    public int ParsePipeline() => ParseAll(_contiguous);

    [Benchmark(OperationsPerInvoke = Commands)]
    public int ParseSegmentedPipeline() => ParseAll(_segmented);

    private int ParseAll(ReadOnlySequence<byte> input)
    {
        ReadOnlySequence<byte> buffer = input;
        int arguments = 0;
        while (_reader.TryRead(ref buffer, _command))
        {
            arguments += _command.Count;
        }
        return arguments;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
