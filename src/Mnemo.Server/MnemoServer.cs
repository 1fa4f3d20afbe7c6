using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mnemo.Protocol;
using Mnemo.Server.Commands;
using Mnemo.Server.Hosting;
using Mnemo.Server.Sessions;

namespace Mnemo.Server;

/// <summary>
/// A Mnemo server: the Redis protocol (RESP2/RESP3) on Kestrel over an embedded
/// <see cref="MnemoStore"/>. Any Redis client can talk to it.
/// </summary>
/// <example>
/// <code>
/// await using var server = await MnemoServer.StartAsync(new MnemoServerOptions { Port = 0 });
/// Console.WriteLine($"listening on 127.0.0.1:{server.Port}");
/// </code>
/// </example>
public sealed class MnemoServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly bool _ownsStore;
    private readonly Lock _stopGate = new();
    private WebApplication? _app;
    private KestrelServer? _kestrel;
    private Task? _stopTask;
    private ShutdownSave _shutdownSave;

    private MnemoServer(MnemoServerOptions options, MnemoStore store, bool ownsStore)
    {
        _ownsStore = ownsStore;
        Options = options;
        Store = store;
        ReaderOptions = new RespReaderOptions { MaxBulkLength = options.ProtoMaxBulkLength };
        Clients = new ClientRegistry(options.MaxClients);
        OutputLimits = new OutputBufferLimiter(options, store.Core.Time);
        var table = new CommandTable();
        CommandRegistry.RegisterAll(table);
        Dispatcher = new CommandDispatcher(this, table);
        Runtime = new ServerRuntime(this);
        StartedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>The options the server runs with.</summary>
    public MnemoServerOptions Options { get; }

    /// <summary>The store the server serves.</summary>
    public MnemoStore Store { get; }

    /// <summary>The TCP port the server listens on (the chosen one when started with port 0).</summary>
    public int Port { get; private set; }

    /// <summary>The port the HTTP API listens on (the chosen one when <see cref="MnemoServerOptions.HttpPort"/> was 0), or null without HTTP.</summary>
    public int? HttpPort { get; private set; }

    /// <summary>When the server started (INFO uptime).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The command table.</summary>
    public CommandTable Commands => Dispatcher.Table;

    internal CommandDispatcher Dispatcher { get; }

    internal ClientRegistry Clients { get; }

    /// <summary>client-output-buffer-limit enforcement and its INFO counter.</summary>
    internal OutputBufferLimiter OutputLimits { get; }

    /// <summary>Settings, pub/sub, keyspace notifications, slow log, MONITOR, CLIENT PAUSE.</summary>
    internal ServerRuntime Runtime { get; }

    internal RespReaderOptions ReaderOptions { get; }

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Starts a server with a new store and returns once it accepts connections.</summary>
    public static Task<MnemoServer> StartAsync(MnemoServerOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, new MnemoStore((options ?? throw new ArgumentNullException(nameof(options))).Store), ownsStore: true, cancellationToken);

    /// <summary>Starts a server over an existing store (the store stays the caller's to dispose).</summary>
    public static Task<MnemoServer> StartAsync(MnemoServerOptions options, MnemoStore store, CancellationToken cancellationToken = default) =>
        StartAsync(options, store, ownsStore: false, cancellationToken);

    /// <summary>Starts a server over a store it then owns (disposes, and saves at shutdown as redis-server does): the mnemo executable opens the data directory itself to report recovery.</summary>
    internal static Task<MnemoServer> StartOwningAsync(MnemoServerOptions options, MnemoStore store, CancellationToken cancellationToken = default) =>
        StartAsync(options, store, ownsStore: true, cancellationToken);

    private static async Task<MnemoServer> StartAsync(MnemoServerOptions options, MnemoStore store, bool ownsStore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var server = new MnemoServer(options, store, ownsStore);
        IServer kestrel = options.HttpPort is null
            ? await server.StartRespOnlyAsync(cancellationToken).ConfigureAwait(false)
            : await server.StartWithHttpAsync(cancellationToken).ConfigureAwait(false);
        var addresses = kestrel.Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Port = new Uri(addresses.First()).Port;
        return server;
    }

    /// <summary>
    /// Kestrel alone, without the web host: no dependency-injection container, configuration,
    /// routing or logging to build and keep (about 5 MiB less resident memory at start, which
    /// decides the memory ratio against redis-server) when there is no HTTP API to serve.
    /// </summary>
    private async Task<IServer> StartRespOnlyAsync(CancellationToken cancellationToken)
    {
        var handler = new RespConnectionHandler(this);
        var kestrelOptions = new KestrelServerOptions { ApplicationServices = EmptyServices.Instance };
        foreach (var address in Options.Bind)
        {
            kestrelOptions.Listen(address, Options.Port, listen => listen.Use(_ => handler.OnConnectedAsync));
        }
        var transport = new SocketTransportFactory(
            Microsoft.Extensions.Options.Options.Create(new SocketTransportOptions { UnsafePreferInlineScheduling = Options.UnsafePreferInlineScheduling, WaitForDataBeforeAllocatingBuffer = false }),
            NullLoggerFactory.Instance);
        var kestrel = new KestrelServer(Microsoft.Extensions.Options.Options.Create(kestrelOptions), transport, NullLoggerFactory.Instance);
        try
        {
            await kestrel.StartAsync(new NoHttpApplication(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            kestrel.Dispose();
            throw;
        }
        _kestrel = kestrel;
        return kestrel;
    }

    /// <summary>The web host: Kestrel with the RESP endpoints and the HTTP API (<see cref="MnemoServerOptions.HttpPort"/>).</summary>
    private async Task<IServer> StartWithHttpAsync(CancellationToken cancellationToken)
    {
        var options = Options;
        var builder = WebApplication.CreateSlimBuilder();
        var httpEndpoints = new List<ListenOptions>();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(this);
        // A library server must not take over the process's Ctrl-C/SIGTERM (the default console
        // lifetime would stop Kestrel behind the server's back); the host (mnemo) handles signals.
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = options.UnsafePreferInlineScheduling);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in options.Bind)
            {
                kestrel.Listen(address, options.Port, listen => listen.UseConnectionHandler<RespConnectionHandler>());
            }
            foreach (var address in options.HttpBind)
            {
                kestrel.Listen(address, options.HttpPort!.Value, listen => httpEndpoints.Add(listen));
            }
        });
        _app = builder.Build();
        Http.DocumentEndpoints.Map(_app, this);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        HttpPort = httpEndpoints.Count > 0 ? httpEndpoints[0].IPEndPoint?.Port : null;
        return _app.Services.GetRequiredService<IServer>();
    }

    /// <summary>
    /// Stops accepting, closes the connections and stops (SHUTDOWN, Ctrl-C); every caller awaits the
    /// same stop. With a data directory, a server that owns its store then saves as redis-server's
    /// SHUTDOWN does: a final snapshot when save rules are configured (the journal is written and
    /// fsynced when the store is disposed in any case).
    /// </summary>
    public Task StopAsync() => StopAsync(ShutdownSave.Default);

    /// <summary><see cref="StopAsync()"/> with SHUTDOWN's SAVE / NOSAVE choice.</summary>
    internal Task StopAsync(ShutdownSave save)
    {
        lock (_stopGate)
        {
            if (_stopTask is null)
            {
                _shutdownSave = save;
                _stopTask = StopCoreAsync();
            }
            return _stopTask;
        }
    }

    private async Task StopCoreAsync()
    {
        // Off the caller's thread: SHUTDOWN calls this from inside a command, and the stop closes
        // that very connection. The caller has already fixed the SAVE/NOSAVE choice, so a stop
        // requested a moment later (Ctrl-C, the host) cannot override it.
        await Task.Yield();
        // Keyspace notifications observe the store, which may outlive the server.
        Runtime.Notifications.Flags = 0;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        if (_kestrel is not null)
        {
            await _kestrel.StopAsync(CancellationToken.None).ConfigureAwait(false);
            _kestrel.Dispose();
        }
        FinalSave();
    }

    /// <summary>
    /// After the last command: SHUTDOWN NOSAVE skips the final snapshot; SHUTDOWN SAVE forces one;
    /// otherwise a journal store with save rules (that this server owns) takes one when anything
    /// changed since the last, so the next start loads a snapshot instead of replaying the journal.
    /// A snapshot-only store takes its final snapshot itself when it is disposed.
    /// </summary>
    private void FinalSave()
    {
        if (Store.Persistence is not { } persistence)
        {
            return;
        }
        if (_shutdownSave == ShutdownSave.NoSave)
        {
            persistence.SkipFinalSnapshot = true;
            return;
        }
        bool wanted = _shutdownSave == ShutdownSave.Save
            || (_ownsStore && persistence.Options.Mode == Persistence.DurabilityMode.Journal
                && persistence.Options.SaveRules.Count > 0 && persistence.ChangesSinceLastSave > 0);
        if (!wanted)
        {
            return;
        }
        try
        {
            SaveNow();
        }
        catch (MnemoException)
        {
            // Recorded by the engine (and logged through MnemoPersistenceOptions.Log); the journal still holds every write.
        }
    }

    /// <summary>A snapshot now, after the running background one if there is one (SHUTDOWN, as Redis waits for its child).</summary>
    internal void SaveNow()
    {
        var persistence = Store.Persistence ?? throw new MnemoException(RedisErrors.NoPersistence);
        try
        {
            persistence.Save();
        }
        catch (MnemoException e) when (e.Message == RedisErrors.SnapshotInProgress)
        {
            persistence.WaitForSnapshot();
            persistence.Save();
        }
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        if (_ownsStore)
        {
            Store.Dispose();
        }
    }

    /// <summary>Releases what a closed connection held: WATCH registrations, subscriptions, MONITOR.</summary>
    internal void OnDisconnected(ClientSession session)
    {
        TransactionCommands.Unwatch(this, session);
        Runtime.PubSub.UnsubscribeAll(session);
        Runtime.RemoveMonitor(session);
    }

    internal static IPEndPoint Loopback(int port) => new(IPAddress.Loopback, port);
}

/// <summary>What stopping does with a data directory (SHUTDOWN's SAVE and NOSAVE).</summary>
internal enum ShutdownSave
{
    /// <summary>As redis-server: a final snapshot when save rules are configured.</summary>
    Default,

    /// <summary>SHUTDOWN SAVE: a final snapshot in any case.</summary>
    Save,

    /// <summary>SHUTDOWN NOSAVE: no final snapshot (the journal is still flushed).</summary>
    NoSave,
}

/// <summary>A host lifetime that neither waits for nor listens to console signals.</summary>
internal sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The HTTP application of a Kestrel that has no HTTP endpoint (it is never called).</summary>
internal sealed class NoHttpApplication : IHttpApplication<IFeatureCollection>
{
    public IFeatureCollection CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

    public Task ProcessRequestAsync(IFeatureCollection context) => throw new InvalidOperationException("This server has no HTTP endpoint.");

    public void DisposeContext(IFeatureCollection context, Exception? exception)
    {
    }
}

/// <summary>Kestrel's application services when there is no web host: none.</summary>
internal sealed class EmptyServices : IServiceProvider
{
    public static readonly EmptyServices Instance = new();

    public object? GetService(Type serviceType) => null;
}
