using System.Collections;
using FsCheck;
using FsCheck.Fluent;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>SETBIT / GETBIT / BITCOUNT / BITPOS against a <see cref="BitArray"/> model.</summary>
public sealed class BitPropertyTests
{
    /// <summary>One step: set a bit, or query a range.</summary>
    public sealed record Op(int Kind, int Offset, bool Bit, int Start, int End, bool BitUnit);

    private static readonly Gen<Op> OpGen =
        from kind in Gen.Choose(0, 3)
        from offset in Gen.Choose(0, 200)
        from bit in Gen.Elements(true, false)
        from start in Gen.Choose(-30, 230)
        from end in Gen.Choose(-30, 230)
        from unit in Gen.Elements(true, false)
        select new Op(kind, offset, bit, start, end, unit);

    [Fact]
    public void Bit_commands_agree_with_a_bit_array_model()
    {
        var gen = Gen.ListOf(OpGen).Select(ops => ops.ToArray());
        var property = Prop.ForAll(Arb.From(gen), ops =>
        {
            using var store = new MnemoStore(new MnemoStoreOptions { TimeProvider = new ManualClock(), ActiveExpiryInterval = TimeSpan.Zero });
            var db = store.GetDatabase();
            var model = new BitArray(0);
            foreach (var op in ops)
            {
                switch (op.Kind)
                {
                    case 0:
                        {
                            bool previous = op.Offset < model.Length && model[op.Offset];
                            if (op.Offset >= model.Length)
                            {
                                model.Length = ((op.Offset / 8) + 1) * 8; // grows by whole zero bytes
                            }
                            model[op.Offset] = op.Bit;
                            if (db.StringSetBit("k", op.Offset, op.Bit) != previous)
                            {
                                return false;
                            }
                            break;
                        }
                    case 1:
                        Assert.True(db.StringGetBit("k", op.Offset) == (op.Offset < model.Length && model[op.Offset]), $"GETBIT {op}");
                        break;
                    case 2:
                        Assert.Equal(ModelCount(model, op), db.StringBitCount("k", op.Start, op.End, op.BitUnit ? BitUnit.Bit : BitUnit.Byte));
                        break;
                    default:
                        if (db.KeyExists("k"))
                        {
                            long expected = ModelPosition(model, op);
                            long actual = db.StringBitPosition("k", op.Bit, op.Start, op.End, op.BitUnit ? BitUnit.Bit : BitUnit.Byte);
                            Assert.True(expected == actual, $"BITPOS {op} on {model.Length} bits: expected {expected}, got {actual}");
                        }
                        break;
                }
            }
            Assert.Equal(model.Length / 8, db.StringLength("k"));
            Assert.Equal(ModelCount(model, op: null), db.StringBitCount("k"));
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }

    /// <summary>
    /// The bit range [first, last] an op selects under Redis's rules, or null when empty. Only
    /// BITCOUNT answers 0 at once for two negative indices in the wrong order; BITPOS clamps them.
    /// </summary>
    private static (int First, int Last)? Range(BitArray model, Op op, bool bitCount)
    {
        int total = op.BitUnit ? model.Length : model.Length / 8;
        long start = op.Start, end = op.End;
        if (bitCount && start < 0 && end < 0 && start > end)
        {
            return null;
        }
        if (start < 0)
        {
            start = Math.Max(0, total + start);
        }
        if (end < 0)
        {
            end = Math.Max(0, total + end);
        }
        end = Math.Min(end, total - 1);
        if (start > end)
        {
            return null;
        }
        return op.BitUnit ? ((int)start, (int)end) : ((int)start * 8, ((int)end * 8) + 7);
    }

    private static long ModelCount(BitArray model, Op? op)
    {
        var range = op is null ? (model.Length == 0 ? null : (0, model.Length - 1)) : Range(model, op, bitCount: true);
        if (range is not var (first, last))
        {
            return 0;
        }
        long count = 0;
        for (int i = first; i <= last; i++)
        {
            count += model[i] ? 1 : 0;
        }
        return count;
    }

    private static long ModelPosition(BitArray model, Op op)
    {
        if (Range(model, op, bitCount: false) is not var (first, last))
        {
            return -1;
        }
        for (int i = first; i <= last; i++)
        {
            if (model[i] == op.Bit)
            {
                return i;
            }
        }
        return -1; // an explicit end: no padding with zeros
    }
}
