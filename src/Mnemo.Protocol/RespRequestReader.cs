using System.Buffers;

namespace Mnemo.Protocol;

/// <summary>
/// Reads client requests (RESP multibulk <c>*N\r\n$len\r\n...</c> and inline lines) from a
/// <see cref="ReadOnlySequence{T}"/>, the way Redis's <c>processMultibulkBuffer</c> and
/// <c>processInlineBuffer</c> do. One reader per connection; not thread-safe.
/// </summary>
/// <remarks>
/// <para>"Need more data" is the <c>false</c> return of <see cref="TryRead"/>, never an exception;
/// malformed input throws <see cref="RespProtocolException"/> with Redis's text.</para>
/// <para>The reader is resumable: when a multibulk request is incomplete it remembers how far it got
/// (as byte offsets from the request's start) and leaves <c>buffer</c> at the request's start. The next
/// call must pass a buffer that starts at the same byte, extended with whatever arrived since (what
/// <c>PipeReader.AdvanceTo(buffer.Start, buffer.End)</c> gives). Nothing is allocated from a declared
/// length: a <c>$536870912</c> header without its data costs a few fields until the bytes arrive.</para>
/// <code>
/// while (reader.TryRead(ref buffer, command)) { Execute(command); }
/// pipe.AdvanceTo(buffer.Start, buffer.End);
/// </code>
/// </remarks>
public sealed partial class RespRequestReader
{
    private const int DefaultRangeCapacity = 16;
    private const int RetainedRangeCapacity = 4096;

    private readonly RespReaderOptions _options;
    private ArgRange[] _ranges = new ArgRange[DefaultRangeCapacity];
    private int _rangeCount;

    // The multibulk request in progress: arguments still expected (0 = none in progress), bytes
    // parsed so far counted from its '*', and the declared length of the next argument once its
    // '$' line has been parsed (-1 before).
    private int _remaining;
    private long _offset;
    private long _bulkLength = -1;

    /// <summary>Creates a reader with Redis's default limits.</summary>
    public RespRequestReader()
        : this(RespReaderOptions.Default)
    {
    }

    /// <summary>Creates a reader with the given limits.</summary>
    /// <param name="options">The limits.</param>
    public RespRequestReader(RespReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The limits this reader applies.</summary>
    public RespReaderOptions Options => _options;

    /// <summary>True while a multibulk request has been started but not completed.</summary>
    public bool HasPartialRequest => _remaining > 0;

    /// <summary>Forgets a partially read request (for a connection that starts over).</summary>
    public void Reset()
    {
        _remaining = 0;
        _offset = 0;
        _bulkLength = -1;
        _rangeCount = 0;
    }

    /// <summary>
    /// Reads the next complete request from <paramref name="buffer"/> into <paramref name="command"/>
    /// and advances <paramref name="buffer"/> past it. Empty requests (blank inline lines, <c>*0</c>,
    /// <c>*-1</c>) are consumed and skipped, as Redis does.
    /// </summary>
    /// <param name="buffer">The unconsumed input; on return, what follows the request (or, when
    /// <c>false</c> is returned, the start of the incomplete request).</param>
    /// <param name="command">Receives the request's arguments.</param>
    /// <returns><c>true</c> when a request was read; <c>false</c> when more data is needed.</returns>
    /// <exception cref="RespProtocolException">The input is not valid RESP.</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, RespCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        while (true)
        {
            if (_remaining == 0)
            {
                if (buffer.IsEmpty)
                {
                    return false;
                }
                ReadOnlyMemory<byte> head = buffer.First;
                if (head.Length > 0 && head.Span[0] == (byte)'*')
                {
                    int used = TryReadWhole(head, command);
                    if (used > 0)
                    {
                        buffer = buffer.Slice(used);
                        return true;
                    }
                }
                if (FirstByte(buffer) != (byte)'*')
                {
                    if (!TryReadInline(ref buffer, command, out bool hasArguments))
                    {
                        return false;
                    }
                    if (hasArguments)
                    {
                        return true;
                    }
                    continue;
                }
                if (!TryStartMultibulk(ref buffer))
                {
                    return false;
                }
                if (_remaining == 0)
                {
                    continue; // *0 or a negative count: an empty request, skipped
                }
            }
            if (!TryReadArguments(buffer))
            {
                return false;
            }
            ReadOnlySequence<byte> request = buffer.Slice(0, _offset);
            Materialize(request, command);
            buffer = buffer.Slice(request.End);
            Reset();
            if (_ranges.Length > RetainedRangeCapacity)
            {
                _ranges = new ArgRange[DefaultRangeCapacity];
            }
            return true;
        }
    }

    /// <summary>Parses the <c>*N</c> line at the start of <paramref name="buffer"/>.</summary>
    private bool TryStartMultibulk(ref ReadOnlySequence<byte> buffer)
    {
        if (!TryFindLine(buffer, out long lineLength))
        {
            if (lineLength < 0 && buffer.Length > _options.MaxInlineLength)
            {
                ProtocolErrors.Throw(ProtocolErrors.TooBigMultibulkCount);
            }
            return false;
        }
        if (!TryParseLength(buffer, lineLength, out long count) || count > _options.MaxMultibulkLength)
        {
            ProtocolErrors.Throw(ProtocolErrors.InvalidMultibulkLength);
        }
        if (count <= 0)
        {
            buffer = buffer.Slice(lineLength + 2);
            return true;
        }
        _remaining = (int)count;
        _offset = lineLength + 2;
        _bulkLength = -1;
        _rangeCount = 0;
        return true;
    }

