using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Mnemo.Tests.Engine;

/// <summary>FsCheck: random sequences of string commands agree with a Dictionary model.</summary>
public sealed class StringPropertyTests
{
    private enum Kind { Set, Append, Incr, GetDel, SetRange, SetNx }

    private sealed record Op(Kind Kind, int Key, string Text, int Number);

    private static readonly Gen<Op> OpGen =
        from kind in Gen.Elements(Enum.GetValues<Kind>())
        from key in Gen.Choose(0, 7)
        from text in Gen.Elements("", "a", "bc", "12", "-3", "007", "x y", "héllo")
        from number in Gen.Choose(-20, 20)
        select new Op(kind, key, text, number);

    [Fact]
    public void Random_string_commands_match_a_dictionary_model()
    {
        Prop.ForAll(Arb.From(Gen.ListOf(OpGen)), ops =>
        {
            using var store = new MnemoStore();
            var db = store.GetDatabase();
            var model = new Dictionary<int, byte[]>();
            foreach (var op in ops)
            {
                string key = $"k{op.Key}";
                switch (op.Kind)
                {
                    case Kind.Set:
                        db.StringSet(key, op.Text);
                        model[op.Key] = Encoding.UTF8.GetBytes(op.Text);
                        break;
                    case Kind.Append:
                        db.StringAppend(key, op.Text);
                        model[op.Key] = [.. model.GetValueOrDefault(op.Key, []), .. Encoding.UTF8.GetBytes(op.Text)];
                        break;
                    case Kind.Incr:
                        bool isInt = !model.TryGetValue(op.Key, out var current) || Internal.Text.NumberText.TryParseInt64(current, out _);
                        if (isInt)
                        {
                            long result = db.StringIncrement(key, op.Number);
                            long before = current is null ? 0 : long.Parse(Encoding.UTF8.GetString(current), System.Globalization.CultureInfo.InvariantCulture);
                            if (result != before + op.Number)
                            {
                                return false;
                            }
                            model[op.Key] = Encoding.UTF8.GetBytes(result.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            var e = Assert.Throws<MnemoException>(() => db.StringIncrement(key, op.Number));
                            if (e.Message != RedisErrors.NotInteger)
                            {
                                return false;
                            }
                        }
                        break;
                    case Kind.GetDel:
                        var got = db.StringGetDelete(key);
                        if (got.IsNull != !model.ContainsKey(op.Key))
                        {
                            return false;
                        }
                        model.Remove(op.Key);
                        break;
                    case Kind.SetRange:
                        int offset = Math.Abs(op.Number) % 6;
                        db.StringSetRange(key, offset, op.Text);
                        var bytes = Encoding.UTF8.GetBytes(op.Text);
                        if (bytes.Length > 0)
                        {
                            var old = model.GetValueOrDefault(op.Key, []);
                            var updated = new byte[Math.Max(old.Length, offset + bytes.Length)];
                            old.CopyTo(updated, 0);
                            bytes.CopyTo(updated, offset);
                            model[op.Key] = updated;
                        }
                        break;
                    case Kind.SetNx:
                        bool written = db.StringSet(key, op.Text, when: When.NotExists);
                        if (written == model.ContainsKey(op.Key))
                        {
                            return false;
                        }
                        model.TryAdd(op.Key, Encoding.UTF8.GetBytes(op.Text));
                        break;
                }
            }
            for (int k = 0; k < 8; k++)
            {
                var actual = db.StringGet($"k{k}");
                if (model.TryGetValue(k, out var expected) ? !actual.ToArray().AsSpan().SequenceEqual(expected) : !actual.IsNull)
                {
                    return false;
                }
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
