using Mnemo.Tests.Infrastructure;

namespace Mnemo.Server.Tests.Infrastructure;

/// <summary>An in-process server on a free loopback port with a manual clock; stopped on dispose.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(MnemoServer server, ManualClock clock)
    {
        Server = server;
        Clock = clock;
    }

    public MnemoServer Server { get; }

    public ManualClock Clock { get; }

    public int Port => Server.Port;

    public static async Task<TestServer> StartAsync(Action<MnemoServerOptions>? configure = null)
    {
        var clock = new ManualClock();
        var options = new MnemoServerOptions
        {
            Port = 0,
            UnsafePreferInlineScheduling = true, // as mnemo serve (with inline-sockets.runsettings)
            Store = new MnemoStoreOptions { TimeProvider = clock, ActiveExpiryInterval = TimeSpan.Zero },
        };
        configure?.Invoke(options);
        return new TestServer(await MnemoServer.StartAsync(options), clock);
    }

    public RawClient Connect() => new(Port);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Server.Store.Dispose();
    }
}
