using System.Globalization;
using Mnemo.CrashChild;

namespace Mnemo.Durability.Tests.Crash;

/// <summary>
/// Checks a recovered store against the ledger of the run that was killed. For each writer it
/// finds the step k whose complete prefix 1..k the store holds (counter, list, SET keys and
/// transfer marker must all be exactly the state after steps 1..k: no gaps, nothing extra), then
/// checks k against the ledger: at most one step past the last acknowledged one (the write in
/// flight), and, when acknowledged writes must survive, at least the last acknowledged one; when
/// they need not (snapshot-only), at least the last step a durable snapshot covered. The shared
/// accounts must hold exactly the balances the recovered transfers imply (atomicity), so their
/// sum is conserved.
/// </summary>
public static class CrashVerifier
{
    public sealed record Outcome(long[] Steps, List<string> Failures);

    /// <param name="state">The recovered store.</param>
    /// <param name="ledger">What the killed run acknowledged.</param>
    /// <param name="acknowledgedSurvive">True for the journal modes: zero acknowledged writes may be lost.</param>
    public static Outcome Verify(ICrashState state, CrashLedger ledger, bool acknowledgedSurvive)
    {
        var failures = new List<string>();
        var steps = new long[ledger.Writers];
        var saved = ledger.SavedFloor;
        for (int w = 0; w < ledger.Writers; w++)
        {
            long k = RecoveredStep(state, w, failures);
            steps[w] = k;
            long acked = ledger.LastAcknowledged(w);
            long floor = acknowledgedSurvive ? acked : Math.Max(ledger.Baseline(w), saved?[w] ?? 0);
            if (k < floor)
            {
                failures.Add($"writer {w}: lost steps {k + 1}..{floor} ({(acknowledgedSurvive ? "acknowledged" : "covered by a durable snapshot")}); " +
                    $"the store holds steps 1..{k}, step {floor} was a {CrashWorkload.KindOf(floor)}");
            }
            if (k > acked + 1)
            {
                failures.Add($"writer {w}: the store holds step {k} but the writer acknowledged only up to {acked} (at most one write can be in flight)");
            }
        }
        CheckAccounts(state, steps, failures);
        return new Outcome(steps, failures);
    }

    /// <summary>The k such that the writer's keys hold exactly the state after its steps 1..k (failures say why if none does).</summary>
    private static long RecoveredStep(ICrashState state, int w, List<string> failures)
    {
        long counter = state.GetInteger(CrashWorkload.Counter(w)) ?? 0;
        var list = state.ListRange(CrashWorkload.List(w)).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var setKeys = state.Keys(CrashWorkload.SetKeyPattern(w))
            .Select(k => long.Parse(k.AsSpan(k.IndexOf(':') + 1), CultureInfo.InvariantCulture))
            .Order()
            .ToList();
        long? marker = state.GetInteger(CrashWorkload.Marker(w));

        // The latest step any of the writer's keys shows; the whole prefix up to it must be there.
        long k = Math.Max(Math.Max(list.LastOrDefault(), setKeys.LastOrDefault()), marker ?? 0);
        long increments = 0;
        long step = 0;
        while (increments < counter)
        {
            step++;
            if (CrashWorkload.KindOf(step) == StepKind.Increment)
            {
                increments++;
            }
        }
        k = Math.Max(k, step);

        var expectedList = new List<long>();
        var expectedSets = new List<long>();
        long expectedCounter = 0, expectedMarker = 0;
        for (long n = 1; n <= k; n++)
        {
            switch (CrashWorkload.KindOf(n))
            {
                case StepKind.Increment: expectedCounter++; break;
                case StepKind.Set: expectedSets.Add(n); break;
                case StepKind.Push: expectedList.Add(n); break;
                case StepKind.Transfer: expectedMarker = n; break;
            }
        }
        string prefix = $"writer {w}: the store is not the state after steps 1..{k}: ";
        if (counter != expectedCounter)
        {
            failures.Add(prefix + $"counter {counter}, expected {expectedCounter}");
        }
        if (!list.SequenceEqual(expectedList))
        {
            failures.Add(prefix + $"list has {list.Count} elements, expected {expectedList.Count}; first difference at index {FirstDifference(list, expectedList)}");
        }
        if (!setKeys.SequenceEqual(expectedSets))
        {
            var missing = expectedSets.Except(setKeys).Take(5);
            var extra = setKeys.Except(expectedSets).Take(5);
            failures.Add(prefix + $"SET keys missing [{string.Join(",", missing)}], unexpected [{string.Join(",", extra)}]");
        }
        else if (setKeys.Count > 0)
        {
            var values = state.GetStrings([.. setKeys.Select(n => CrashWorkload.SetKey(w, n))]);
            for (int i = 0; i < setKeys.Count; i++)
            {
                if (values[i] != CrashWorkload.SetValue(w, setKeys[i]))
                {
                    failures.Add(prefix + $"{CrashWorkload.SetKey(w, setKeys[i])} holds '{values[i]}'");
                    break;
                }
            }
        }
        if ((marker ?? 0) != expectedMarker)
        {
            failures.Add(prefix + $"transfer marker {marker?.ToString(CultureInfo.InvariantCulture) ?? "missing"}, expected {expectedMarker}");
        }
        return k;
    }

    /// <summary>The accounts hold the start balances plus exactly the recovered transfers: a transfer is all there or not at all.</summary>
    private static void CheckAccounts(ICrashState state, long[] steps, List<string> failures)
    {
        var balances = Enumerable.Range(0, CrashWorkload.Accounts).Select(i => state.GetInteger(CrashWorkload.Account(i))).ToArray();
        bool anyTransfer = steps.Any(k => k >= 10);
        if (balances.All(b => b is null))
        {
            if (anyTransfer)
            {
                failures.Add("transfers were recovered but the accounts are missing");
            }
            return;
        }
        if (balances.Any(b => b is null))
        {
            failures.Add($"some accounts are missing: [{string.Join(",", balances)}] (they are created in one transaction)");
            return;
        }
        var expected = Enumerable.Repeat(CrashWorkload.AccountStart, CrashWorkload.Accounts).ToArray();
        for (int w = 0; w < steps.Length; w++)
        {
            for (long n = 10; n <= steps[w]; n += 10)
            {
                var (from, to, amount) = CrashWorkload.TransferOf(w, n);
                expected[from] -= amount;
                expected[to] += amount;
            }
        }
        long sum = balances.Sum(b => b!.Value);
        if (sum != CrashWorkload.AccountTotal)
        {
            failures.Add($"account sum {sum}, expected {CrashWorkload.AccountTotal} (a transfer was applied in part)");
        }
        if (!balances.Select(b => b!.Value).SequenceEqual(expected))
        {
            failures.Add($"accounts [{string.Join(",", balances)}], the recovered transfers imply [{string.Join(",", expected)}]");
        }
    }

    private static int FirstDifference(List<long> actual, List<long> expected)
    {
        int i = 0;
        while (i < actual.Count && i < expected.Count && actual[i] == expected[i])
        {
            i++;
        }
        return i;
    }
}
