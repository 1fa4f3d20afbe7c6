using System.Globalization;
using Mnemo.CrashChild;

namespace Mnemo.Durability.Tests.Crash;

/// <summary>The verifier rejects every kind of damage it exists to find (so a green crash test means something).</summary>
public sealed class CrashVerifierTests
{
    [Fact]
    public void Exact_prefixes_within_one_in_flight_step_pass()
    {
        var state = FakeState.After(120, 121);
        var outcome = CrashVerifier.Verify(state, Ledger(120, 120), acknowledgedSurvive: true);
        Assert.Empty(outcome.Failures);
        Assert.Equal([120, 121], outcome.Steps);
    }

    [Fact]
    public void A_lost_acknowledged_step_fails()
    {
        var outcome = CrashVerifier.Verify(FakeState.After(119, 120), Ledger(120, 120), acknowledgedSurvive: true);
        Assert.Contains(outcome.Failures, f => f.StartsWith("writer 0: lost steps 120..120", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lost_acknowledged_step_is_allowed_without_a_journal_but_not_below_a_durable_snapshot()
    {
        var ledger = Ledger(120, 120);
        Assert.Empty(CrashVerifier.Verify(FakeState.After(100, 100), ledger, acknowledgedSurvive: false).Failures);
        ledger.Add("saved 110,90");
        var outcome = CrashVerifier.Verify(FakeState.After(100, 100), ledger, acknowledgedSurvive: false);
        Assert.Single(outcome.Failures);
        Assert.StartsWith("writer 0: lost steps 101..110 (covered by a durable snapshot)", outcome.Failures[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Two_unacknowledged_steps_fail()
    {
        var outcome = CrashVerifier.Verify(FakeState.After(122, 120), Ledger(120, 120), acknowledgedSurvive: true);
        Assert.Contains(outcome.Failures, f => f.Contains("at most one write can be in flight", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gap_in_the_list_fails()
    {
        var state = FakeState.After(120, 120);
        state.Lists[CrashWorkload.List(1)].RemoveAt(5);
        Assert.Contains(CrashVerifier.Verify(state, Ledger(120, 120), true).Failures, f => f.StartsWith("writer 1: the store is not the state after steps 1..120: list", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_or_wrong_set_key_fails()
    {
        var state = FakeState.After(120, 120);
        state.Strings.Remove(CrashWorkload.SetKey(0, 53));
        Assert.Contains(CrashVerifier.Verify(state, Ledger(120, 120), true).Failures, f => f.Contains("SET keys missing [53]", StringComparison.Ordinal));
        state = FakeState.After(120, 120);
        state.Strings[CrashWorkload.SetKey(0, 53)] = "other";
        Assert.Contains(CrashVerifier.Verify(state, Ledger(120, 120), true).Failures, f => f.Contains("w0:53 holds 'other'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_counter_off_by_one_fails()
    {
        var state = FakeState.After(120, 120);
        state.Strings[CrashWorkload.Counter(0)] = (CrashWorkload.CountOf(StepKind.Increment, 120) - 1).ToString(CultureInfo.InvariantCulture);
        Assert.NotEmpty(CrashVerifier.Verify(state, Ledger(120, 120), true).Failures);
    }

    [Fact]
    public void A_transfer_applied_in_part_fails()
    {
        var state = FakeState.After(120, 120);
        state.Strings[CrashWorkload.Account(0)] = (long.Parse(state.Strings[CrashWorkload.Account(0)], CultureInfo.InvariantCulture) + 7).ToString(CultureInfo.InvariantCulture);
        Assert.Contains(CrashVerifier.Verify(state, Ledger(120, 120), true).Failures, f => f.StartsWith("account sum", StringComparison.Ordinal));
        state = FakeState.After(120, 120);
        state.Strings[CrashWorkload.Marker(1)] = "110"; // the balances include transfer 120, the marker does not
        Assert.NotEmpty(CrashVerifier.Verify(state, Ledger(120, 120), true).Failures);
    }

    [Fact]
    public void Out_of_order_acknowledgements_are_reported()
    {
        var ledger = new CrashLedger([10, 0]);
        ledger.Add("ack 0 11");
        ledger.Add("ack 0 13");
        ledger.Add("ack 1 1");
        Assert.Equal(["writer 0 acknowledged step 13 after step 11"], ledger.Problems);
    }

    private static CrashLedger Ledger(params long[] acknowledged)
    {
        var ledger = new CrashLedger(new long[acknowledged.Length]);
        for (int w = 0; w < acknowledged.Length; w++)
        {
            for (long n = 1; n <= acknowledged[w]; n++)
            {
                ledger.Add(string.Create(CultureInfo.InvariantCulture, $"ack {w} {n}"));
            }
        }
        return ledger;
    }

    /// <summary>A store as plain dictionaries, filled by applying the workload's steps.</summary>
    private sealed class FakeState : ICrashState
    {
        public Dictionary<string, string> Strings { get; } = [];

        public Dictionary<string, List<string>> Lists { get; } = [];

        public static FakeState After(params long[] steps)
        {
            var state = new FakeState();
            for (int i = 0; i < CrashWorkload.Accounts; i++)
            {
                state.Strings[CrashWorkload.Account(i)] = CrashWorkload.AccountStart.ToString(CultureInfo.InvariantCulture);
            }
            for (int w = 0; w < steps.Length; w++)
            {
                state.Lists[CrashWorkload.List(w)] = [];
                for (long n = 1; n <= steps[w]; n++)
                {
                    state.Apply(w, n);
                }
            }
            return state;
        }

        private void Apply(int w, long n)
        {
            switch (CrashWorkload.KindOf(n))
            {
                case StepKind.Increment: Add(CrashWorkload.Counter(w), 1); break;
                case StepKind.Set: Strings[CrashWorkload.SetKey(w, n)] = CrashWorkload.SetValue(w, n); break;
                case StepKind.Push: Lists[CrashWorkload.List(w)].Add(n.ToString(CultureInfo.InvariantCulture)); break;
                case StepKind.Transfer:
                    var (from, to, amount) = CrashWorkload.TransferOf(w, n);
                    Add(CrashWorkload.Account(from), -amount);
                    Add(CrashWorkload.Account(to), amount);
                    Strings[CrashWorkload.Marker(w)] = n.ToString(CultureInfo.InvariantCulture);
                    break;
            }
        }

        private void Add(string key, long amount) =>
            Strings[key] = ((Strings.TryGetValue(key, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : 0) + amount).ToString(CultureInfo.InvariantCulture);

        public long? GetInteger(string key) => Strings.TryGetValue(key, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : null;

        public IReadOnlyList<string?> GetStrings(IReadOnlyList<string> keys) => [.. keys.Select(k => Strings.GetValueOrDefault(k))];

        public IReadOnlyList<string> ListRange(string key) => Lists.GetValueOrDefault(key) ?? [];

        public IReadOnlyList<string> Keys(string pattern)
        {
            // Only the SET-key pattern "w<id>:[0-9]*" is used.
            string prefix = pattern[..pattern.IndexOf('[', StringComparison.Ordinal)];
            return [.. Strings.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Length > prefix.Length && char.IsAsciiDigit(k[prefix.Length]))];
        }
    }
}
