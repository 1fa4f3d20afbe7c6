using FsCheck;
using FsCheck.Fluent;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>Set commands against a model of <see cref="HashSet{T}"/>s, plus change-stream replay.</summary>
public sealed class SetPropertyTests
{
    private static readonly string[] Keys = ["k0", "k1", "k2", "k3"];

    private const int MnemoSmallScanLimit = Mnemo.Internal.Values.MemberTable.SmallScanLimit;

    /// <summary>One generated operation: a kind, two keys and some members.</summary>
    public sealed record SetOp(int Kind, int Key, int Other, string[] Members, int Count)
    {
        public override string ToString() => $"{Kind}({Keys[Key]},{Keys[Other]},[{string.Join(",", Members)}],{Count})";
    }

    private static Gen<SetOp> OpGen(int memberRange) =>
        from kind in Gen.Choose(0, 11)
        from key in Gen.Choose(0, Keys.Length - 1)
        from other in Gen.Choose(0, Keys.Length - 1)
        from members in Gen.Choose(0, memberRange - 1).Select(i => "m" + i).ArrayOf()
        from count in Gen.Choose(-6, 6)
        select new SetOp(kind, key, other, members, count);

    private static IEnumerable<SetOp> SeededOps(Random random, int count, int memberRange)
    {
        for (int i = 0; i < count; i++)
        {
            // Adds are weighted up so sets grow past the small-scan size before removals shrink them.
            int kind = random.Next(16);
            var members = new string[random.Next(0, 40)];
            for (int m = 0; m < members.Length; m++)
            {
                members[m] = "m" + random.Next(memberRange);
            }
            yield return new SetOp(kind >= 12 ? 0 : kind, random.Next(Keys.Length), random.Next(Keys.Length), members, random.Next(-60, 61));
        }
    }

    /// <summary>Applies one op to the store and the model, asserting the store's answer; false on disagreement.</summary>
    private static bool Step(IMnemoDatabase db, Dictionary<string, HashSet<string>> model, SetOp op)
    {
        string key = Keys[op.Key];
        string other = Keys[op.Other];
        var set = model.GetValueOrDefault(key) ?? [];
        MnemoValue[] values = [.. op.Members.Select(m => (MnemoValue)m)];
        bool ok = true;
        switch (op.Kind)
        {
            case 0:
            case 1:
                long added = db.SetAdd(key, values);
                ok = added == op.Members.Distinct().Count(m => !set.Contains(m));
                set.UnionWith(op.Members);
                break;
            case 2:
                long removed = db.SetRemove(key, values);
                ok = removed == op.Members.Distinct().Count(set.Contains);
                set.ExceptWith(op.Members);
                break;
            case 3:
                var popped = db.SetPop(key, Math.Abs(op.Count)).Select(v => v.ToString()).ToArray();
                ok = popped.Length == Math.Min(Math.Abs(op.Count), set.Count) && popped.Distinct().Count() == popped.Length && popped.All(set.Contains);
                set.ExceptWith(popped);
                break;
            case 4:
                var random = db.SetRandomMembers(key, op.Count).Select(v => v.ToString()).ToArray();
                ok = random.All(set.Contains)
                    && (set.Count == 0 ? random.Length == 0
                        : op.Count >= 0 ? random.Length == Math.Min(op.Count, set.Count) && random.Distinct().Count() == random.Length
                        : random.Length == -op.Count);
                break;
            case 5:
                string member = op.Members.FirstOrDefault() ?? "m0";
                var target = model.GetValueOrDefault(other) ?? [];
                bool moved = db.SetMove(key, other, member);
                ok = moved == set.Contains(member);
                if (moved && key != other)
                {
                    set.Remove(member);
                    target.Add(member);
                    model[other] = target;
                }
                break;
            case 6:
            case 7:
            case 8:
                var operation = (SetOperation)(op.Kind - 6);
                var expected = Combine(model, operation, key, other);
                ok = db.SetCombine(operation, key, other).Select(v => v.ToString()).ToHashSet().SetEquals(expected);
                break;
            case 9:
                var storeOperation = (SetOperation)Math.Abs(op.Count % 3);
                var result = Combine(model, storeOperation, key, other);
                string destination = Keys[(op.Key + 1) % Keys.Length];
                ok = db.SetCombineAndStore(storeOperation, destination, key, other) == result.Count;
                model[destination] = result; // never the same key as `key`
                break;
            case 10:
                long limit = Math.Abs(op.Count);
                long full = Combine(model, SetOperation.Intersect, key, other).Count;
                ok = db.SetIntersectionLength([key, other], limit) == (limit == 0 ? full : Math.Min(full, limit));
                break;
            default:
                var contains = db.SetContains(key, values);
                ok = contains.SequenceEqual(op.Members.Select(set.Contains)) && db.SetLength(key) == set.Count
                    && db.SetScan(key, pageSize: 1 + Math.Abs(op.Count)).Select(v => v.ToString()).ToHashSet().SetEquals(set);
                break;
        }
        model[key] = set;
        foreach (var name in model.Keys.Where(k => model[k].Count == 0).ToList())
        {
            model.Remove(name);
        }
        return ok && Keys.All(k => SameContent(db, model, k));
    }

