using System.Buffers;
using System.Diagnostics;
using Mnemo.Protocol.Tests.Infrastructure;
using static Mnemo.Protocol.Tests.Infrastructure.Sequences;

namespace Mnemo.Protocol.Tests;

/// <summary>
/// Random and mutated input for a bounded time: only <see cref="RespProtocolException"/> may escape,
/// every successful read makes progress, and chunked arrival agrees with the whole buffer.
/// </summary>
public sealed class RespFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        Encode("SET", "key", "value"),
        Encode("GET", "key"),
        Bytes("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$1\r\nx\r\n"),
        Bytes("PING\r\nSET a \"b\\x41\\n\" 'c\\'d'\r\n"),
        Bytes("*0\r\n*-1\r\n\r\n"),
    ];

    private static readonly byte[] Interesting = "*$\r\n-0123456789\"'\\x \t"u8.ToArray();

    [Fact]
    public void Random_input_only_ever_raises_protocol_errors_and_agrees_across_chunking()
    {
        var random = new Random(20240611);
        var watch = Stopwatch.StartNew();
        int cases = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(2) || cases < 2000)
        {
            byte[] data = Generate(random);
            var expected = CheckedParse(new ReadOnlySequence<byte>(data));

            var chunks = new List<byte[]>();
            for (int pos = 0; pos < data.Length;)
            {
                int n = Math.Min(data.Length - pos, random.Next(1, 16));
                chunks.Add(data[pos..(pos + n)]);
                pos += n;
            }
            RespSplitTests.AssertSame(expected, ParseChunks(chunks), $"case {cases}: {Convert.ToHexString(data)}");
            cases++;
            if (cases > 200_000)
            {
                break;
            }
        }
    }

    private static byte[] Generate(Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                {
                    // Pure noise, biased towards protocol bytes.
                    var data = new byte[random.Next(0, 64)];
                    for (int i = 0; i < data.Length; i++)
                    {
                        data[i] = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
                    }
                    return data;
                }
            default:
                {
                    // Valid requests with a few mutations (flip, insert, delete).
                    var data = new List<byte>();
                    for (int n = random.Next(1, 4); n > 0; n--)
                    {
                        data.AddRange(Seeds[random.Next(Seeds.Length)]);
                    }
                    for (int m = random.Next(0, 4); m > 0 && data.Count > 0; m--)
                    {
                        int at = random.Next(data.Count);
                        byte b = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
                        switch (random.Next(3))
                        {
                            case 0:
                                data[at] = b;
                                break;
                            case 1:
                                data.Insert(at, b);
                                break;
                            default:
                                data.RemoveAt(at);
                                break;
                        }
                    }
                    return [.. data];
                }
        }
    }

    /// <summary>Parses the whole buffer, failing on any exception but a protocol error and on a read without progress.</summary>
    private static ParseResult CheckedParse(ReadOnlySequence<byte> buffer)
    {
        var reader = new RespRequestReader();
        using var command = new RespCommand();
        var commands = new List<string>();
        try
        {
            while (true)
            {
                long before = buffer.Length;
                if (!reader.TryRead(ref buffer, command))
                {
                    return new ParseResult(commands, null, buffer.Length);
                }
                Assert.True(buffer.Length < before, "a successful read must consume input");
                Assert.True(command.Count > 0);
                commands.Add(Describe(command));
            }
        }
        catch (RespProtocolException e)
        {
            return new ParseResult(commands, e.Message, buffer.Length);
        }
    }
}
