using System.Buffers;
using System.Runtime.InteropServices;
using Mnemo.Protocol.Tests.Infrastructure;
using static Mnemo.Protocol.Tests.Infrastructure.Sequences;

namespace Mnemo.Protocol.Tests;

/// <summary>Multibulk and inline requests, pipelining, resumption and limits.</summary>
public sealed class RespRequestReaderTests
{
    [Fact]
    public void Reads_a_single_multibulk_command_and_consumes_it()
    {
        var reader = new RespRequestReader();
        using var command = new RespCommand();
        var buffer = new ReadOnlySequence<byte>(Bytes("*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n"));

        Assert.True(reader.TryRead(ref buffer, command));

        Assert.Equal(2, command.Count);
        Assert.Equal("GET"u8.ToArray(), command[0].ToArray());
        Assert.Equal("foo"u8.ToArray(), command[1].ToArray());
        Assert.True(command.EqualsIgnoreCase(0, "get"u8));
        Assert.False(command.IsInline);
        Assert.True(buffer.IsEmpty);
        Assert.False(reader.TryRead(ref buffer, command));
        Assert.Equal("GET foo", command.ToString());
    }

    [Fact]
    public void Single_segment_arguments_are_slices_of_the_input_not_copies()
    {
        byte[] data = Bytes("*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n");
        var reader = new RespRequestReader();
        using var command = new RespCommand();
        var buffer = new ReadOnlySequence<byte>(data);

        Assert.True(reader.TryRead(ref buffer, command));

        Assert.True(MemoryMarshal.TryGetArray(command.GetMemory(1), out ArraySegment<byte> segment));
        Assert.Same(data, segment.Array);
        Assert.Equal(17, segment.Offset);
    }

    [Fact]
    public void Every_proper_prefix_needs_more_data_and_leaves_the_buffer_alone()
    {
        byte[] data = Bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
        for (int n = 0; n < data.Length; n++)
        {
            var reader = new RespRequestReader();
            using var command = new RespCommand();
            var buffer = new ReadOnlySequence<byte>(data, 0, n);
            Assert.False(reader.TryRead(ref buffer, command));
            Assert.Equal(n, buffer.Length);
        }
    }

    [Fact]
    public void Resumes_a_partial_request_from_offsets_when_the_buffer_grows()
    {
        byte[] data = Encode("SET", "key", "value");
        var reader = new RespRequestReader();
        using var command = new RespCommand();
        var partial = new ReadOnlySequence<byte>(data, 0, 20);
        Assert.False(reader.TryRead(ref partial, command));
        Assert.True(reader.HasPartialRequest);

        var full = Split(data, 20); // a different buffer object holding the same bytes, in two segments
        Assert.True(reader.TryRead(ref full, command));
        Assert.Equal(Describe("SET", "key", "value"), Describe(command));
        Assert.False(reader.HasPartialRequest);

        var again = new ReadOnlySequence<byte>(data, 0, 20);
        Assert.False(reader.TryRead(ref again, command));
        reader.Reset();
        Assert.False(reader.HasPartialRequest);
    }

    [Fact]
    public void Reads_pipelined_commands_and_stops_at_the_incomplete_one()
    {
        byte[] data = [.. Encode("SET", "a", "1"), .. Encode("GET", "a"), .. Encode("PING"), .. Bytes("*2\r\n$3\r\nGET\r\n$1")];
        var result = ParseAll(new ReadOnlySequence<byte>(data));

        Assert.Null(result.Error);
        Assert.Equal([Describe("SET", "a", "1"), Describe("GET", "a"), Describe("PING")], result.Commands);
        Assert.Equal(15, result.BytesLeft);
    }

    [Fact]
    public void Bulk_arguments_are_binary_safe_and_may_be_empty()
    {
        byte[] value = [0, 13, 10, 255, (byte)'*', (byte)'$'];
        var result = ParseAll(new ReadOnlySequence<byte>(Encode([Bytes("SET"), Bytes(""), value])));

        Assert.Equal([string.Join(' ', Convert.ToHexString(Bytes("SET")), "", Convert.ToHexString(value))], result.Commands);
    }

    [Fact]
    public void Empty_and_negative_multibulk_counts_are_skipped_as_redis_does()
    {
        var result = ParseAll(new ReadOnlySequence<byte>([.. Bytes("*0\r\n*-1\r\n*-20\r\n"), .. Encode("PING")]));

        Assert.Null(result.Error);
        Assert.Equal([Describe("PING")], result.Commands);
        Assert.Equal(0, result.BytesLeft);
    }

    [Fact]
    public void The_two_bytes_after_bulk_data_are_skipped_unchecked_as_redis_does()
    {
        var result = ParseAll(new ReadOnlySequence<byte>(Bytes("*1\r\n$4\r\nPINGxy*1\r\n$4\r\nPING\r\n")));

        Assert.Equal([Describe("PING"), Describe("PING")], result.Commands);
    }

