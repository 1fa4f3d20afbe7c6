using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>Hash commands against a model of <see cref="Dictionary{TKey, TValue}"/>s, plus change-stream replay.</summary>
public sealed class HashPropertyTests
{
    private static readonly string[] Keys = ["h0", "h1", "h2"];

    /// <summary>One generated operation: a kind, a key, fields with values, and a number.</summary>
    public sealed record HashOp(int Kind, int Key, string[] Fields, string[] Values, int Number)
    {
        public override string ToString() =>
            $"{Kind}({Keys[Key]},[{string.Join(",", Fields.Zip(Values, (f, v) => f + "=" + v))}],{Number})";
    }

    private static Gen<HashOp> OpGen(int fieldRange) =>
        from kind in Gen.Choose(0, 9)
        from key in Gen.Choose(0, Keys.Length - 1)
        from fields in Gen.Choose(0, fieldRange - 1).Select(i => "f" + i).ArrayOf()
        from values in Gen.Elements("1", "-7", "x", "2.5", "", "100").ArrayOf(fields.Length)
        from number in Gen.Choose(-20, 20)
        select new HashOp(kind, key, fields, values, number);

    private static IEnumerable<HashOp> SeededOps(Random random, int count, int fieldRange)
    {
        string[] values = ["1", "-7", "x", "2.5", "", "100"];
        for (int i = 0; i < count; i++)
        {
            int kind = random.Next(14);
            var fields = new string[random.Next(0, 30)];
            var chosen = new string[fields.Length];
            for (int f = 0; f < fields.Length; f++)
            {
                fields[f] = "f" + random.Next(fieldRange);
                chosen[f] = values[random.Next(values.Length)];
            }
            yield return new HashOp(kind >= 10 ? 0 : kind, random.Next(Keys.Length), fields, chosen, random.Next(-40, 41));
        }
    }

