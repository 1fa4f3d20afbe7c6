using System.Globalization;

namespace Mnemo.Server.Tests.RealClients;

/// <summary>redis-cli against a server started with requirepass.</summary>
public sealed class RedisCliAuthTests
{
    [Fact]
    public async Task Password_options_and_NOAUTH()
    {
        await using var server = await Infrastructure.TestServer.StartAsync(o => o.RequirePassword = "s3cret");
        string cli = ExternalTool.Require("redis-cli", "apt-get install redis-tools");
        string port = server.Port.ToString(CultureInfo.InvariantCulture);

        var result = await ExternalTool.RunAsync(cli, ["-p", port, "PING"]);
        Assert.Equal("NOAUTH Authentication required.\n\n", result.Stdout);

        result = await ExternalTool.RunAsync(cli, ["-p", port, "-a", "s3cret", "PING"]);
        Assert.Equal("PONG\n", result.Stdout);

        result = await ExternalTool.RunAsync(cli, ["-p", port, "--user", "default", "--pass", "s3cret", "SET", "k", "v"]);
        Assert.Equal("OK\n", result.Stdout);

        result = await ExternalTool.RunAsync(cli, ["-p", port, "-a", "wrong", "PING"]);
        Assert.Equal("NOAUTH Authentication required.\n\n", result.Stdout);
        Assert.Contains("AUTH failed: WRONGPASS invalid username-password pair or user is disabled.", result.Stderr, StringComparison.Ordinal);
    }
}
