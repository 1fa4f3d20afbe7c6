using System.Buffers;

namespace Mnemo.Protocol;

public sealed partial class RespRequestReader
{
    /// <summary>
    /// Reads one inline request (a line ending in LF or CRLF) as <c>processInlineBuffer</c> does.
    /// False when the line is incomplete; <paramref name="hasArguments"/> is false for a blank line.
    /// </summary>
    private bool TryReadInline(ref ReadOnlySequence<byte> buffer, RespCommand command, out bool hasArguments)
    {
        hasArguments = false;
        SequencePosition? newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            if (buffer.Length > _options.MaxInlineLength)
            {
                ProtocolErrors.Throw(ProtocolErrors.TooBigInlineRequest);
            }
            return false;
        }
        ReadOnlySequence<byte> line = buffer.Slice(0, newline.Value);
        long consumed = line.Length + 1;
        if (line.Length > 0 && FirstByte(line.Slice(line.Length - 1)) == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }
        if (line.Length > Array.MaxLength)
        {
            ProtocolErrors.Throw(ProtocolErrors.TooBigInlineRequest);
        }

        int length = (int)line.Length;
        command.Begin(0, inline: true);
        if (length > 0)
        {
            // Unescaping never makes a word longer, so the line is split in place in the scratch buffer.
            byte[] scratch = command.Scratch(length);
            line.CopyTo(scratch);
            if (!SplitArguments(scratch, length, command))
            {
                ProtocolErrors.Throw(ProtocolErrors.UnbalancedQuotes);
            }
        }
        buffer = buffer.Slice(consumed);
        hasArguments = command.Count > 0;
        return true;
    }

    /// <summary>
    /// Redis's <c>sdssplitargs</c>: words separated by blanks; "double quotes" with \n \r \t \b \a
    /// \xHH and \&lt;any&gt; escapes; 'single quotes' with only \' escaped; a closing quote must be
    /// followed by a blank or the end of the line. Writes the words in place (each output byte
    /// consumes at least one input byte) and adds them to <paramref name="command"/>.
    /// Unlike the C code, a NUL byte is an ordinary byte here (Redis never reaches this point with
    /// one: its <c>strchr</c> for the newline stops at a NUL).
    /// </summary>
    /// <returns>False on unbalanced quotes.</returns>
    private static bool SplitArguments(byte[] buffer, int length, RespCommand command)
    {
        Span<byte> s = buffer.AsSpan(0, length);
        int p = 0;
        int w = 0;
        while (true)
        {
            while (p < length && IsSpace(s[p]))
            {
                p++;
            }
            if (p >= length)
            {
                return true;
            }
            int start = w;
            bool inDouble = false;
            bool inSingle = false;
            bool done = false;
            while (!done)
            {
                int c = At(s, p);
                if (inDouble)
                {
                    if (c == '\\' && At(s, p + 1) == 'x' && IsHex(At(s, p + 2)) && IsHex(At(s, p + 3)))
                    {
                        s[w++] = (byte)((HexValue(At(s, p + 2)) << 4) | HexValue(At(s, p + 3)));
                        p += 3;
                    }
                    else if (c == '\\' && At(s, p + 1) >= 0)
                    {
                        p++;
                        s[w++] = s[p] switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            byte other => other,
                        };
                    }
                    else if (c == '"')
                    {
                        int next = At(s, p + 1);
                        if (next >= 0 && !IsSpace((byte)next))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else if (c < 0)
                    {
                        return false;
                    }
                    else
                    {
                        s[w++] = (byte)c;
                    }
                }
                else if (inSingle)
                {
                    if (c == '\\' && At(s, p + 1) == '\'')
                    {
                        p++;
                        s[w++] = (byte)'\'';
                    }
                    else if (c == '\'')
                    {
                        int next = At(s, p + 1);
                        if (next >= 0 && !IsSpace((byte)next))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else if (c < 0)
                    {
                        return false;
                    }
                    else
                    {
                        s[w++] = (byte)c;
                    }
                }
                else
                {
                    switch (c)
                    {
                        case ' ' or '\n' or '\r' or '\t' or < 0:
                            done = true;
                            break;
                        case '"':
                            inDouble = true;
                            break;
                        case '\'':
                            inSingle = true;
                            break;
                        default:
                            s[w++] = (byte)c;
                            break;
                    }
                }
                if (p < length)
                {
                    p++;
                }
            }
            command.Add(new ReadOnlyMemory<byte>(buffer, start, w - start));
        }
    }

    /// <summary>The byte at <paramref name="i"/>, or -1 past the end (the C code's terminating NUL).</summary>
    private static int At(ReadOnlySpan<byte> s, int i) => (uint)i < (uint)s.Length ? s[i] : -1;

    /// <summary>C's isspace in the C locale.</summary>
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool IsHex(int c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

    private static int HexValue(int c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
