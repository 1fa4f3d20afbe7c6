using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Mnemo.Protocol;

/// <summary>
/// Writes RESP replies into an <see cref="IBufferWriter{T}"/> (typically a <c>PipeWriter</c>),
/// in RESP2 or RESP3 as <see cref="Version"/> says, with the RESP2 fallbacks Redis uses for the
/// RESP3-only types. Fixed replies are <c>u8</c> literals; nothing is allocated per reply.
/// One writer per connection; not thread-safe.
/// </summary>
public sealed partial class RespWriter
{
    /// <summary>Room for a type byte, a 64-bit integer and CRLF.</summary>
    private const int HeaderSize = 1 + 20 + 2;

    private IBufferWriter<byte> _output;

    /// <summary>Creates a writer.</summary>
    /// <param name="output">Where the replies go.</param>
    /// <param name="version">The protocol version; RESP2 until <c>HELLO 3</c>.</param>
    public RespWriter(IBufferWriter<byte> output, RespVersion version = RespVersion.Resp2)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        Version = version;
    }

    /// <summary>The protocol version of the replies (switched by <c>HELLO</c>).</summary>
    public RespVersion Version { get; set; }

    /// <summary>True when <see cref="Version"/> is RESP3.</summary>
    public bool IsResp3 => Version == RespVersion.Resp3;

    /// <summary>Where the replies go; may be replaced between replies.</summary>
    public IBufferWriter<byte> Output
    {
        get => _output;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _output = value;
        }
    }

    /// <summary>Writes bytes that already are RESP (a pre-encoded reply).</summary>
    /// <param name="resp">The encoded reply.</param>
    public void WriteRaw(ReadOnlySpan<byte> resp) => WriteBytes(resp);

    /// <summary><c>+OK\r\n</c>.</summary>
    public void WriteOk() => WriteBytes("+OK\r\n"u8);

    /// <summary><c>+PONG\r\n</c>.</summary>
    public void WritePong() => WriteBytes("+PONG\r\n"u8);

    /// <summary><c>+QUEUED\r\n</c> (a command queued inside MULTI).</summary>
    public void WriteQueued() => WriteBytes("+QUEUED\r\n"u8);

    /// <summary>A simple string: <c>+text\r\n</c>. The text must not contain CR or LF.</summary>
    /// <param name="text">The status text.</param>
    public void WriteSimpleString(ReadOnlySpan<byte> text) => WriteLine((byte)'+', text);

    /// <summary>A simple string from UTF-16 text (encoded as UTF-8).</summary>
    /// <param name="text">The status text, without CR or LF.</param>
    public void WriteSimpleString(string text) => WriteLine((byte)'+', text);

    /// <summary>
    /// An error: <c>-text\r\n</c>. The text starts with the error code, as Redis's replies do
    /// (<c>ERR syntax error</c>, <c>WRONGTYPE Operation against...</c>); CR and LF in it become
    /// spaces, as Redis does, so the reply can never break framing.
    /// </summary>
    /// <param name="text">The error text, code first.</param>
    public void WriteError(ReadOnlySpan<byte> text)
    {
        Span<byte> span = _output.GetSpan(text.Length + 3);
        span[0] = (byte)'-';
        Span<byte> body = span.Slice(1, text.Length);
        text.CopyTo(body);
        body.Replace((byte)'\r', (byte)' ');
        body.Replace((byte)'\n', (byte)' ');
        span[text.Length + 1] = (byte)'\r';
        span[text.Length + 2] = (byte)'\n';
        _output.Advance(text.Length + 3);
    }

    /// <summary>An error from UTF-16 text (encoded as UTF-8); see <see cref="WriteError(ReadOnlySpan{byte})"/>.</summary>
    /// <param name="text">The error text, code first (<c>ERR ...</c>).</param>
    public void WriteError(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> span = _output.GetSpan(max + 3);
        span[0] = (byte)'-';
        int n = Encoding.UTF8.GetBytes(text, span[1..]);
        Span<byte> body = span.Slice(1, n);
        body.Replace((byte)'\r', (byte)' ');
        body.Replace((byte)'\n', (byte)' ');
        span[n + 1] = (byte)'\r';
        span[n + 2] = (byte)'\n';
        _output.Advance(n + 3);
    }

    /// <summary>An integer: <c>:n\r\n</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteInteger(long value)
    {
        switch (value)
        {
            case 0:
                WriteBytes(":0\r\n"u8);
                return;
            case 1:
                WriteBytes(":1\r\n"u8);
                return;
            default:
                WriteHeader((byte)':', value);
                return;
        }
    }

    /// <summary>A bulk string: <c>$len\r\nbytes\r\n</c>.</summary>
    /// <param name="value">The bytes.</param>
    public void WriteBulkString(ReadOnlySpan<byte> value)
    {
        if (value.Length <= 4096)
        {
            Span<byte> span = _output.GetSpan(HeaderSize + value.Length + 2);
            int n = FormatHeader(span, (byte)'$', value.Length);
            value.CopyTo(span[n..]);
            n += value.Length;
            span[n] = (byte)'\r';
            span[n + 1] = (byte)'\n';
            _output.Advance(n + 2);
            return;
        }
        WriteHeader((byte)'$', value.Length);
        WriteBytes(value);
        WriteBytes("\r\n"u8);
    }

    /// <summary>A bulk string from a (possibly multi-segment) sequence.</summary>
    /// <param name="value">The bytes.</param>
    public void WriteBulkString(in ReadOnlySequence<byte> value)
    {
        if (value.IsSingleSegment)
        {
            WriteBulkString(value.FirstSpan);
            return;
        }
        WriteHeader((byte)'$', value.Length);
        foreach (ReadOnlyMemory<byte> segment in value)
        {
            WriteBytes(segment.Span);
        }
        WriteBytes("\r\n"u8);
    }

    /// <summary>A bulk string from UTF-16 text (encoded as UTF-8).</summary>
    /// <param name="value">The text.</param>
    public void WriteBulkString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int length = Encoding.UTF8.GetByteCount(value);
        WriteHeader((byte)'$', length);
        if (length > 0)
        {
            Span<byte> span = _output.GetSpan(length);
            _output.Advance(Encoding.UTF8.GetBytes(value, span));
        }
        WriteBytes("\r\n"u8);
    }

    /// <summary>A bulk string holding the decimal text of an integer (<c>addReplyBulkLongLong</c>).</summary>
    /// <param name="value">The value.</param>
    public void WriteBulkString(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out int n);
        WriteBulkString(digits[..n]);
    }

    /// <summary>The null reply: RESP2 null bulk string <c>$-1\r\n</c>, RESP3 <c>_\r\n</c>.</summary>
    public void WriteNull() => WriteBytes(IsResp3 ? "_\r\n"u8 : "$-1\r\n"u8);

    /// <summary>A null array: RESP2 <c>*-1\r\n</c>, RESP3 <c>_\r\n</c>.</summary>
    public void WriteNullArray() => WriteBytes(IsResp3 ? "_\r\n"u8 : "*-1\r\n"u8);

    /// <summary>An array header <c>*n\r\n</c>; the <paramref name="count"/> elements follow.</summary>
    /// <param name="count">The number of elements.</param>
    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            WriteBytes("*0\r\n"u8);
            return;
        }
        WriteHeader((byte)'*', count);
    }

    /// <summary>
    /// A map header: RESP3 <c>%n\r\n</c>, RESP2 an array of 2n elements; key, value, key, value... follow.
    /// </summary>
    /// <param name="pairs">The number of key-value pairs.</param>
    public void WriteMapHeader(int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        if (IsResp3)
        {
            WriteHeader((byte)'%', pairs);
        }
        else
        {
            WriteHeader((byte)'*', pairs * 2L);
        }
    }

    /// <summary>A set header: RESP3 <c>~n\r\n</c>, RESP2 an array header.</summary>
    /// <param name="count">The number of members.</param>
    public void WriteSetHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteHeader(IsResp3 ? (byte)'~' : (byte)'*', count);
    }

    /// <summary>A push header (pub/sub messages): RESP3 <c>&gt;n\r\n</c>, RESP2 an array header.</summary>
    /// <param name="count">The number of elements.</param>
    public void WritePushHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteHeader(IsResp3 ? (byte)'>' : (byte)'*', count);
    }

    /// <summary>A boolean: RESP3 <c>#t\r\n</c>/<c>#f\r\n</c>, RESP2 the integers 1/0.</summary>
    /// <param name="value">The value.</param>
    public void WriteBoolean(bool value)
    {
        if (IsResp3)
        {
            WriteBytes(value ? "#t\r\n"u8 : "#f\r\n"u8);
        }
        else
        {
            WriteBytes(value ? ":1\r\n"u8 : ":0\r\n"u8);
        }
    }

    /// <summary>
    /// A verbatim string: RESP3 <c>=len\r\nfmt:text\r\n</c>, RESP2 a bulk string of the text.
    /// </summary>
    /// <param name="format">Exactly three bytes: <c>txt</c> or <c>mkd</c>.</param>
    /// <param name="text">The text.</param>
    public void WriteVerbatimString(ReadOnlySpan<byte> format, ReadOnlySpan<byte> text)
    {
        if (format.Length != 3)
        {
            throw new ArgumentException("A verbatim string format is exactly three bytes (txt, mkd).", nameof(format));
        }
        if (!IsResp3)
        {
            WriteBulkString(text);
            return;
        }
        WriteHeader((byte)'=', text.Length + 4L);
        Span<byte> prefix = _output.GetSpan(4);
        format.CopyTo(prefix);
        prefix[3] = (byte)':';
        _output.Advance(4);
        WriteBytes(text);
        WriteBytes("\r\n"u8);
    }

    /// <summary>
    /// A big number: RESP3 <c>(digits\r\n</c>, RESP2 a bulk string of the digits
    /// (<c>addReplyBigNum</c>). The caller supplies valid decimal digits (optional leading '-').
    /// </summary>
    /// <param name="digits">The number's decimal text.</param>
    public void WriteBigNumber(ReadOnlySpan<byte> digits)
    {
        if (IsResp3)
        {
            WriteLine((byte)'(', digits);
        }
        else
        {
            WriteBulkString(digits);
        }
    }

    /// <summary>Writes <c>type value CRLF</c>.</summary>
    private void WriteHeader(byte type, long value)
    {
        Span<byte> span = _output.GetSpan(HeaderSize);
        _output.Advance(FormatHeader(span, type, value));
    }

    private static int FormatHeader(Span<byte> span, byte type, long value)
    {
        span[0] = type;
        Utf8Formatter.TryFormat(value, span[1..], out int n);
        span[n + 1] = (byte)'\r';
        span[n + 2] = (byte)'\n';
        return n + 3;
    }

    private void WriteLine(byte type, ReadOnlySpan<byte> text)
    {
        Span<byte> span = _output.GetSpan(text.Length + 3);
        span[0] = type;
        text.CopyTo(span[1..]);
        span[text.Length + 1] = (byte)'\r';
        span[text.Length + 2] = (byte)'\n';
        _output.Advance(text.Length + 3);
    }

    private void WriteLine(byte type, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> span = _output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 3);
        span[0] = type;
        int n = Encoding.UTF8.GetBytes(text, span[1..]);
        span[n + 1] = (byte)'\r';
        span[n + 2] = (byte)'\n';
        _output.Advance(n + 3);
    }

    /// <summary>Copies bytes, in chunks when they are larger than the writer's buffer.</summary>
    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Span<byte> span = _output.GetSpan(Math.Min(bytes.Length, 4096));
        if (bytes.Length <= span.Length)
        {
            bytes.CopyTo(span);
            _output.Advance(bytes.Length);
            return;
        }
        while (!bytes.IsEmpty)
        {
            int n = Math.Min(bytes.Length, span.Length);
            bytes[..n].CopyTo(span);
            _output.Advance(n);
            bytes = bytes[n..];
            if (!bytes.IsEmpty)
            {
                span = _output.GetSpan(Math.Min(bytes.Length, 4096));
            }
        }
    }
}
