using System.Reflection;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// The server tests run in the threading mode <c>mnemo serve</c> uses by default (commands on the
/// socket event-loop threads). If the runtime ignored the setting, every other test here would
/// silently exercise the thread-pool mode instead.
/// </summary>
public sealed class SocketEngineModeTests
{
    [Fact]
    public async Task ServerTestsRunWithInlineSocketCompletions()
    {
        var engine = typeof(System.Net.Sockets.Socket).Assembly.GetType("System.Net.Sockets.SocketAsyncEngine");
        var field = engine?.GetField("InlineSocketCompletionsEnabled", BindingFlags.Static | BindingFlags.NonPublic);
        Assert.True(field is not null, "this runtime's SocketAsyncEngine has no InlineSocketCompletionsEnabled field; update this test");
        Assert.True((bool)field!.GetValue(null)!, "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 did not reach the socket engine (inline-sockets.runsettings sets it for the test host)");

        await using var server = await TestServer.StartAsync();
        Assert.True(server.Server.Options.UnsafePreferInlineScheduling);
    }
}