    [Fact]
    public void Arguments_spanning_segments_are_copied_into_the_commands_pooled_buffer()
    {
        byte[] data = [.. Encode("SET", "key", "a-longer-value"), .. Encode("GET", "key")];
        for (int cut = 1; cut < data.Length; cut++)
        {
            var result = ParseAll(Split(data, cut));
            Assert.Equal([Describe("SET", "key", "a-longer-value"), Describe("GET", "key")], result.Commands);
        }
    }

    [Fact]
    public void Custom_limits_apply()
    {
        var options = new RespReaderOptions { MaxBulkLength = 3, MaxMultibulkLength = 2, MaxInlineLength = 8 };

        Assert.Equal([Describe("GET", "abc")], ParseAll(new ReadOnlySequence<byte>(Encode("GET", "abc")), options).Commands);
        Assert.Equal("Protocol error: invalid bulk length", ParseAll(new ReadOnlySequence<byte>(Encode("GET", "abcd")), options).Error);
        Assert.Equal("Protocol error: invalid multibulk length", ParseAll(new ReadOnlySequence<byte>(Encode("A", "B", "C")), options).Error);
        Assert.Equal("Protocol error: too big inline request", ParseAll(new ReadOnlySequence<byte>(Bytes("123456789")), options).Error);
        Assert.Null(ParseAll(new ReadOnlySequence<byte>(Bytes("12345678")), options).Error);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RespReaderOptions { MaxBulkLength = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RespReaderOptions { MaxBulkLength = long.MaxValue });
        Assert.Equal(512L * 1024 * 1024, RespReaderOptions.Default.MaxBulkLength);
        Assert.Equal(1024 * 1024, RespReaderOptions.Default.MaxMultibulkLength);
        Assert.Equal(64 * 1024, RespReaderOptions.Default.MaxInlineLength);
    }

    [Fact]
    public void The_largest_allowed_bulk_length_is_accepted_and_one_more_is_not()
    {
        var accepted = ParseAll(new ReadOnlySequence<byte>(Bytes("*1\r\n$536870912\r\n")));
        Assert.Null(accepted.Error);
        Assert.Empty(accepted.Commands);

        var rejected = ParseAll(new ReadOnlySequence<byte>(Bytes("*1\r\n$536870913\r\n")));
        Assert.Equal("Protocol error: invalid bulk length", rejected.Error);
    }

    [Fact]
    public void A_huge_declared_bulk_length_without_data_allocates_nothing()
    {
        var reader = new RespRequestReader();
        using var command = new RespCommand();
        byte[] header = Bytes("*2\r\n$3\r\nSET\r\n$536870912\r\n");
        byte[] chunk = new byte[64 * 1024];
        var pending = new List<byte[]> { header };
        long allocated = 0;
        for (int i = 0; i < 16; i++)
        {
            var buffer = Build(pending);
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool read = reader.TryRead(ref buffer, command);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.False(read);
            Assert.True(reader.HasPartialRequest);
            Assert.Equal(Build(pending).Length, buffer.Length);
            pending.Add(chunk);
        }
        Assert.True(allocated < 4096, $"the reader allocated {allocated} bytes");
    }

    [Fact]
    public void A_huge_declared_argument_count_allocates_nothing_up_front()
    {
        var reader = new RespRequestReader();
        using var command = new RespCommand();
        var buffer = new ReadOnlySequence<byte>(Bytes("*1048576\r\n$3\r\nSET\r\n"));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(reader.TryRead(ref buffer, command));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4096, $"the reader allocated {allocated} bytes");
    }

    [Fact]
    public void A_command_with_many_arguments_arriving_in_pieces_is_read_whole()
    {
        var arguments = Enumerable.Range(0, 5000).Select(i => $"k{i}").Prepend("DEL").ToArray();
        byte[] data = Encode(arguments);
        var chunks = data.Chunk(1000).ToList();
        var result = ParseChunks(chunks);
        Assert.Null(result.Error);
        Assert.Equal([Describe(arguments)], result.Commands);
    }

    [Fact]
    public void A_large_argument_spanning_many_segments_is_read_whole()
    {
        byte[] value = new byte[300_000];
        new Random(7).NextBytes(value);
        byte[] data = [.. Encode([Bytes("SET"), Bytes("big"), value]), .. Encode("GET", "big")];
        var result = ParseChunks(data.Chunk(4096));
        Assert.Equal(2, result.Commands.Count);
        Assert.Equal(string.Join(' ', Convert.ToHexString(Bytes("SET")), Convert.ToHexString(Bytes("big")), Convert.ToHexString(value)), result.Commands[0]);
    }

    [Fact]
    public void A_command_can_be_read_after_the_previous_one_used_the_pooled_buffer()
    {
        var reader = new RespRequestReader();
        using var command = new RespCommand();
        byte[] data = [.. Encode("SET", "k", "spanning-value"), .. Encode("ECHO", "x")];
        var buffer = Split(data, 25);
        Assert.True(reader.TryRead(ref buffer, command));
        Assert.Equal("SET k spanning-value", command.ToString());
        Assert.True(reader.TryRead(ref buffer, command));
        Assert.Equal("ECHO x", command.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => command.GetMemory(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => command.GetMemory(-1));
    }
}
