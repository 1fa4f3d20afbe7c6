using System.Globalization;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests.RealClients;

/// <summary>The real redis-cli running an FT.* session against an in-process server.</summary>
public sealed class RedisCliSearchTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(o => o.Store = new MnemoStoreOptions()); // real clock

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Search_session()
    {
        string cli = ExternalTool.Require("redis-cli", "apt-get install redis-tools");
        string commands = """
            HSET book:1 title "Dune" author "Frank Herbert" year 1965 genre "scifi"
            HSET book:2 title "Emma" author "Jane Austen" year 1815 genre "romance,classic"
            FT.CREATE books ON HASH PREFIX 1 book: SCHEMA title TEXT author TEXT year NUMERIC SORTABLE genre TAG
            FT.SEARCH books "@genre:{classic}"
            FT.SEARCH books "herb*" NOCONTENT
            FT.SEARCH books "*" RETURN 1 title SORTBY year ASC
            FT.SEARCH books "@year:[1900 +inf" NOCONTENT
            FT._LIST
            FT.DROPINDEX books
            FT.INFO books

            """;
        var result = await ExternalTool.RunAsync(cli, ["-p", _server.Port.ToString(CultureInfo.InvariantCulture), "--no-raw"], commands.ReplaceLineEndings("\n"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("""
            (integer) 4
            (integer) 4
            OK
            1) (integer) 1
            2) "book:2"
            3) 1) "title"
               2) "Emma"
               3) "author"
               4) "Jane Austen"
               5) "year"
               6) "1815"
               7) "genre"
               8) "romance,classic"
            1) (integer) 1
            2) "book:1"
            1) (integer) 2
            2) "book:2"
            3) 1) "title"
               2) "Emma"
            4) "book:1"
            5) 1) "title"
               2) "Dune"
            (error) ERR Syntax error at offset 16 near the end of the query: expected ']' after the upper bound
            1) "books"
            OK
            (error) Unknown Index name

            """.ReplaceLineEndings("\n"), result.Stdout);
    }
}
