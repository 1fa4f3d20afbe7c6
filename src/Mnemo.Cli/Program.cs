using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using Mnemo.Persistence;
using Mnemo.Server;

namespace Mnemo.Cli;

/// <summary>The <c>mnemo</c> executable: <c>mnemo serve [config-file] [--option value ...]</c>.</summary>
internal static class Program
{
    public const string Usage = """
        Usage: mnemo serve [config-file] [-] [--option value ...]
               mnemo export <dir> [<file>|-]    (keys as JSON lines; mnemo export --help)
               mnemo import <file>|- <dir>      (mnemo import --help)
               mnemo check [--repair] <dir>
               mnemo backup <dir> <target>
               mnemo restore <backup> <dir>
               mnemo --version | --help

        serve: runs a Mnemo server: the Redis protocol over an in-memory store that keeps a
        journal in a local data folder. Options are redis-server's (and a config file uses
        redis.conf syntax; '-' reads one from stdin; command-line options override the file):
          --port <n>                  TCP port (default 6379; 0 picks a free one)
          --http-port <n>             HTTP API port (/collections, on loopback; default 0 = off)
          --bind <addr> [<addr> ...]  addresses to listen on (default 127.0.0.1)
          --requirepass <password>    password of the default user
          --databases <n>             number of databases (default 16)
          --maxclients <n>            simultaneous clients (default 10000)
          --proto-max-bulk-len <mem>  largest bulk string (default 512mb)
          --client-query-buffer-limit <mem>  largest unparsed input per client (default 1gb)
          --dir <path>                data directory (default ./data, created if missing)
          --dbfilename <name>         base name of snapshot files (default dump.mnemo)
          --appendonly yes|no         journal every write (default yes)
          --appendfsync always|everysec|no
                                      when the journal is fsynced (default everysec); in
                                      every mode a write reaches the OS before its reply
          --save "<seconds> <changes> ..."
                                      snapshot points (default "3600 1 300 100 60 10000");
                                      --save "" takes snapshots only on SAVE/BGSAVE
                                      --appendonly no keeps snapshots only;
                                      --appendonly no --save "" keeps nothing on disk
          --maxmemory 0, --maxmemory-policy noeviction
                                      accepted; memory limits and eviction are not
                                      supported yet and other values are refused
          --inline-scheduling yes|no  run commands on the socket I/O threads (event
                                      loops; default yes); no queues each read to the
                                      thread pool
          --io-threads <n>            socket event loops (default: one per core; 1 is
                                      redis-server's single thread)

        check <dir>: verifies a data directory (manifest, snapshot, every journal segment);
        exit code 0 when sound (a torn final record is a warning), 1 when damaged.
        check --repair <dir>: cuts the damage (a journal segment at its first bad record and
        every later segment) and says what was lost.
        backup <dir> <target>: a consistent copy of a data directory, also while a server
        runs on it; the copy is verified. restore <backup> <dir>: verifies a backup and
        copies it into an empty or new data directory.
        """;

