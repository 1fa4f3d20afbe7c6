using System.Globalization;
using System.Text.RegularExpressions;

namespace Mnemo.Server.Tests.RealClients;

/// <summary>
/// A redis-benchmark smoke run: every test completes with a non-zero rate (redis-benchmark exits
/// 1 on any error reply) and leaves the keys it writes with the expected contents.
/// </summary>
public sealed partial class RedisBenchmarkTests
{
    private const int Requests = 2000;

    // The -q summary line of each test, as redis-benchmark prints it.
    private static readonly string[] Tests =
    [
        "SET", "GET", "INCR", "LPUSH", "RPOP", "SADD", "HSET", "ZADD",
        "LPUSH (needed to benchmark LRANGE)", "LRANGE_100 (first 100 elements)", "MSET (10 keys)",
    ];

    [GeneratedRegex(@"^\s*(?<test>[^:]+): (?<rps>[0-9.]+) requests per second", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task Completes_every_test_and_leaves_the_expected_keys(int pipeline)
    {
        await using var server = await Infrastructure.TestServer.StartAsync(o => o.Store = new MnemoStoreOptions());
        string benchmark = ExternalTool.Require("redis-benchmark", "apt-get install redis-tools");
        var result = await ExternalTool.RunAsync(benchmark,
        [
            "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-n", Requests.ToString(CultureInfo.InvariantCulture),
            "-c", "10", "-P", pipeline.ToString(CultureInfo.InvariantCulture),
            "-t", "set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100,mset", "-q",
        ], timeout: TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.ToString());

        // Progress updates are separated by '\r'; the summaries end the lines.
        var rates = SummaryLine().Matches(result.Stdout.Replace('\r', '\n'))
            .ToDictionary(m => m.Groups["test"].Value.Trim(), m => double.Parse(m.Groups["rps"].Value, CultureInfo.InvariantCulture));
        foreach (string test in Tests)
        {
            Assert.True(rates.TryGetValue(test, out double rps), $"no result for {test}\n{result}");
            Assert.True(rps > 0, $"{test}: {rps} requests per second\n{result}");
        }

        // Without -r every request uses the same key names (the placeholder is not replaced).
        var db = server.Server.Store.GetDatabase();
        Assert.Equal(Requests, (long)db.StringGet("counter:__rand_int__"));
        Assert.Equal(3, db.StringGet("key:__rand_int__").Length); // -d 3: "VXK"
        Assert.Equal(Requests, db.ListLength("mylist")); // LPUSH n, RPOP n, LPUSH n for LRANGE
        Assert.Equal(1, db.SetLength("myset"));
        Assert.Equal(1, db.HashLength("myhash"));
        Assert.Equal(1, db.SortedSetLength("myzset"));
        Assert.Equal(["counter:__rand_int__", "key:__rand_int__", "myhash", "mylist", "myset", "myzset"],
            db.Keys("*").Select(k => k.ToString()).Order(StringComparer.Ordinal));
    }
}
