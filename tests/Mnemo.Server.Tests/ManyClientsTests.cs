using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>1,000 concurrent connections doing mixed work, every reply checked.</summary>
public sealed class ManyClientsTests : IAsyncLifetime
{
    private const int Clients = 1000;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        CommandShims.EnsureRegistered(_server.Server); // LPUSH until the list family's server commands land
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Thousand_concurrent_clients_get_correct_replies()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var connections = new AsyncClient[Clients];
        using var opening = new SemaphoreSlim(50);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async i =>
            {
                await opening.WaitAsync(timeout.Token);
                try
                {
                    connections[i] = await AsyncClient.ConnectAsync(_server.Port, timeout.Token);
                    Assert.Equal("+PONG", await connections[i].CallAsync(timeout.Token, "PING")); // registered by now
                }
                finally
                {
                    opening.Release();
                }
            }));
            // The last reply completed that wait on a socket event-loop thread (inline completions, as
            // mnemo serve runs); the blocking client below must not run there.
            await Task.Yield();
            using (var admin = _server.Connect())
            {
                Assert.Contains($"\r\nconnected_clients:{Clients + 1}\r\n", admin.Call("INFO", "clients").Text);
            }

            var counters = new long[Clients];
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async i =>
            {
                var c = connections[i];
                string key = "key:" + i.ToString(CultureInfo.InvariantCulture);
                string value = new('v', i % 50 + 1);
                Assert.Equal("+OK", await c.CallAsync(timeout.Token, "SET", key, value));
                Assert.Equal(value, await c.CallAsync(timeout.Token, "GET", key));
                counters[i] = long.Parse(await c.CallAsync(timeout.Token, "INCR", "counter"), CultureInfo.InvariantCulture);
                Assert.Equal("1", await c.CallAsync(timeout.Token, "LPUSH", "list:" + i.ToString(CultureInfo.InvariantCulture), "a"));
                Assert.Equal("2", await c.CallAsync(timeout.Token, "LPUSH", "list:" + i.ToString(CultureInfo.InvariantCulture), "b"));
                Assert.Equal("+PONG", await c.CallAsync(timeout.Token, "PING"));
            }));
            await Task.Yield(); // off the event loop again, as above
            Assert.Equal(Enumerable.Range(1, Clients).Select(i => (long)i), counters.Order());
            using var check = _server.Connect();
            check.Expect("$4\r\n1000\r\n", "GET", "counter");
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection?.Dispose();
            }
        }
    }

    /// <summary>A small async RESP client for simple replies (+, -, :, $).</summary>
    private sealed class AsyncClient : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;
        private readonly byte[] _buffer = new byte[4096];
        private int _start, _end;

        private AsyncClient(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
        }

        public static async Task<AsyncClient> ConnectAsync(int port, CancellationToken token)
        {
            var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync("127.0.0.1", port, token);
            return new AsyncClient(tcp);
        }

        /// <summary>Sends a command; returns "+OK"/"-ERR.." for status and errors, the digits of an integer, the text of a bulk string.</summary>
        public async Task<string> CallAsync(CancellationToken token, params string[] args)
        {
            await _stream.WriteAsync(RawClient.Encode(args), token);
            string line = await ReadLineAsync(token);
            switch (line[0])
            {
                case '+' or '-':
                    return line;
                case ':':
                    return line[1..];
                case '$':
                    int length = int.Parse(line[1..], CultureInfo.InvariantCulture);
                    var bytes = new byte[length + 2];
                    for (int i = 0; i < bytes.Length; i++)
                    {
                        bytes[i] = await ReadByteAsync(token);
                    }
                    return Encoding.UTF8.GetString(bytes, 0, length);
                default:
                    throw new InvalidDataException("Unexpected reply " + line);
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken token)
        {
            var line = new StringBuilder();
            while (true)
            {
                byte b = await ReadByteAsync(token);
                if (b == '\r')
                {
                    await ReadByteAsync(token);
                    return line.ToString();
                }
                line.Append((char)b);
            }
        }

        private async ValueTask<byte> ReadByteAsync(CancellationToken token)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, token);
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
}