    public static string Version { get; } =
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 1;
        }
        switch (args[0])
        {
            case "--version" or "-v" or "version":
                Console.WriteLine($"Mnemo {Version}");
                return 0;
            case "--help" or "-h" or "help":
                Console.WriteLine(Usage);
                return 0;
            case "serve":
                return await ServeAsync(args[1..]).ConfigureAwait(false);
            case "export":
                return ExportCommands.Export(args[1..], Console.OpenStandardOutput, Console.Error);
            case "import":
                return ExportCommands.Import(args[1..], Console.OpenStandardInput, Console.Out, Console.Error);
            case "check" or "backup" or "restore":
                return DataCommands.Run(args[0], args[1..], Console.Out, Console.Error);
            default:
                await Console.Error.WriteLineAsync($"mnemo: unknown command '{args[0]}'\n\n{Usage}").ConfigureAwait(false);
                return 1;
        }
    }

    private static async Task<int> ServeAsync(string[] args)
    {
        if (args is ["--help" or "-h"])
        {
            Console.WriteLine(Usage);
            return 0;
        }
        MnemoServerOptions options;
        int ioThreads;
        try
        {
            var settings = LoadSettings(args, Console.In);
            options = settings.ToServerOptions(PrintWarning);
            ioThreads = settings.IoThreads;
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"mnemo: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        ConfigureSocketEngine(options.UnsafePreferInlineScheduling, ioThreads);

        // Ctrl-C and SIGTERM stop the server gracefully: stop accepting, let commands in flight
        // finish, close the connections. A second signal while stopping kills the process.
        var signalled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context) => context.Cancel = signalled.TrySetResult(context.Signal.ToString());
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);
        return await RunAsync(options, Console.Out, Console.Error, signalled.Task).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets up the runtime's socket engine for <c>mnemo serve</c>: <paramref name="ioThreads"/> epoll
    /// threads (io-threads; 0 keeps the runtime's one per core) and, with <paramref name="inline"/>, I/O completions run on them instead
    /// of being posted to the thread pool. With Kestrel's inline scheduling a read, its commands and
    /// the send of the replies then happen on one thread, as in redis-server's event loop; without
    /// it every request paid two thread-pool hops (a wake-up of a parked thread each), which on
    /// 2 cores cost more than the commands. The runtime reads these variables once, when the first
    /// socket is created, so this must run before the server starts; values the user set win.
    /// </summary>
    internal static void ConfigureSocketEngine(bool inline, int ioThreads)
    {
        if (ioThreads > 0)
        {
            SetUnlessSet("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", ioThreads.ToString(CultureInfo.InvariantCulture));
        }
        if (inline)
        {
            SetUnlessSet("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        }

        static void SetUnlessSet(string variable, string value)
        {
            if (Environment.GetEnvironmentVariable(variable) is null)
            {
                Environment.SetEnvironmentVariable(variable, value);
            }
        }
    }

    /// <summary>The settings from a config file, stdin and command-line options (in that order).</summary>
    public static ServeSettings LoadSettings(IReadOnlyList<string> args, TextReader stdin)
    {
        var parsed = ConfigParser.ParseCommandLine(args);
        var directives = new List<ConfigDirective>();
        if (parsed.ConfigFile is { } path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException($"cannot open config file '{path}': {e.Message}");
            }
            directives.AddRange(ConfigParser.ParseFile(text, path));
        }
        if (parsed.ConfigFromStdin)
        {
            directives.AddRange(ConfigParser.ParseFile(stdin.ReadToEnd(), "standard input"));
        }
        directives.AddRange(parsed.Options);
        return ServeSettings.From(directives);
    }

    private static void PrintWarning(string message)
    {
        lock (Console.Error)
        {
            Console.Error.WriteLine($"mnemo: {message}");
        }
    }

    /// <summary>
    /// Runs a server until <paramref name="stop"/> completes (with the signal's name) or SHUTDOWN:
    /// opens (and recovers) the data directory, says which persistence mode and directory are in use
    /// and what was recovered, then listens. A damaged data directory refuses to start (exit code 1).
    /// </summary>
    public static async Task<int> RunAsync(MnemoServerOptions options, TextWriter stdout, TextWriter stderr, Task<string> stop)
    {
        var persistence = options.Store.Persistence is { Mode: not DurabilityMode.None } p ? p : null;
        await stdout.WriteLineAsync(DescribePersistence(persistence)).ConfigureAwait(false);
        MnemoStore store;
        try
        {
            store = new MnemoStore(options.Store);
        }
        catch (PersistenceDamageException e)
        {
            string dir = Path.GetFullPath(persistence!.Directory!);
            await stderr.WriteLineAsync($"mnemo: cannot start: {e.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync($"mnemo: 'mnemo check {dir}' shows the damage; 'mnemo check --repair {dir}' cuts it (losing what follows it), or restore a backup.").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"mnemo: cannot open the data directory '{persistence?.Directory}': {e.Message}").ConfigureAwait(false);
            return 1;
        }
        if (store.GetPersistenceStatus() is { } status)
        {
            var recovered = store.Persistence!.Recovered;
            string warnings = recovered.Warnings.Count == 0 ? "no warnings" : $"{recovered.Warnings.Count} warning(s), see above";
            await stdout.WriteLineAsync($"Recovered {status.RecoveredKeys} keys from the snapshot and replayed {status.RecoveredRecords} journal records "
                + $"(sequence {status.JournalSequence}; {recovered.ExpiredKeys} expired keys dropped; {warnings})").ConfigureAwait(false);
        }
        MnemoServer server;
        try
        {
            server = await MnemoServer.StartOwningAsync(options, store).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            store.Dispose();
            string where = string.Join(", ", options.Bind.Select(a => new IPEndPoint(a, options.Port).ToString()));
            await stderr.WriteLineAsync($"mnemo: cannot listen on {where}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        await using (server.ConfigureAwait(false))
        {
            string where = string.Join(", ", options.Bind.Select(a => new IPEndPoint(a, server.Port).ToString()));
            await stdout.WriteLineAsync($"Mnemo {Version} ready on {where}").ConfigureAwait(false);
            if (server.HttpPort is { } httpPort)
            {
                string http = string.Join(", ", options.HttpBind.Select(a => "http://" + new IPEndPoint(a, httpPort)));
                await stdout.WriteLineAsync($"HTTP API on {http}/collections").ConfigureAwait(false);
            }
            await stdout.FlushAsync().ConfigureAwait(false);

            var shutdown = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = server.Stopping.Register(() => shutdown.TrySetResult("SHUTDOWN"));
            string reason = await (await Task.WhenAny(stop, shutdown.Task).ConfigureAwait(false)).ConfigureAwait(false);
            await stdout.WriteLineAsync($"Mnemo received {reason}, shutting down").ConfigureAwait(false);
            await server.StopAsync().ConfigureAwait(false);
        }
        await stdout.WriteLineAsync("Mnemo stopped").ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>The start-up line that says what is kept on disk and where.</summary>
    public static string DescribePersistence(MnemoPersistenceOptions? persistence)
    {
        if (persistence is null)
        {
            return "Persistence: none (in memory only, nothing is written to disk)";
        }
        string dir = Path.GetFullPath(persistence.Directory!);
        string save = persistence.SaveRules.Count == 0
            ? "snapshots on SAVE/BGSAVE only"
            : "snapshots at save points \"" + Mnemo.Server.Commands.ServerSettings.FormatSaveRules(persistence.SaveRules) + "\"";
        if (persistence.Mode == DurabilityMode.Journal)
        {
            string fsync = persistence.Fsync switch
            {
                JournalFsync.Always => "always",
                JournalFsync.EverySecond => "everysec",
                _ => "no",
            };
            return $"Persistence: journal (appendfsync {fsync}) and {save}, in {dir}";
        }
        return $"Persistence: snapshots only ({save}; a crash loses writes since the last snapshot), in {dir}";
    }
}