    private static bool Step(IMnemoDatabase db, Dictionary<string, Dictionary<string, string>> model, HashOp op)
    {
        string key = Keys[op.Key];
        var hash = model.GetValueOrDefault(key) ?? [];
        string field = op.Fields.FirstOrDefault() ?? "f0";
        bool ok = true;
        switch (op.Kind)
        {
            case 0:
                if (op.Fields.Length == 0)
                {
                    break;
                }
                long added = db.HashSet(key, [.. op.Fields.Zip(op.Values, (f, v) => new HashEntry(f, v))]);
                ok = added == op.Fields.Distinct().Count(f => !hash.ContainsKey(f));
                foreach (var (f, v) in op.Fields.Zip(op.Values))
                {
                    hash[f] = v;
                }
                break;
            case 1:
                string value = op.Values.FirstOrDefault() ?? "v";
                ok = db.HashSetIfNotExists(key, field, value) == hash.TryAdd(field, value);
                break;
            case 2:
                long deleted = db.HashDelete(key, [.. op.Fields.Select(f => (MnemoValue)f)]);
                ok = deleted == op.Fields.Distinct().Count(hash.ContainsKey);
                foreach (var f in op.Fields)
                {
                    hash.Remove(f);
                }
                break;
            case 3:
                bool isInteger = !hash.TryGetValue(field, out var current) || long.TryParse(current, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
                try
                {
                    long result = db.HashIncrement(key, field, op.Number);
                    long expected = (hash.TryGetValue(field, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : 0) + op.Number;
                    ok = isInteger && result == expected;
                    hash[field] = expected.ToString(CultureInfo.InvariantCulture);
                }
                catch (MnemoException e)
                {
                    ok = !isInteger && e.Message == RedisErrors.HashNotInteger;
                }
                break;
            case 4:
                bool isNumber = !hash.TryGetValue(field, out var currentText) || double.TryParse(currentText, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                try
                {
                    double result = db.HashIncrement(key, field, op.Number / 4.0);
                    double expected = (hash.TryGetValue(field, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : 0) + (op.Number / 4.0);
                    ok = isNumber && Math.Abs(result - expected) < 1e-9;
                    hash[field] = db.HashGet(key, field).ToString();
                    ok &= Math.Abs(double.Parse(hash[field], CultureInfo.InvariantCulture) - expected) < 1e-9;
                }
                catch (MnemoException e)
                {
                    ok = !isNumber && e.Message == RedisErrors.HashNotFloat;
                }
                break;
            case 5:
                var random = db.HashRandomFieldsWithValues(key, op.Number);
                ok = random.All(e => hash.TryGetValue(e.Name.ToString(), out var v) && v == e.Value.ToString())
                    && (hash.Count == 0 ? random.Length == 0
                        : op.Number >= 0 ? random.Length == Math.Min(op.Number, hash.Count) && random.Select(e => e.Name.ToString()).Distinct().Count() == random.Length
                        : random.Length == -op.Number);
                break;
            case 6:
                var got = db.HashGet(key, [.. op.Fields.Select(f => (MnemoValue)f)]);
                ok = got.Select(v => (string?)v).SequenceEqual(op.Fields.Select(f => hash.GetValueOrDefault(f)));
                break;
            case 7:
                var scanned = db.HashScan(key, pageSize: 1 + Math.Abs(op.Number)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
                ok = scanned.Count == hash.Count && scanned.All(kv => hash.GetValueOrDefault(kv.Key) == kv.Value);
                break;
            case 8:
                ok = db.HashExists(key, field) == hash.ContainsKey(field)
                    && db.HashStringLength(key, field) == (hash.TryGetValue(field, out var s) ? s.Length : 0)
                    && db.HashLength(key) == hash.Count;
                break;
            default:
                ok = db.HashKeys(key).Select(v => v.ToString()).ToHashSet().SetEquals(hash.Keys)
                    && db.HashValues(key).Select(v => v.ToString()).Order(StringComparer.Ordinal).SequenceEqual(hash.Values.Order(StringComparer.Ordinal));
                break;
        }
        if (hash.Count == 0)
        {
            model.Remove(key);
        }
        else
        {
            model[key] = hash;
        }
        return ok && Keys.All(k => SetHashTestSupport.Describe(db, k) == Expected(model, k));
    }

    private static string Expected(Dictionary<string, Dictionary<string, string>> model, string key) =>
        model.TryGetValue(key, out var hash)
            ? "hash:" + string.Join(",", hash.Select(kv => $"{kv.Key}={kv.Value}").Order(StringComparer.Ordinal))
            : "none";

    [Fact]
    public void Random_operation_sequences_agree_with_the_model()
    {
        Prop.ForAll(Arb.From(OpGen(6).ListOf()), ops =>
        {
            using var store = new MnemoStore();
            var db = store.GetDatabase();
            var model = new Dictionary<string, Dictionary<string, string>>();
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
        for (int seed = 1; seed <= 4; seed++)
        {
            using var store = new MnemoStore();
            var recorder = new ChangeRecorder();
            store.SubscribeChanges(recorder);
            var db = store.GetDatabase();
            var model = new Dictionary<string, Dictionary<string, string>>();
            int largest = 0;
            foreach (var op in SeededOps(new Random(seed), 1500, 300))
            {
                Assert.True(Step(db, model, op), $"seed {seed}: {op}");
                largest = Math.Max(largest, model.Values.Max(v => (int?)v.Count) ?? 0);
            }
            Assert.True(largest > 2 * Mnemo.Internal.Values.MemberTable.SmallScanLimit, $"hashes stayed small ({largest})");
            using var replica = new MnemoStore();
            SetHashTestSupport.Replay(replica, recorder.Records);
            foreach (var key in Keys)
            {
                Assert.Equal(SetHashTestSupport.Describe(db, key), SetHashTestSupport.Describe(replica.GetDatabase(), key));
            }
        }
    }

    [Fact]
    public void Incrbyfloat_replays_as_the_value_it_produced()
    {
        using var store = new MnemoStore();
        var recorder = new ChangeRecorder();
        store.SubscribeChanges(recorder);
        var db = store.GetDatabase();
        db.HashIncrement("h", "f", 0.1);
        db.HashIncrement("h", "f", 0.2);
        db.HashIncrement("h", "n", 5);
        db.HashDelete("h", "n");
        Assert.Equal(Changes.ChangeOp.HashSet, recorder.Records[1].Op);
        Assert.Equal("0.3", System.Text.Encoding.ASCII.GetString(recorder.Records[1].Args[2]));
        using var replica = new MnemoStore();
        SetHashTestSupport.Replay(replica, recorder.Records);
        Assert.Equal("hash:f=0.3", SetHashTestSupport.Describe(replica.GetDatabase(), "h"));
        db.HashDelete("h", "f");
        SetHashTestSupport.Replay(replica, recorder.Records.Skip(4));
        Assert.Equal("none", SetHashTestSupport.Describe(replica.GetDatabase(), "h"));
    }

    [Fact]
    public void Hrandfield_reaches_every_field_uniformly()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.HashSet("h", [.. Enumerable.Range(0, 8).Select(i => new HashEntry($"f{i}", i))]);
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < 8_000; i++)
        {
            string picked = db.HashRandomField("h").ToString();
            counts[picked] = counts.GetValueOrDefault(picked) + 1;
        }
        Assert.Equal(8, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 700, 1300)); // expected 1000, sd about 30
        var seen = new HashSet<string>();
        for (int i = 0; i < 200; i++)
        {
            seen.UnionWith(db.HashRandomFields("h", 3).Select(v => v.ToString()));
        }
        Assert.Equal(8, seen.Count);
    }
}
