using System.Globalization;
using Xunit.Abstractions;

namespace Mnemo.Durability.Tests.Crash;

/// <summary>
/// Kill -9 tests of a real server: <c>mnemo serve --appendonly yes --appendfsync always|everysec|no
/// --save ""</c> on a temporary directory, driven over RESP by the crash workload's writers (one
/// connection each; INCR, SET, RPUSH, MULTI/EXEC transfers) with a ledger of acknowledged writes (a
/// reply received = acknowledged); in every other cycle a further connection issues BGSAVE and
/// BGREWRITEAOF in a loop, so snapshots run while the writes continue. The server is killed with
/// SIGKILL 150-900 ms into the run, restarted on the same directory and checked over RESP by
/// <see cref="CrashVerifier"/>: no acknowledged write lost, each writer's state a prefix of its
/// steps, transfers atomic. The restarted server carries the next cycle, so state accumulates.
/// Cycles: MNEMO_CRASH_CYCLES (default 24: 8 per fsync mode; tests/crash-loop.sh runs hundreds). MNEMO_CRASH_SEED repeats a run's kill moments.
/// </summary>
public sealed class ServerCrashTests(ITestOutputHelper output)
{
    private const int Writers = 4;
    private const int DefaultCycles = 24;

    /// <summary>A directory is reused for at most this many cycles, so long runs do not grow without bound.</summary>
    private const int MaxCyclesPerDirectory = 10;

    [Theory]
    [InlineData("always", 8)]
    [InlineData("everysec", 8)]
    [InlineData("no", 8)]
    public void Killed_server_loses_no_acknowledged_write_and_recovers_a_consistent_prefix(string fsync, int share)
    {
        int total = int.TryParse(Environment.GetEnvironmentVariable("MNEMO_CRASH_CYCLES"), CultureInfo.InvariantCulture, out int n) && n > 0 ? n : DefaultCycles;
        int cycles = Math.Max(2, (int)Math.Round((double)total * share / DefaultCycles));
        int seed = int.TryParse(Environment.GetEnvironmentVariable("MNEMO_CRASH_SEED"), CultureInfo.InvariantCulture, out int s) ? s : Random.Shared.Next();
        var random = new Random(seed);
        output.WriteLine($"appendfsync {fsync}: {cycles} cycles, {Writers} writers, seed {seed} (MNEMO_CRASH_SEED repeats the kill moments)");

        long acknowledgements = 0, snapshots = 0, inFlightLanded = 0;
        TempDirectory? directory = null;
        ServerProcess? server = null;
        var baseline = new long[Writers];
        try
        {
            for (int cycle = 0; cycle < cycles; cycle++)
            {
                if (cycle % MaxCyclesPerDirectory == 0)
                {
                    server?.Dispose();
                    directory?.Dispose();
                    directory = new TempDirectory();
                    baseline = new long[Writers];
                    server = ServerProcess.StartJournal(directory.Path, fsync);
                }
                bool bgsave = cycle % 2 == 1;
                int runMs = random.Next(150, 901);
                var ledger = new CrashLedger(baseline);
                string context = $"appendfsync {fsync} cycle {cycle} (seed {seed}, {(bgsave ? "BGSAVE loop, " : "")}killed after {runMs} ms";
                int started;
                using (var writers = ServerCrashWriters.Start(server!.Port, ledger, bgsave, random.Next()))
                {
                    Thread.Sleep(runMs);
                    Assert.False(server.HasExited, $"{context}): the server exited before it was killed:\n{server.Output}");
                    Assert.Empty(writers.Failures); // before the kill: every reply was the expected success
                    writers.ExpectDisconnect();
                    server.Kill();
                    writers.Join();
                    Assert.True(writers.Failures.Count == 0, $"{context}):\n" + string.Join("\n", writers.Failures));
                    started = writers.SnapshotsStarted;
                }
                Assert.Empty(ledger.Problems);
                string killedOutput = server.Output;
                server.Dispose();

                server = ServerProcess.StartJournal(directory!.Path, fsync);
                CrashVerifier.Outcome outcome;
                using (var connection = new RespConnection(server.Port))
                {
                    outcome = CrashVerifier.Verify(new RespCrashState(connection), ledger, acknowledgedSurvive: true);
                }
                Assert.True(outcome.Failures.Count == 0,
                    $"{context}, {ledger.Acknowledgements} acknowledgements, {started} snapshots started):\n" + string.Join("\n", outcome.Failures)
                    + $"\n--- killed server:\n{killedOutput}--- restarted server:\n{server.Output}");
                for (int w = 0; w < Writers; w++)
                {
                    inFlightLanded += outcome.Steps[w] - ledger.LastAcknowledged(w) == 1 ? 1 : 0;
                }
                acknowledgements += ledger.Acknowledgements;
                snapshots += started;
                output.WriteLine($"cycle {cycle}: killed after {runMs} ms; {ledger.Acknowledgements} acknowledgements, {started} BGSAVE/BGREWRITEAOF started; " +
                    $"recovered steps [{string.Join(",", outcome.Steps)}] of acknowledged [{string.Join(",", Enumerable.Range(0, Writers).Select(ledger.LastAcknowledged))}]; " +
                    $"restart: {RecoveryLine(server.Output)}");
                baseline = outcome.Steps;
            }
        }
        finally
        {
            server?.Dispose();
            directory?.Dispose();
        }
        output.WriteLine($"total: {acknowledgements} acknowledged writes, {snapshots} snapshots started during writes, {inFlightLanded} unacknowledged in-flight writes landed");
        Assert.True(acknowledgements > 0, "the writers acknowledged nothing: the test proved nothing");
        Assert.True(snapshots > 0, "no snapshot was started while the writers ran");
    }

    private static string RecoveryLine(string output) =>
        output.Split('\n').FirstOrDefault(l => l.StartsWith("Recovered ", StringComparison.Ordinal))?.TrimEnd('\r') ?? "(no recovery line)";
}
