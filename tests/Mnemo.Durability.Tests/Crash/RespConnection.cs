using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Mnemo.Durability.Tests.Crash;

/// <summary>An error reply (<c>-ERR ...</c>).</summary>
public sealed record RespError(string Message)
{
    public override string ToString() => "-" + Message;
}

/// <summary>
/// A small synchronous RESP2 client over one TCP connection, for the server crash tests. Commands
/// are buffered by <see cref="Write"/> and sent by <see cref="Flush"/> (so a caller can pipeline);
/// <see cref="Read"/> decodes one reply: a <see cref="string"/> (simple or bulk), a <see cref="long"/>,
/// a <see cref="RespError"/>, an <c>object?[]</c> (array) or null (nil). A reply counts as
/// received only once it is complete. Every read has a timeout, so a silent server fails the test.
/// </summary>
public sealed class RespConnection : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _in = new byte[64 * 1024];
    private readonly MemoryStream _out = new();
    private int _start, _end;

    public RespConnection(int port, TimeSpan? timeout = null)
    {
        _tcp = new TcpClient { NoDelay = true };
        _tcp.Connect("127.0.0.1", port);
        _stream = _tcp.GetStream();
        _stream.ReadTimeout = (int)(timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds;
    }

    /// <summary>Buffers one command (not sent until <see cref="Flush"/>).</summary>
    public void Write(params string[] args)
    {
        WriteHeader('*', args.Length);
        foreach (string arg in args)
        {
            var bytes = Encoding.UTF8.GetBytes(arg);
            WriteHeader('$', bytes.Length);
            _out.Write(bytes);
            _out.Write("\r\n"u8);
        }
    }

    public void Flush()
    {
        if (_out.Length > 0)
        {
            _stream.Write(_out.GetBuffer(), 0, (int)_out.Length);
            _out.SetLength(0);
        }
    }

    /// <summary>Sends one command and reads its reply.</summary>
    public object? Call(params string[] args)
    {
        Write(args);
        Flush();
        return Read();
    }

    /// <summary>Reads one complete reply.</summary>
    public object? Read()
    {
        byte type = ReadByte();
        string line = ReadLine();
        switch (type)
        {
            case (byte)'+':
                return line;
            case (byte)'-':
                return new RespError(line);
            case (byte)':':
                return long.Parse(line, CultureInfo.InvariantCulture);
            case (byte)'$':
                int length = int.Parse(line, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }
                var bytes = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    bytes[i] = ReadByte();
                }
                ReadLine();
                return Encoding.UTF8.GetString(bytes);
            case (byte)'*':
                int count = int.Parse(line, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }
                var items = new object?[count];
                for (int i = 0; i < count; i++)
                {
                    items[i] = Read();
                }
                return items;
            default:
                throw new InvalidDataException($"unexpected RESP reply type '{(char)type}' ({line})");
        }
    }

    private void WriteHeader(char type, int count)
    {
        Span<byte> header = stackalloc byte[16];
        header[0] = (byte)type;
        count.TryFormat(header[1..], out int n, provider: CultureInfo.InvariantCulture);
        header[n + 1] = (byte)'\r';
        header[n + 2] = (byte)'\n';
        _out.Write(header[..(n + 3)]);
    }

    private string ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            byte b = ReadByte();
            if (b == '\r')
            {
                if (ReadByte() != '\n')
                {
                    throw new InvalidDataException("CR without LF in a RESP reply");
                }
                return line.ToString();
            }
            line.Append((char)b);
        }
    }

    private byte ReadByte()
    {
        if (_start == _end)
        {
            _start = 0;
            _end = _stream.Read(_in, 0, _in.Length);
            if (_end == 0)
            {
                throw new EndOfStreamException("the server closed the connection");
            }
        }
        return _in[_start++];
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}
