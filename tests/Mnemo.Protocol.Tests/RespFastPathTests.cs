using System.Buffers;
using System.Text;
using static Mnemo.Protocol.Tests.Infrastructure.Sequences;

namespace Mnemo.Protocol.Tests;

/// <summary>
/// A request that lies in one segment takes the reader's fast path; arriving one byte at a time it
/// takes the general path. Both must read the same thing, for canonical requests and for every odd
/// length line (leading zeros, signs, long numbers, a missing LF) the fast path hands over.
/// </summary>
public sealed class RespFastPathTests
{
    private static readonly string[] Numbers =
    [
        "0", "1", "3", "03", "00", "+3", "-1", "-0", " 3", "3 ", "", "999999999", "1000000000",
        "4294967299", "99999999999999999999", "536870912", "536870913", "x",
    ];

    [Fact]
    public void Whole_buffers_and_single_bytes_read_the_same_for_odd_length_lines()
    {
        var random = new Random(20261122);
        for (int round = 0; round < 20_000; round++)
        {
            byte[] data = Generate(random);
            var whole = ParseAll(new ReadOnlySequence<byte>(data));
            var bytes = ParseChunks(OneByteAtATime(data));
            RespSplitTests.AssertSame(whole, bytes, $"round {round}: {Encoding.Latin1.GetString(data).ReplaceLineEndings("|")}");
        }
    }

    [Fact]
    public void A_pipeline_in_one_segment_reads_every_request()
    {
        var data = new List<byte>();
        for (int i = 0; i < 16; i++)
        {
            data.AddRange(Encode("SET", "key:" + i, new string('v', i)));
        }
        var result = ParseAll(new ReadOnlySequence<byte>([.. data]));
        Assert.Null(result.Error);
        Assert.Equal(16, result.Commands.Count);
        Assert.Equal(Describe("SET", "key:15", new string('v', 15)), result.Commands[15]);
        Assert.Equal(0, result.BytesLeft);
    }

    private static byte[] Generate(Random random)
    {
        var text = new StringBuilder();
        for (int requests = random.Next(1, 4); requests > 0; requests--)
        {
            int count = random.Next(1, 4);
            bool oddCount = random.Next(6) == 0;
            text.Append('*').Append(oddCount ? Numbers[random.Next(Numbers.Length)] : count.ToString()).Append("\r\n");
            for (int i = 0; i < count; i++)
            {
                string value = new('a', random.Next(0, 12));
                bool oddLength = random.Next(8) == 0;
                text.Append('$').Append(oddLength ? Numbers[random.Next(Numbers.Length)] : value.Length.ToString()).Append('\r');
                if (random.Next(20) != 0)
                {
                    text.Append('\n'); // Redis skips the byte after CR unchecked
                }
                text.Append(value).Append("\r\n");
            }
        }
        byte[] data = Bytes(text.ToString());
        // sometimes cut the tail: an incomplete request
        return random.Next(4) == 0 ? data[..random.Next(data.Length + 1)] : data;
    }
}
