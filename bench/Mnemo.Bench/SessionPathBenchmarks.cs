using System.Buffers;
using BenchmarkDotNet.Attributes;
using Mnemo.Protocol;
using Mnemo.Server;
using Mnemo.Server.Commands;
using Mnemo.Server.Sessions;

namespace Mnemo.Bench;

/// <summary>
/// GET and SET through the server's command dispatcher, without the network: a real
/// <see cref="CommandContext"/>, the command parsed by <see cref="RespRequestReader"/> and the reply
/// written by a <see cref="RespWriter"/> into a reused buffer. Both should allocate nothing
/// (tests/Mnemo.Server.Tests/SessionAllocationTests.cs asserts it).
/// </summary>
[MemoryDiagnoser]
public class SessionPathBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly RespCommand _command = new();
    private readonly byte[] _get = "*2\r\n$3\r\nGET\r\n$16\r\nbench:key:000042\r\n"u8.ToArray();
    private readonly byte[] _set = "*3\r\n$3\r\nSET\r\n$16\r\nbench:key:000042\r\n$10\r\n0123456789\r\n"u8.ToArray();
    private MnemoServer _server = null!;
    private ClientSession _session = null!;
    private CommandContext _context = null!;
    private RespRequestReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = MnemoServer.StartAsync(new MnemoServerOptions { Port = 0 }).GetAwaiter().GetResult();
        _session = _server.Clients.TryRegister(null, null, static () => { })!;
        _session.Authenticated = true;
        _context = new CommandContext(_server, _session, new RespWriter(_output));
        _reader = new RespRequestReader(_server.ReaderOptions);
        Execute(_set);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _server.Clients.Unregister(_session);
        _command.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public int Get() => Execute(_get);

    [Benchmark]
    public int Set() => Execute(_set);

    private int Execute(byte[] request)
    {
        var buffer = new ReadOnlySequence<byte>(request);
        _reader.TryRead(ref buffer, _command);
        _output.ResetWrittenCount();
        _server.Dispatcher.Execute(_context, _command).GetAwaiter().GetResult();
        return _output.WrittenCount;
    }
}
