using Mnemo.Tests.Contract;

namespace Mnemo.Server.Tests.Contract;

/// <summary>Bit methods as Redis commands.</summary>
[RespTranslations]
internal static class BitTranslations
{
    public static void Register(Dictionary<string, Func<Call, object?>> t)
    {
        t["StringSetBit(MnemoKey,Int64,Boolean)"] = c => c.Send("SETBIT", c.Args[0], c.Args[1], c.Arg<bool>(2) ? 1 : 0).Integer == 1;
        t["StringGetBit(MnemoKey,Int64)"] = c => c.Send("GETBIT", c.Args[0], c.Args[1]).Integer == 1;
        t["StringBitCount(MnemoKey,Int64,Int64,BitUnit)"] = c =>
            c.Send("BITCOUNT", c.Args[0], c.Args[1], c.Args[2], Unit(c.Arg<BitUnit>(3))).Integer;
        t["StringBitPosition(MnemoKey,Boolean,Int64,Nullable`1,BitUnit)"] = c =>
        {
            var unit = c.Arg<BitUnit>(4);
            // BITPOS takes BYTE|BIT only after an end: with BIT and no end, the end is the last bit (-1).
            long? end = (long?)c.Args[3] ?? (unit == BitUnit.Bit ? -1 : null);
            return c.Send("BITPOS", c.Args[0], c.Arg<bool>(1) ? 1 : 0, c.Args[2], end, end is null ? null : Unit(unit)).Integer;
        };
        t["StringBitOperation(BitOp,MnemoKey,MnemoKey[])"] = c =>
        {
            var keys = c.Arg<MnemoKey[]>(2);
            if (keys.Length == 0)
            {
                throw new ArgumentException("BITOP needs at least one source key.", "keys");
            }
            return c.Send("BITOP", c.Arg<BitOp>(0).ToString().ToUpperInvariant(), c.Args[1], keys).Integer;
        };
    }

    private static string Unit(BitUnit unit) => unit == BitUnit.Bit ? "BIT" : "BYTE";
}

public sealed class BitContractOverTcp() : BitContract(new ServerTarget());
