using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace Mnemo.Cli.Tests;

/// <summary>
/// The built <c>mnemo serve</c> with a data directory in a temporary folder, driven by the real
/// redis-cli over loopback on free ports: data survives a graceful restart and a SIGKILL, and a
/// damaged data directory refuses to start.
/// </summary>
public sealed partial class ServePersistenceProcessTests(ITestOutputHelper output) : IDisposable
{
    private const int SIGTERM = 15;
    private const int SIGKILL = 9;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mnemo-serve-{Guid.NewGuid():N}");

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task Data_survives_a_graceful_restart_and_a_sigkill()
    {
        // 1. journal (default mode) in the temp dir; graceful stop takes a final snapshot
        var (process, port, lines) = await StartAsync("--dir", _dir);
        using (process)
        {
            Assert.Equal($"Persistence: journal (appendfsync everysec) and snapshots at save points \"3600 1 300 100 60 10000\", in {_dir}", lines[0]);
            Assert.Equal("Recovered 0 keys from the snapshot and replayed 0 journal records (sequence 0; 0 expired keys dropped; no warnings)", lines[1]);
            Assert.Equal("OK", await RedisCliAsync(port, "SET", "greeting", "hello"));
            Assert.Equal("3", await RedisCliAsync(port, "RPUSH", "list", "a", "b", "c"));
            Assert.Equal(0, Kill(process.Id, SIGTERM));
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "mnemo did not exit after SIGTERM");
            Assert.Equal(0, process.ExitCode);
        }
        Assert.Single(Directory.GetFiles(_dir, "dump.mnemo.*"));

        // 2. restart: the snapshot holds both keys; then writes acknowledged just before a SIGKILL
        (process, port, lines) = await StartAsync("--dir", _dir);
        using (process)
        {
            Assert.StartsWith("Recovered 2 keys from the snapshot and replayed 0 journal records", lines[1], StringComparison.Ordinal);
            Assert.Equal("hello", await RedisCliAsync(port, "GET", "greeting"));
            Assert.Equal("OK", await RedisCliAsync(port, "SET", "after", "restart"));
            Assert.Equal("1", await RedisCliAsync(port, "INCR", "counter"));
            Assert.Equal(0, Kill(process.Id, SIGKILL));
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        // 3. after the kill: the journal replays every acknowledged write
        (process, port, lines) = await StartAsync("--dir", _dir);
        using (process)
        {
            Assert.StartsWith("Recovered 2 keys from the snapshot and replayed 2 journal records", lines[1], StringComparison.Ordinal);
            Assert.Equal("restart", await RedisCliAsync(port, "GET", "after"));
            Assert.Equal("1", await RedisCliAsync(port, "GET", "counter"));
            Assert.Equal("a\nb\nc", await RedisCliAsync(port, "LRANGE", "list", "0", "-1"));
            Assert.Equal("", await RedisCliAsync(port, "SHUTDOWN", "NOSAVE"));
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, process.ExitCode);
        }
    }

    [Fact]
    public async Task Snapshot_only_mode_says_so_and_keeps_data_across_a_graceful_restart()
    {
        var (process, port, lines) = await StartAsync("--dir", _dir, "--appendonly", "no", "--save", "900 1");
        using (process)
        {
            Assert.Equal($"Persistence: snapshots only (snapshots at save points \"900 1\"; a crash loses writes since the last snapshot), in {_dir}", lines[0]);
            Assert.Equal("OK", await RedisCliAsync(port, "SET", "k", "v"));
            Assert.Equal(0, Kill(process.Id, SIGTERM));
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        Assert.Empty(Directory.GetFiles(_dir, "journal-*"));
        (process, port, _) = await StartAsync("--dir", _dir, "--appendonly", "no", "--save", "900 1");
        using (process)
        {
            Assert.Equal("v", await RedisCliAsync(port, "GET", "k"));
            Assert.Equal(0, Kill(process.Id, SIGTERM));
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
        }
    }

    [Fact]
    public async Task A_damaged_data_directory_refuses_to_start_naming_the_file_and_offset()
    {
        string segment = DataFiles.WriteJournal(_dir, keys: 5);
        long offset = DataFiles.FrameOffsets(segment)[2];
        DataFiles.FlipByte(segment, offset + 25);
        using var process = Start("serve", "--port", "0", "--dir", _dir);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "mnemo did not exit");
        string stderr = await process.StandardError.ReadToEndAsync();
        output.WriteLine(stderr);
        Assert.Equal(1, process.ExitCode);
        Assert.StartsWith($"mnemo: cannot start: Damaged persistence file '{segment}' at offset {offset}: frame checksum mismatch", stderr, StringComparison.Ordinal);
        Assert.Contains($"'mnemo check --repair {_dir}'", stderr, StringComparison.Ordinal);
    }

    private async Task<(Process Process, int Port, List<string> Lines)> StartAsync(params string[] options)
    {
        var process = Start(["serve", "--port", "0", .. options]);
        var lines = new List<string>();
        try
        {
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
                    return (process, int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture), lines);
                }
            }
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            process.Dispose();
            throw;
        }
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

    private static string Executable()
    {
        string configuration = typeof(ServePersistenceProcessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mnemo.slnx")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "src", "Mnemo.Cli", "bin", configuration, "net10.0", "mnemo");
    }

    /// <summary>redis-cli -p PORT args... (a tool that is missing fails the test; ./test.sh installs it).</summary>
    private static async Task<string> RedisCliAsync(int port, params string[] args)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-p");
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        return (await stdout).TrimEnd('\n');
    }
}
