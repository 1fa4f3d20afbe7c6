namespace Mnemo.Protocol;

/// <summary>The fast path of <see cref="RespRequestReader"/>: a whole request in one span.</summary>
public sealed partial class RespRequestReader
{
    /// <summary>Longest length line the fast path parses (9 digits: below int.MaxValue, no overflow check).</summary>
    private const int FastMaxDigits = 9;

    /// <summary>
    /// Reads one multibulk request that lies entirely in <paramref name="memory"/> (the first
    /// segment of the input, where almost every request of a pipeline is) with plain span
    /// indexing, no <see cref="System.Buffers.ReadOnlySequence{T}"/> slicing. It accepts only the
    /// canonical form: <c>*N\r\n</c> then <c>$len\r\n</c> lines whose numbers are 1–9 digits
    /// without a sign or leading zero (or a lone <c>0</c> for an empty argument), within the limits.
    /// Anything else (an incomplete request, an error, an odd but valid number) returns 0 and
    /// leaves the request to the general path, which then behaves as if this one did not exist:
    /// on the inputs accepted here both paths read the same arguments.
    /// </summary>
    /// <returns>The bytes the request takes, or 0 when the general path must read it.</returns>
    private int TryReadWhole(ReadOnlyMemory<byte> memory, RespCommand command)
    {
        ReadOnlySpan<byte> span = memory.Span;
        // span[0] is '*' (the caller checked)
        int pos = 1;
        if (!TryReadFastNumber(span, ref pos, out int count) || count == 0 || count > _options.MaxMultibulkLength)
        {
            return 0;
        }
        // An argument takes at least 6 bytes ("$0\r\n\r\n"): fewer bytes than that cannot hold the
        // request, and nothing is sized from a declared count that has not arrived.
        if (count > (span.Length - pos) / 6)
        {
            return 0;
        }
        command.Begin(count, inline: false);
        long maxBulk = _options.MaxBulkLength;
        for (int i = 0; i < count; i++)
        {
            if ((uint)pos >= (uint)span.Length || span[pos] != (byte)'$')
            {
                return 0;
            }
            pos++;
            if (!TryReadFastNumber(span, ref pos, out int length) || length > maxBulk)
            {
                return 0;
            }
            // the data and the two bytes after it (Redis skips them without checking for CRLF)
            if (span.Length - pos < length + 2)
            {
                return 0;
            }
            command.Add(memory.Slice(pos, length));
            pos += length + 2;
        }
        return pos;
    }

    /// <summary>
    /// Parses the digits at <paramref name="pos"/> up to the CR and moves past the CR and the byte
    /// after it (a line ends at the first CR, as in <see cref="TryFindLine"/>).
    /// </summary>
    private static bool TryReadFastNumber(ReadOnlySpan<byte> span, ref int pos, out int value)
    {
        value = 0;
        int start = pos;
        int i = pos;
        while (i < span.Length)
        {
            uint d = (uint)(span[i] - '0');
            if (d > 9)
            {
                break;
            }
            value = value * 10 + (int)d;
            i++;
            if (i - start > FastMaxDigits)
            {
                return false;
            }
        }
        int digits = i - start;
        // no digits, a leading zero ("0" alone is fine), no CR, or the CR is the last byte
        if (digits == 0 || (span[start] == (byte)'0' && digits > 1) || i + 1 >= span.Length || span[i] != (byte)'\r')
        {
            return false;
        }
        pos = i + 2;
        return true;
    }
}
