using System.Globalization;
using Mnemo.Persistence;
using Xunit.Abstractions;

namespace Mnemo.Durability.Tests.Crash;

/// <summary>
/// Kill -9 tests of the embedded store: a child process runs writers with a ledger of acknowledged
/// writes and background snapshots; it is killed with SIGKILL at a random moment 100-800 ms into
/// its run; the store is reopened here on the same directory and checked against the ledger (see
/// <see cref="CrashVerifier"/>); the next cycle continues on the same directory, so state
/// accumulates across kills. Cycles: MNEMO_CRASH_CYCLES in total over the four configurations
/// (default 24: 7 Always, 7 EverySecond, 6 OperatingSystem, 4 Snapshot); tests/crash-loop.sh
/// runs hundreds. MNEMO_CRASH_SEED repeats a run's kill moments.
/// </summary>
public sealed class EmbeddedCrashTests(ITestOutputHelper output)
{
    private const int Writers = 4;
    private const int DefaultCycles = 24;

    /// <summary>A directory is reused for at most this many cycles, so long runs do not grow without bound.</summary>
    private const int MaxCyclesPerDirectory = 10;

    [Theory]
    [InlineData(DurabilityMode.Journal, JournalFsync.Always, 7)]
    [InlineData(DurabilityMode.Journal, JournalFsync.EverySecond, 7)]
    [InlineData(DurabilityMode.Journal, JournalFsync.OperatingSystem, 6)]
    [InlineData(DurabilityMode.Snapshot, JournalFsync.EverySecond, 4)]
    public void Killed_child_loses_no_acknowledged_write_and_recovers_a_consistent_prefix(DurabilityMode mode, JournalFsync fsync, int share)
    {
        int total = int.TryParse(Environment.GetEnvironmentVariable("MNEMO_CRASH_CYCLES"), CultureInfo.InvariantCulture, out int n) && n > 0 ? n : DefaultCycles;
        int cycles = Math.Max(1, (int)Math.Round((double)total * share / DefaultCycles));
        int seed = int.TryParse(Environment.GetEnvironmentVariable("MNEMO_CRASH_SEED"), CultureInfo.InvariantCulture, out int s) ? s : Random.Shared.Next();
        var random = new Random(seed);
        bool acknowledgedSurvive = mode == DurabilityMode.Journal;
        output.WriteLine($"{mode}/{fsync}: {cycles} cycles, {Writers} writers, seed {seed} (MNEMO_CRASH_SEED repeats the kill moments)");

        long acknowledgements = 0, saves = 0, inFlightLanded = 0;
        TempDirectory? directory = null;
        var baseline = new long[Writers];
        try
        {
            for (int cycle = 0; cycle < cycles; cycle++)
            {
                if (cycle % MaxCyclesPerDirectory == 0)
                {
                    directory?.Dispose();
                    directory = new TempDirectory();
                    baseline = new long[Writers];
                }
                int runMs = random.Next(100, 801);
                var ledger = new CrashLedger(baseline);
                using (var child = CrashChildProcess.Start(directory!.Path, mode, fsync, ledger))
                {
                    Assert.True(child.WaitReady(TimeSpan.FromSeconds(60)), $"cycle {cycle}: the child did not start (seed {seed}): {child.Stderr}");
                    Thread.Sleep(runMs);
                    Assert.False(child.HasExited, $"cycle {cycle}: the child exited before it was killed (seed {seed}): {child.Stderr}");
                    child.Kill();
                    Assert.DoesNotContain("error:", child.Stderr, StringComparison.Ordinal);
                }
                Assert.Empty(ledger.Problems);

                var warnings = new List<string>();
                CrashVerifier.Outcome outcome;
                using (var store = Open(directory.Path, mode, fsync, warnings))
                {
                    outcome = CrashVerifier.Verify(new EmbeddedCrashState(store.GetDatabase()), ledger, acknowledgedSurvive);
                }
                Assert.True(outcome.Failures.Count == 0,
                    $"{mode}/{fsync} cycle {cycle} (seed {seed}, killed after {runMs} ms, {ledger.Acknowledgements} acknowledgements):\n" + string.Join("\n", outcome.Failures));
                for (int w = 0; w < Writers; w++)
                {
                    inFlightLanded += outcome.Steps[w] - ledger.LastAcknowledged(w) == 1 ? 1 : 0;
                }
                acknowledgements += ledger.Acknowledgements;
                saves += ledger.Saves;
                output.WriteLine($"cycle {cycle}: killed after {runMs} ms; {ledger.Acknowledgements} acknowledgements, {ledger.Saves} snapshots; " +
                    $"recovered steps [{string.Join(",", outcome.Steps)}] of acknowledged [{string.Join(",", Enumerable.Range(0, Writers).Select(ledger.LastAcknowledged))}]" +
                    (warnings.Count > 0 ? $"; recovery: {string.Join(" | ", warnings)}" : ""));
                baseline = outcome.Steps;
            }
        }
        finally
        {
            directory?.Dispose();
        }
        output.WriteLine($"total: {acknowledgements} acknowledged writes, {saves} background snapshots, {inFlightLanded} unacknowledged in-flight writes landed");
        Assert.True(acknowledgements > 0, "the writers acknowledged nothing: the test proved nothing");
    }

    internal static MnemoStore Open(string directory, DurabilityMode mode, JournalFsync fsync, List<string> warnings) => new(new MnemoStoreOptions
    {
        ActiveExpiryInterval = TimeSpan.Zero,
        Persistence = new MnemoPersistenceOptions
        {
            Directory = directory,
            Mode = mode,
            Fsync = fsync,
            SaveRules = [],
            Log = warnings.Add,
        },
    });
}
