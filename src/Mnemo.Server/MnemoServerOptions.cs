using System.Net;

namespace Mnemo.Server;

/// <summary>
/// Settings of a <see cref="MnemoServer"/>, named after redis-server's configuration directives.
/// </summary>
/// <example>
/// <code>
/// await using var server = await MnemoServer.StartAsync(new MnemoServerOptions { Port = 6380 });
/// </code>
/// </example>
public sealed class MnemoServerOptions
{
    /// <summary>TCP port (<c>port</c>, default 6379; 0 picks a free port).</summary>
    public int Port { get; set; } = 6379;

    /// <summary>Addresses to listen on (<c>bind</c>, default loopback only).</summary>
    public IList<IPAddress> Bind { get; } = [IPAddress.Loopback];

    /// <summary>
    /// Port of the HTTP API (<c>/collections/...</c>, see docs/http.md; <c>http-port</c>): null (the
    /// default) serves no HTTP, 0 picks a free port.
    /// </summary>
    public int? HttpPort { get; set; }

    /// <summary>Addresses the HTTP API listens on (default loopback only).</summary>
    public IList<IPAddress> HttpBind { get; } = [IPAddress.Loopback];

    /// <summary>Largest HTTP request body accepted (default 16 MB); larger bodies get 413.</summary>
    public long HttpMaxBodyBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Password of the default user (<c>requirepass</c>); null means no authentication.</summary>
    public string? RequirePassword { get; set; }

    /// <summary>Maximum simultaneous clients (<c>maxclients</c>, default 10000).</summary>
    public int MaxClients { get; set; } = 10_000;

    /// <summary>Largest bulk string a client may send (<c>proto-max-bulk-len</c>, default 512 MB).</summary>
    public long ProtoMaxBulkLength { get; set; } = 512L * 1024 * 1024;

    /// <summary>Most unparsed input one client may have buffered (<c>client-query-buffer-limit</c>, default 1 GB).</summary>
    public long ClientQueryBufferLimit { get; set; } = 1024L * 1024 * 1024;

    /// <summary>
    /// <c>client-output-buffer-limit normal</c> (default <c>0 0 0</c>: unlimited): the most reply and
    /// message bytes a normal client may have pending (written but not yet taken by the socket).
    /// </summary>
    public ClientOutputBufferLimit NormalOutputBufferLimit { get; set; } = ClientOutputBufferLimit.Unlimited;

    /// <summary><c>client-output-buffer-limit replica</c> (default <c>256mb 64mb 60</c>); stored and reported only (no replication).</summary>
    public ClientOutputBufferLimit ReplicaOutputBufferLimit { get; set; } = new(256L * 1024 * 1024, 64L * 1024 * 1024, 60);

    /// <summary>
    /// <c>client-output-buffer-limit pubsub</c> (default <c>32mb 8mb 60</c>): the most message bytes a
    /// client with subscriptions may have pending.
    /// </summary>
    public ClientOutputBufferLimit PubSubOutputBufferLimit { get; set; } = new(32L * 1024 * 1024, 8L * 1024 * 1024, 60);

    /// <summary>
    /// Runs socket I/O continuations (and so command execution) on the I/O thread instead of
    /// queuing them to the thread pool (Kestrel's <c>SocketTransportOptions.UnsafePreferInlineScheduling</c>).
    /// Lower latency for short commands; a blocked handler stalls the other connections of that
    /// I/O thread. Default off here; <c>mnemo serve</c> turns it on, together with the socket
    /// engine's inline completions (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>), which
    /// only a process can choose before its first socket.
    /// </summary>
    public bool UnsafePreferInlineScheduling { get; set; }

    /// <summary>The embedded store's options (databases, shards, clock).</summary>
    public MnemoStoreOptions Store { get; set; } = new();
}
