using Mnemo.Server.Tests.Infrastructure;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Server.Tests.Contract;

/// <summary>Runs a contract suite over TCP: an in-process server, one client connection per database.</summary>
public sealed class ServerTarget : IContractTarget
{
    private readonly TestServer _server;
    private readonly Dictionary<int, (RawClient Client, IMnemoDatabase Db)> _databases = [];

    public ServerTarget() => _server = TestServer.StartAsync().GetAwaiter().GetResult();

    public ManualClock Clock => _server.Clock;

    public MnemoStore Store => _server.Server.Store;

    public IMnemoDatabase Database(int index = 0)
    {
        if (!_databases.TryGetValue(index, out var entry))
        {
            var client = _server.Connect();
            if (index != 0)
            {
                client.Expect("+OK\r\n", "SELECT", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            entry = (client, RespDatabase.Create(client, index));
            _databases[index] = entry;
        }
        return entry.Db;
    }

    public void Dispose()
    {
        foreach (var (client, _) in _databases.Values)
        {
            client.Dispose();
        }
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
