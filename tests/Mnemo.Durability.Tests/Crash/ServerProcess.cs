using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Mnemo.Durability.Tests.Crash;

/// <summary>
/// A real <c>mnemo serve</c> (the built Mnemo.Cli, run as <c>dotnet Mnemo.Cli.dll serve ...</c>) on
/// 127.0.0.1 and a port the kernel picks (<c>--port 0</c>; the port is read from the ready line, so
/// no other process can take it between choosing and binding). Its output is drained all the time
/// (a full pipe would stall it); it is killed with SIGKILL by its own process id only.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, stdout: true);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, stdout: false);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The built server: its path is stamped into this assembly by the project file.</summary>
    public static string CliPath
    {
        get
        {
            var path = typeof(ServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "MnemoCliPath").Value!;
            return File.Exists(path) ? path : throw new FileNotFoundException($"mnemo is not built: {path} (build src/Mnemo.Cli).", path);
        }
    }

    /// <summary>
    /// <c>mnemo serve --port 0 --bind 127.0.0.1 --dir DIR --appendonly yes --appendfsync FSYNC --save ""</c>,
    /// waiting until it is ready (recovery done, listening).
    /// </summary>
    public static ServerProcess StartJournal(string directory, string fsync) =>
        Start("--dir", directory, "--appendonly", "yes", "--appendfsync", fsync, "--save", "");

    /// <summary><c>mnemo serve --port 0 --bind 127.0.0.1</c> plus <paramref name="options"/>, once it is ready.</summary>
    public static ServerProcess Start(params string[] options)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[CliPath, "serve", "--port", "0", "--bind", "127.0.0.1", .. options])
        {
            info.ArgumentList.Add(arg);
        }
        var server = new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start mnemo"));
        var ready = server._ready.Task;
        if (!ready.Wait(TimeSpan.FromSeconds(60)) || ready.Result == 0)
        {
            server.Dispose();
            throw new InvalidOperationException($"mnemo serve {string.Join(' ', options)} did not become ready:\n{server.Output}");
        }
        server.Port = ready.Result;
        return server;
    }

    public int Port { get; private set; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything it printed so far (stderr lines prefixed with <c>! </c>).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>SIGKILL to this process (only), then waits until it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false); // SIGKILL on Unix
        }
        _process.WaitForExit();
    }

    /// <summary>Waits for the process to exit by itself (after SHUTDOWN); false on timeout.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public int ExitCode => _process.ExitCode;

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            if (stdout)
            {
                _ready.TrySetResult(0); // exited (or closed stdout) before the ready line
            }
            return;
        }
        lock (_output)
        {
            _output.Append(stdout ? "" : "! ").AppendLine(line);
        }
        int at = line.IndexOf(" ready on ", StringComparison.Ordinal);
        if (stdout && at >= 0)
        {
            _ready.TrySetResult(int.Parse(line.AsSpan(line.LastIndexOf(':') + 1), CultureInfo.InvariantCulture));
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
