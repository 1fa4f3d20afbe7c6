using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mnemo.Protocol.Tests.Infrastructure;
using static Mnemo.Protocol.Tests.Infrastructure.Sequences;

namespace Mnemo.Protocol.Tests;

/// <summary>
/// Segmentation never changes the result: every split position, every pair of split positions,
/// byte-by-byte arrival, and random chunking all read what the unsplit buffer reads.
/// </summary>
public sealed class RespSplitTests
{
    private static readonly byte[] Pipeline =
    [
        .. Encode("SET", "key:1", "hello world"),
        .. Bytes("*0\r\n"),
        .. Encode([Bytes("SET"), Bytes("bin"), [0, 13, 10, 13, 255]]),
        .. Bytes("\r\nPING\r\nSET k \"a\\x41 \\\"q\\\"\" 'b c'\n"),
        .. Encode("GET", ""),
        .. Encode("MSET", "a", "1", "b", "22", "c", "333"),
        .. Bytes("*2\r\n$3\r\nGET\r\n$2\r\nab"), // incomplete tail
    ];

    internal static void AssertSame(ParseResult expected, ParseResult actual, string context)
    {
        Assert.True(expected.Commands.SequenceEqual(actual.Commands), $"{context}: expected {expected} got {actual}");
        Assert.True(expected.Error == actual.Error, $"{context}: expected {expected} got {actual}");
        if (expected.Error is null)
        {
            Assert.True(expected.BytesLeft == actual.BytesLeft, $"{context}: expected {expected} got {actual}");
        }
    }

    [Fact]
    public void The_unsplit_pipeline_reads_as_expected()
    {
        var result = ParseAll(new ReadOnlySequence<byte>(Pipeline));
        Assert.Null(result.Error);
        Assert.Equal(
            [
                Describe("SET", "key:1", "hello world"),
                Describe("SET", "bin", "\0\r\n\r\u00ff"),
                Describe("PING"),
                Describe("SET", "k", "aA \"q\"", "b c"),
                Describe("GET", ""),
                Describe("MSET", "a", "1", "b", "22", "c", "333"),
            ],
            result.Commands);
        Assert.Equal(19, result.BytesLeft);
    }

    [Fact]
    public void Every_split_position_reads_the_same()
    {
        var expected = ParseAll(new ReadOnlySequence<byte>(Pipeline));
        for (int cut = 0; cut <= Pipeline.Length; cut++)
        {
            AssertSame(expected, ParseAll(Split(Pipeline, cut)), $"split at {cut}");
            AssertSame(expected, ParseChunks([Pipeline[..cut], Pipeline[cut..]]), $"arrival split at {cut}");
        }
    }

    [Fact]
    public void Every_pair_of_split_positions_reads_the_same()
    {
        var expected = ParseAll(new ReadOnlySequence<byte>(Pipeline));
        for (int a = 0; a <= Pipeline.Length; a++)
        {
            for (int b = a; b <= Pipeline.Length; b += 3)
            {
                AssertSame(expected, ParseAll(Split(Pipeline, a, b)), $"split at {a},{b}");
            }
        }
    }

    [Fact]
    public void Byte_by_byte_arrival_reads_the_same()
    {
        var expected = ParseAll(new ReadOnlySequence<byte>(Pipeline));
        // Each byte becomes its own segment: the worst case for lines and arguments across segments.
        AssertSame(expected, ParseChunks(OneByteAtATime(Pipeline)), "byte by byte");
        // And a contiguous buffer growing by one byte at a time.
        AssertSame(expected, ParseGrowing(Pipeline), "growing buffer");
    }

    [Fact]
    public void A_one_segment_per_byte_sequence_reads_the_same()
    {
        var expected = ParseAll(new ReadOnlySequence<byte>(Pipeline));
        AssertSame(expected, ParseAll(Build(OneByteAtATime(Pipeline).ToList())), "one segment per byte");
    }

    [Fact]
    public void Errors_are_the_same_at_every_split_position()
    {
        byte[][] bad =
        [
            [.. Encode("PING"), .. Bytes("*2\r\n$3\r\nGET\r\n$x\r\n")],
            [.. Encode("PING"), .. Bytes("*2\r\n$3\r\nGET\r\n+k\r\n")],
            [.. Encode("PING"), .. Bytes("*2x\r\n")],
            [.. Encode("PING"), .. Bytes("ECHO \"abc\r\n")],
        ];
        foreach (byte[] data in bad)
        {
            var expected = ParseAll(new ReadOnlySequence<byte>(data));
            Assert.NotNull(expected.Error);
            for (int cut = 0; cut <= data.Length; cut++)
            {
                AssertSame(expected, ParseAll(Split(data, cut)), $"split at {cut}");
            }
            AssertSame(expected, ParseChunks(OneByteAtATime(data)), "byte by byte");
        }
    }

    private static readonly Gen<byte[]> ArgumentGen = Gen.OneOf(
        Gen.Elements("GET", "SET", "", "k", "a b", "x\r\ny", "\"q'\\").Select(s => Encoding.UTF8.GetBytes(s)),
        Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)));

    private static readonly Gen<(byte[][][] Commands, int[] Chunks)> PipelineGen =
        from commands in Gen.ArrayOf(Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(ArgumentGen, n)))
        from chunks in Gen.ArrayOf(Gen.Choose(1, 64))
        select (commands, chunks);

    [Fact]
    public void Random_commands_in_random_chunks_read_back_exactly()
    {
        Prop.ForAll(Arb.From(PipelineGen), input =>
        {
            byte[] data = input.Commands.SelectMany(c => Encode(c)).ToArray();
            var chunks = new List<byte[]>();
            int pos = 0;
            int i = 0;
            while (pos < data.Length)
            {
                int n = Math.Min(data.Length - pos, input.Chunks.Length == 0 ? data.Length : input.Chunks[i++ % input.Chunks.Length]);
                chunks.Add(data[pos..(pos + n)]);
                pos += n;
            }
            var result = ParseChunks(chunks);
            var expected = input.Commands.Select(c => string.Join(' ', c.Select(Convert.ToHexString))).ToList();
            return result.Error is null && result.BytesLeft == 0 && result.Commands.SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>A single contiguous buffer that grows by one byte per read.</summary>
    internal static ParseResult ParseGrowing(byte[] data)
    {
        var reader = new RespRequestReader();
        using var command = new RespCommand();
        var commands = new List<string>();
        long consumed = 0;
        long left = 0;
        for (int end = 1; end <= data.Length; end++)
        {
            var buffer = new ReadOnlySequence<byte>(data, (int)consumed, end - (int)consumed);
            try
            {
                while (reader.TryRead(ref buffer, command))
                {
                    commands.Add(Describe(command));
                }
            }
            catch (RespProtocolException e)
            {
                return new ParseResult(commands, e.Message, buffer.Length);
            }
            consumed = end - buffer.Length;
            left = buffer.Length;
        }
        return new ParseResult(commands, null, left);
    }
}