    private static HashSet<string> Combine(Dictionary<string, HashSet<string>> model, SetOperation operation, string a, string b)
    {
        var first = new HashSet<string>(model.GetValueOrDefault(a) ?? []);
        var second = model.GetValueOrDefault(b) ?? [];
        switch (operation)
        {
            case SetOperation.Union:
                first.UnionWith(second);
                break;
            case SetOperation.Intersect:
                first.IntersectWith(second);
                break;
            default:
                first.ExceptWith(second);
                break;
        }
        return first;
    }

    private static bool SameContent(IMnemoDatabase db, Dictionary<string, HashSet<string>> model, string key)
    {
        string expected = model.TryGetValue(key, out var set)
            ? "set:" + string.Join(",", set.Order(StringComparer.Ordinal))
            : "none";
        return SetHashTestSupport.Describe(db, key) == expected;
    }

    [Fact]
    public void Random_operation_sequences_agree_with_the_model()
    {
        Prop.ForAll(Arb.From(OpGen(8).ListOf()), ops =>
        {
            using var store = new MnemoStore();
            var db = store.GetDatabase();
            var model = new Dictionary<string, HashSet<string>>();
            foreach (var op in ops)
            {
                if (!Step(db, model, op))
                {
                    throw new InvalidOperationException($"disagreement at {op} in [{string.Join("; ", ops)}]");
                }
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Long_seeded_sequences_agree_with_the_model_and_replay_exactly()
    {
        for (int seed = 1; seed <= 5; seed++)
        {
            using var store = new MnemoStore();
            var recorder = new ChangeRecorder();
            store.SubscribeChanges(recorder);
            var db = store.GetDatabase();
            var model = new Dictionary<string, HashSet<string>>();
            // Large member range and many adds so sets grow past the small-scan size and shrink again.
            int largest = 0;
            foreach (var op in SeededOps(new Random(seed), 2000, 400))
            {
                Assert.True(Step(db, model, op), $"seed {seed}: {op}");
                largest = Math.Max(largest, model.Values.Max(v => (int?)v.Count) ?? 0);
            }
            Assert.True(largest > 2 * MnemoSmallScanLimit, $"sets stayed small ({largest})");
            using var replica = new MnemoStore();
            SetHashTestSupport.Replay(replica, recorder.Records);
            foreach (var key in Keys)
            {
                Assert.Equal(SetHashTestSupport.Describe(db, key), SetHashTestSupport.Describe(replica.GetDatabase(), key));
            }
        }
    }

    [Fact]
    public void Store_over_a_string_destination_replays()
    {
        using var store = new MnemoStore();
        var recorder = new ChangeRecorder();
        store.SubscribeChanges(recorder);
        var db = store.GetDatabase();
        db.StringSet("dest", "text");
        db.SetAdd("a", "1", "2");
        db.SetCombineAndStore(SetOperation.Union, "dest", "a", "none");
        db.SetAdd("dest2", "x");
        db.SetCombineAndStore(SetOperation.Intersect, "dest2", "a", "none");
        db.SetMove("a", "b", "1");
        db.SetPop("a");
        using var replica = new MnemoStore();
        SetHashTestSupport.Replay(replica, recorder.Records);
        foreach (var key in new[] { "dest", "dest2", "a", "b" })
        {
            Assert.Equal(SetHashTestSupport.Describe(db, key), SetHashTestSupport.Describe(replica.GetDatabase(), key));
        }
        Assert.Equal("set:1,2", SetHashTestSupport.Describe(replica.GetDatabase(), "dest"));
        Assert.Equal("none", SetHashTestSupport.Describe(replica.GetDatabase(), "a"));
    }

    [Fact]
    public void Spop_and_srandmember_reach_every_member_uniformly()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        var members = Enumerable.Range(0, 10).Select(i => (MnemoValue)$"m{i}").ToArray();
        db.SetAdd("s", members);
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < 10_000; i++)
        {
            string picked = db.SetRandomMember("s").ToString();
            counts[picked] = counts.GetValueOrDefault(picked) + 1;
        }
        Assert.Equal(10, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 700, 1300)); // expected 1000, sd about 30

        var seenInPairs = new HashSet<string>();
        var repeated = new HashSet<string>();
        for (int i = 0; i < 300; i++)
        {
            seenInPairs.UnionWith(db.SetRandomMembers("s", 2).Select(v => v.ToString()));
            repeated.UnionWith(db.SetRandomMembers("s", -3).Select(v => v.ToString()));
        }
        Assert.Equal(10, seenInPairs.Count);
        Assert.Equal(10, repeated.Count);

        var firstPops = new Dictionary<string, int>();
        for (int i = 0; i < 5_000; i++)
        {
            db.SetAdd("p", members);
            string popped = db.SetPop("p").ToString();
            firstPops[popped] = firstPops.GetValueOrDefault(popped) + 1;
            db.SetPop("p", 20);
        }
        Assert.Equal(10, firstPops.Count);
        Assert.All(firstPops.Values, c => Assert.InRange(c, 300, 700)); // expected 500, sd about 21
    }

    [Fact]
    public void Random_picks_on_a_large_set_that_shrank_are_members()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.SetAdd("s", [.. Enumerable.Range(0, 5000).Select(i => (MnemoValue)i)]);
        db.SetRemove("s", [.. Enumerable.Range(0, 4990).Select(i => (MnemoValue)i)]);
        var seen = new HashSet<string>();
        for (int i = 0; i < 500; i++)
        {
            seen.Add(db.SetRandomMember("s").ToString());
        }
        Assert.Equal(Enumerable.Range(4990, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(), seen);
    }
}
