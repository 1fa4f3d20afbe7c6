using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Xunit.Abstractions;

namespace Mnemo.Cli.Tests;

/// <summary>Runs the built <c>mnemo</c> executable as a child process, as a user would.</summary>
public sealed partial class ServeProcessTests(ITestOutputHelper output)
{
    private const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends SIGTERM to the one process this test started, by its id.</summary>
    private static void Terminate(Process process) => Assert.Equal(0, Kill(process.Id, SIGTERM));

    /// <summary>src/Mnemo.Cli/bin/&lt;configuration&gt;/net10.0/mnemo, built with this test project.</summary>
    private static string Executable()
    {
        string configuration = typeof(ServeProcessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mnemo.slnx")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        string path = Path.Combine(dir.FullName, "src", "Mnemo.Cli", "bin", configuration, "net10.0", "mnemo");
        Assert.True(File.Exists(path), $"the mnemo executable was not built at {path}");
        return path;
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info)!;
    }

    [Fact]
    public async Task Serves_clients_and_stops_gracefully_on_SIGTERM()
    {
        // pure memory: no data directory is created (tests must not leave ./data behind)
        using var process = Start("serve", "--port", "0", "--databases", "2", "--appendonly", "no", "--save", "");
        try
        {
            var (port, lines) = await WaitUntilReadyAsync(process);
            Assert.Equal("Persistence: none (in memory only, nothing is written to disk)", lines[0]);
            Assert.Matches(@"^Mnemo \d+\.\d+\.\d+ ready on 127\.0\.0\.1:\d+$", lines[^1]);

            using (var client = new TcpClient("127.0.0.1", port))
            {
                var stream = client.GetStream();
                stream.ReadTimeout = 10_000;
                Assert.Equal("+PONG\r\n", Exchange(stream, "PING\r\n", 7));
                Assert.Equal("+OK\r\n", Exchange(stream, "SET greeting hello\r\n", 5));
                Assert.Equal("$5\r\nhello\r\n", Exchange(stream, "GET greeting\r\n", 11));
                Assert.Equal("-ERR DB index is out of range\r\n", Exchange(stream, "SELECT 2\r\n", 31));

                // A client still connected at shutdown is closed by the server.
                Terminate(process);
                Assert.Equal(0, stream.Read(new byte[16]));
            }
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "mnemo did not exit within 30 s of SIGTERM");
            string rest = await process.StandardOutput.ReadToEndAsync();
            output.WriteLine(rest);
            output.WriteLine(await process.StandardError.ReadToEndAsync());
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(["Mnemo received SIGTERM, shutting down", "Mnemo stopped"], rest.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Refuses_an_unsupported_option_with_exit_code_1()
    {
        using var process = Start("serve", "--port", "0", "--maxmemory", "1gb");
        try
        {
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "mnemo did not exit");
            Assert.Equal(1, process.ExitCode);
            Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
            Assert.Equal(
                "mnemo: command line: '--maxmemory 1gb': maxmemory above 0 is not supported yet: Mnemo has no memory limit or eviction yet (use --maxmemory 0 or leave it out)\n",
                await process.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    /// <summary>Reads stdout until "Mnemo x.y.z ready on 127.0.0.1:PORT" (port 0: the OS picks a free one); returns the port and the lines.</summary>
    private async Task<(int Port, List<string> Lines)> WaitUntilReadyAsync(Process process)
    {
        var lines = new List<string>();
        while (true)
        {
            var readLine = process.StandardOutput.ReadLineAsync();
            Assert.True(await Task.WhenAny(readLine, Task.Delay(TimeSpan.FromSeconds(60))) == readLine, "no ready line within 60 s");
            string? line = await readLine;
            if (line is null)
            {
                Assert.Fail("mnemo exited before it was ready: " + await process.StandardError.ReadToEndAsync());
            }
            output.WriteLine(line);
            lines.Add(line);
            if (line.Contains(" ready on ", StringComparison.Ordinal))
            {
                return (int.Parse(line[(line.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture), lines);
            }
        }
    }

    private static string Exchange(NetworkStream stream, string command, int replyLength)
    {
        stream.Write(Encoding.ASCII.GetBytes(command));
        var reply = new byte[replyLength];
        stream.ReadExactly(reply);
        return Encoding.ASCII.GetString(reply);
    }
}