    /// <summary>Reads as many <c>$len\r\ndata\r\n</c> arguments as have arrived.</summary>
    private bool TryReadArguments(in ReadOnlySequence<byte> buffer)
    {
        ReadOnlySequence<byte> rest = buffer.Slice(_offset);
        while (_remaining > 0)
        {
            if (_bulkLength < 0)
            {
                if (!TryFindLine(rest, out long lineLength))
                {
                    if (lineLength < 0 && rest.Length > _options.MaxInlineLength)
                    {
                        ProtocolErrors.Throw(ProtocolErrors.TooBigBulkCount);
                    }
                    return false;
                }
                byte first = FirstByte(rest);
                if (first != (byte)'$')
                {
                    ProtocolErrors.ThrowExpectedDollar(first);
                }
                if (!TryParseLength(rest, lineLength, out long length) || length < 0 || length > _options.MaxBulkLength)
                {
                    ProtocolErrors.Throw(ProtocolErrors.InvalidBulkLength);
                }
                _bulkLength = length;
                _offset += lineLength + 2;
                rest = rest.Slice(lineLength + 2);
            }
            // Redis skips the two bytes after the data without checking that they are CRLF.
            if (rest.Length < _bulkLength + 2)
            {
                return false;
            }
            AddRange(_offset, (int)_bulkLength);
            _offset += _bulkLength + 2;
            rest = rest.Slice(_bulkLength + 2);
            _bulkLength = -1;
            _remaining--;
        }
        return true;
    }

    private void AddRange(long offset, int length)
    {
        if (_rangeCount == _ranges.Length)
        {
            Array.Resize(ref _ranges, _ranges.Length * 2);
        }
        _ranges[_rangeCount++] = new ArgRange(offset, length);
    }

    /// <summary>Hands the arguments to the command: slices of the input, or copies for those that span segments.</summary>
    private void Materialize(in ReadOnlySequence<byte> request, RespCommand command)
    {
        command.Begin(_rangeCount, inline: false);
        ArgRange[] ranges = _ranges;
        int count = _rangeCount;
        if (request.IsSingleSegment)
        {
            ReadOnlyMemory<byte> memory = request.First;
            for (int i = 0; i < count; i++)
            {
                command.Add(memory.Slice((int)ranges[i].Offset, ranges[i].Length));
            }
            return;
        }

        long spill = 0;
        ReadOnlySequence<byte> rest = request;
        long position = 0;
        for (int i = 0; i < count; i++)
        {
            rest = rest.Slice(ranges[i].Offset - position);
            position = ranges[i].Offset;
            if (!rest.Slice(0, ranges[i].Length).IsSingleSegment)
            {
                spill += ranges[i].Length;
            }
        }
        if (spill > Array.MaxLength)
        {
            ProtocolErrors.Throw(ProtocolErrors.CommandTooLarge);
        }
        byte[] scratch = spill > 0 ? command.Scratch((int)spill) : [];
        int used = 0;
        rest = request;
        position = 0;
        for (int i = 0; i < count; i++)
        {
            rest = rest.Slice(ranges[i].Offset - position);
            position = ranges[i].Offset;
            ReadOnlySequence<byte> argument = rest.Slice(0, ranges[i].Length);
            if (argument.IsSingleSegment)
            {
                command.Add(argument.First);
            }
            else
            {
                argument.CopyTo(scratch.AsSpan(used));
                command.Add(new ReadOnlyMemory<byte>(scratch, used, ranges[i].Length));
                used += ranges[i].Length;
            }
        }
    }

    /// <summary>
    /// Finds the line at the start of <paramref name="sequence"/>, ending at the first CR (as Redis's
    /// <c>strchr(..., '\r')</c>). True when the CR and one byte after it have arrived; the line length
    /// is -1 when there is no CR at all.
    /// </summary>
    private static bool TryFindLine(in ReadOnlySequence<byte> sequence, out long lineLength)
    {
        ReadOnlySpan<byte> first = sequence.FirstSpan;
        int i = first.IndexOf((byte)'\r');
        if (i >= 0)
        {
            lineLength = i;
            return i + 1 < first.Length || sequence.Length > i + 1;
        }
        if (sequence.IsSingleSegment)
        {
            lineLength = -1;
            return false;
        }
        SequencePosition? cr = sequence.PositionOf((byte)'\r');
        if (cr is null)
        {
            lineLength = -1;
            return false;
        }
        lineLength = sequence.Slice(0, cr.Value).Length;
        return sequence.Length > lineLength + 1;
    }

    /// <summary>Parses the number after the type byte of a <c>*</c> or <c>$</c> line (Redis's <c>string2ll</c>).</summary>
    private static bool TryParseLength(in ReadOnlySequence<byte> sequence, long lineLength, out long value)
    {
        long digits = lineLength - 1;
        if (digits <= 0 || digits > RespNumber.MaxInt64Digits)
        {
            value = 0;
            return false;
        }
        ReadOnlySpan<byte> first = sequence.FirstSpan;
        if (lineLength <= first.Length)
        {
            return RespNumber.TryParseInt64(first.Slice(1, (int)digits), out value);
        }
        Span<byte> copy = stackalloc byte[RespNumber.MaxInt64Digits];
        sequence.Slice(1, digits).CopyTo(copy);
        return RespNumber.TryParseInt64(copy[..(int)digits], out value);
    }

    private static byte FirstByte(in ReadOnlySequence<byte> sequence)
    {
        ReadOnlySpan<byte> first = sequence.FirstSpan;
        if (!first.IsEmpty)
        {
            return first[0];
        }
        foreach (ReadOnlyMemory<byte> segment in sequence)
        {
            if (!segment.IsEmpty)
            {
                return segment.Span[0];
            }
        }
        return 0;
    }

    private readonly record struct ArgRange(long Offset, int Length);
}
