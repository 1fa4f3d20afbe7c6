using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using Mnemo.Server;

namespace Mnemo.Cli;

/// <summary>The <c>mnemo</c> executable: <c>mnemo serve [config-file] [--option value ...]</c>.</summary>
internal static class Program
{
    public const string Usage = """
        Usage: mnemo serve [config-file] [-] [--option value ...]
               mnemo export <dir> [<file>|-]    (keys as JSON lines; mnemo export --help)
               mnemo import <file>|- <dir>      (mnemo import --help)
               mnemo --version | --help

        Runs a Mnemo server: the Redis protocol over an in-memory store. Options are
        redis-server's (and a config file uses redis.conf syntax; '-' reads one from stdin;
        command-line options override the file):
          --port <n>                  TCP port (default 6379; 0 picks a free one)
          --bind <addr> [<addr> ...]  addresses to listen on (default 127.0.0.1)
          --requirepass <password>    password of the default user
          --databases <n>             number of databases (default 16)
          --maxclients <n>            simultaneous clients (default 10000)
          --proto-max-bulk-len <mem>  largest bulk string (default 512mb)
          --client-query-buffer-limit <mem>  largest unparsed input per client (default 1gb)
          --appendonly no, --save "", --appendfsync always|everysec|no,
          --maxmemory 0, --maxmemory-policy noeviction
                                      accepted; persistence (appendonly yes, save rules,
                                      dir, dbfilename) and eviction are not supported yet
                                      and are refused
          --inline-scheduling yes|no  run connection I/O callbacks inline (Kestrel's
                                      UnsafePreferInlineScheduling; default no)
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
        try
        {
            options = LoadSettings(args, Console.In).ToServerOptions();
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"mnemo: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        // Ctrl-C and SIGTERM stop the server gracefully: stop accepting, let commands in flight
        // finish, close the connections. A second signal while stopping kills the process.
        var signalled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context) => context.Cancel = signalled.TrySetResult(context.Signal.ToString());
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);
        return await RunAsync(options, Console.Out, Console.Error, signalled.Task).ConfigureAwait(false);
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

    /// <summary>Runs a server until <paramref name="stop"/> completes (with the signal's name) or SHUTDOWN.</summary>
    public static async Task<int> RunAsync(MnemoServerOptions options, TextWriter stdout, TextWriter stderr, Task<string> stop)
    {
        MnemoServer server;
        try
        {
            server = await MnemoServer.StartAsync(options).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            string where = string.Join(", ", options.Bind.Select(a => new IPEndPoint(a, options.Port).ToString()));
            await stderr.WriteLineAsync($"mnemo: cannot listen on {where}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        await using (server.ConfigureAwait(false))
        {
            string where = string.Join(", ", options.Bind.Select(a => new IPEndPoint(a, server.Port).ToString()));
            await stdout.WriteLineAsync($"Mnemo {Version} ready on {where}").ConfigureAwait(false);
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
}
