using System.Buffers;
using System.Text;

namespace Mnemo.Protocol.Tests.Infrastructure;

/// <summary>Builds multi-segment sequences and drives a reader the way a PipeReader loop does.</summary>
internal static class Sequences
{
    public static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    /// <summary>A sequence with one segment per part (each part copied into its own array).</summary>
    public static ReadOnlySequence<byte> Build(IReadOnlyList<byte[]> parts)
    {
        if (parts.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        if (parts.Count == 1)
        {
            return new ReadOnlySequence<byte>(parts[0].ToArray());
        }
        var first = new Segment(parts[0].ToArray(), 0);
        Segment last = first;
        for (int i = 1; i < parts.Count; i++)
        {
            last = last.Append(parts[i].ToArray());
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>A sequence split at the given offsets (segments may be empty).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] offsets)
    {
        var parts = new List<byte[]>();
        int start = 0;
        foreach (int offset in offsets)
        {
            parts.Add(data[start..offset]);
            start = offset;
        }
        parts.Add(data[start..]);
        return Build(parts);
    }

    /// <summary>One command's arguments as a comparable string (hex per argument).</summary>
    public static string Describe(RespCommand command) =>
        string.Join(' ', command.ToArrays().Select(Convert.ToHexString)) + (command.Count == 0 ? "<empty>" : "");

    public static string Describe(params string[] arguments) =>
        string.Join(' ', arguments.Select(a => Convert.ToHexString(Bytes(a))));

    /// <summary>
    /// Reads every request from one buffer. Returns the commands, the error message if a
    /// protocol error was thrown, and the number of bytes left unconsumed.
    /// </summary>
    public static ParseResult ParseAll(in ReadOnlySequence<byte> input, RespReaderOptions? options = null)
    {
        var reader = new RespRequestReader(options ?? RespReaderOptions.Default);
        using var command = new RespCommand();
        var commands = new List<string>();
        ReadOnlySequence<byte> buffer = input;
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
        return new ParseResult(commands, null, buffer.Length);
    }

    /// <summary>
    /// Feeds the chunks one after another as a PipeReader would: the unconsumed bytes stay (with
    /// their segment boundaries) and the new chunk is appended as a new segment.
    /// </summary>
    public static ParseResult ParseChunks(IEnumerable<byte[]> chunks, RespReaderOptions? options = null)
    {
        var reader = new RespRequestReader(options ?? RespReaderOptions.Default);
        using var command = new RespCommand();
        var commands = new List<string>();
        var pending = new List<byte[]>();
        long left = 0;
        foreach (byte[] chunk in chunks)
        {
            pending.Add(chunk);
            ReadOnlySequence<byte> buffer = Build(pending);
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
            pending.Clear();
            foreach (ReadOnlyMemory<byte> segment in buffer)
            {
                pending.Add(segment.ToArray());
            }
            left = buffer.Length;
        }
        return new ParseResult(commands, null, left);
    }

    public static IEnumerable<byte[]> OneByteAtATime(byte[] data) => data.Select(b => new[] { b });

    /// <summary>Multibulk encoding of a command.</summary>
    public static byte[] Encode(params byte[][] arguments)
    {
        var output = new List<byte>();
        output.AddRange(Bytes($"*{arguments.Length}\r\n"));
        foreach (byte[] argument in arguments)
        {
            output.AddRange(Bytes($"${argument.Length}\r\n"));
            output.AddRange(argument);
            output.AddRange("\r\n"u8.ToArray());
        }
        return [.. output];
    }

    public static byte[] Encode(params string[] arguments) => Encode(arguments.Select(Bytes).ToArray());

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

/// <summary>What a parse produced: the commands, the protocol error (if any), the bytes left.</summary>
internal sealed record ParseResult(List<string> Commands, string? Error, long BytesLeft)
{
    public override string ToString() =>
        string.Join(" | ", Commands) + (Error is null ? "" : $" !! {Error}") + $" (left {BytesLeft})";
}
