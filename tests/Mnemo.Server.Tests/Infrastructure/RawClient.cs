using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Mnemo.Server.Tests.Infrastructure;

/// <summary>
/// A tiny RESP client for tests: sends commands or raw bytes, reads replies either decoded or as
/// exact bytes. Every read has a timeout so a missing reply fails the test instead of hanging it.
/// </summary>
public sealed class RawClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    public RawClient(int port, TimeSpan? timeout = null)
    {
        _tcp = new TcpClient();
        _tcp.Connect("127.0.0.1", port);
        _tcp.NoDelay = true;
        _stream = _tcp.GetStream();
        _stream.ReadTimeout = (int)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
    }

    public static byte[] Encode(params string[] args)
    {
        var text = new StringBuilder();
        text.Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public void Send(params string[] args) => SendRaw(Encode(args));

    public void SendRaw(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    public void SendRaw(string text) => SendRaw(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends a command and returns its decoded reply.</summary>
    public RespReply Call(params string[] args)
    {
        Send(args);
        return Read();
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes of reply.</summary>
    public string ReadBytes(int count)
    {
        var result = new byte[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = ReadByte();
        }
        return Encoding.UTF8.GetString(result);
    }

    /// <summary>Sends a command and asserts the exact reply bytes.</summary>
    public void Expect(string expectedReply, params string[] args)
    {
        Send(args);
        Assert.Equal(expectedReply, ReadBytes(Encoding.UTF8.GetByteCount(expectedReply)));
    }

    /// <summary>Asserts the exact bytes that arrive next (pushes, pub/sub messages, MONITOR lines).</summary>
    public void ExpectIncoming(string expected) =>
        Assert.Equal(expected, ReadBytes(Encoding.UTF8.GetByteCount(expected)));

    /// <summary>True when the server closed the connection (reads return end of stream).</summary>
    public bool IsClosedByServer()
    {
        try
        {
            return _start == _end && _stream.Read(_buffer, 0, _buffer.Length) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public RespReply Read()
    {
        char type = (char)ReadByte();
        string line = ReadLine();
        switch (type)
        {
            case '+' or '-' or '(':
                return new RespReply(type, line, 0, null) { Bytes = Encoding.UTF8.GetBytes(line) };
            case ':':
                return new RespReply(type, line, long.Parse(line, CultureInfo.InvariantCulture), null);
            case '#':
                return new RespReply(type, line, line == "t" ? 1 : 0, null);
            case ',':
                return new RespReply(type, line, 0, null);
            case '_':
                return new RespReply(type, null, 0, null);
            case '$' or '=' or '!':
                int length = int.Parse(line, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return new RespReply(type, null, 0, null);
                }
                var bytes = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    bytes[i] = ReadByte();
                }
                ReadLine();
                return new RespReply(type, Encoding.UTF8.GetString(bytes), 0, null) { Bytes = bytes };
            case '*' or '~' or '>' or '%':
                int count = int.Parse(line, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return new RespReply(type, null, 0, null);
                }
                if (type == '%')
                {
                    count *= 2;
                }
                var items = new List<RespReply>(count);
                for (int i = 0; i < count; i++)
                {
                    items.Add(Read());
                }
                return new RespReply(type, null, 0, items);
            default:
                throw new InvalidDataException($"Unexpected reply type '{type}' ({line}).");
        }
    }

    private string ReadLine()
    {
        var line = new List<byte>();
        while (true)
        {
            byte b = ReadByte();
            if (b == '\r')
            {
                ReadByte();
                return Encoding.UTF8.GetString(line.ToArray());
            }
            line.Add(b);
        }
    }

    private byte ReadByte()
    {
        if (_start == _end)
        {
            // The test process runs its servers with inline socket completions (as mnemo serve does):
            // a blocking read on an event-loop thread would stall every connection that loop serves,
            // this one's server side included, until the read times out.
            if (Thread.CurrentThread.Name == ".NET Sockets")
            {
                throw new InvalidOperationException("A blocking read on a socket event-loop thread (after an await that completed there): hop off it first, e.g. with await Task.Yield().");
            }
            _start = 0;
            _end = _stream.Read(_buffer, 0, _buffer.Length);
            if (_end == 0)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }
        }
        return _buffer[_start++];
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}
