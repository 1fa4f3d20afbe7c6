using System.Net;
using System.Net.Sockets;
using Mnemo.Server;

namespace Mnemo.Cli.Tests;

/// <summary><see cref="Program.RunAsync"/> in-process: the ready line, stopping, a port in use.</summary>
public class RunTests
{
    [Fact]
    public async Task Prints_the_ready_line_and_stops_when_told()
    {
        var stdout = new StringWriter();
        var stop = new TaskCompletionSource<string>();
        var options = new MnemoServerOptions { Port = 0 };
        options.Bind.Add(IPAddress.IPv6Loopback);
        var run = Program.RunAsync(options, stdout, TextWriter.Null, stop.Task);
        await WaitForAsync(() => stdout.ToString().Contains(" ready on ", StringComparison.Ordinal));
        string ready = stdout.ToString();
        Assert.Matches(@"^Persistence: none \(in memory only, nothing is written to disk\)\nMnemo \d+\.\d+\.\d+ ready on 127\.0\.0\.1:(\d+), \[::1\]:\1\n$", ready);
        stop.SetResult("SIGINT");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(ready + "Mnemo received SIGINT, shutting down\nMnemo stopped\n", stdout.ToString());
    }

    [Fact]
    public async Task A_port_in_use_is_an_error()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var stderr = new StringWriter();
        int code = await Program.RunAsync(new MnemoServerOptions { Port = port }, TextWriter.Null, stderr, new TaskCompletionSource<string>().Task)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, code);
        Assert.StartsWith($"mnemo: cannot listen on 127.0.0.1:{port}: ", stderr.ToString(), StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
