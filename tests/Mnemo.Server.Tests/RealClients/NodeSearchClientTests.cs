using System.Globalization;
using Xunit.Abstractions;

namespace Mnemo.Server.Tests.RealClients;

/// <summary>tests/clients/node/search.js (ioredis, <c>FT.CREATE, FT.SEARCH, FT.INFO...</c>) against an in-process server.</summary>
public sealed class NodeSearchClientTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ioredis_search_script_passes()
    {
        string node = ExternalTool.Require("node", "apt-get install nodejs");
        string dir = Path.Combine(ExternalTool.RepositoryRoot(), "tests", "clients", "node");
        Assert.True(Directory.Exists(Path.Combine(dir, "node_modules", "ioredis")),
            $"ioredis is not installed in {dir}: ./test.sh installs it (npm ci)");

        await using var server = await Infrastructure.TestServer.StartAsync(o => o.Store = new MnemoStoreOptions()); // real clock
        var result = await ExternalTool.RunAsync(node, ["search.js", server.Port.ToString(CultureInfo.InvariantCulture)],
            timeout: TimeSpan.FromMinutes(2), workingDirectory: dir);
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, $"node search.js failed:\n{result}");
    }
}
