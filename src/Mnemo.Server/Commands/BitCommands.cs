namespace Mnemo.Server.Commands;

/// <summary>Bit commands on strings: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP.</summary>
/// <remarks>Arguments are validated before the key is looked up, as Redis 7.2 does (7.0 looked the key up first).</remarks>
[CommandFamily]
internal static class BitCommands
{
    private const CommandFlags Write = CommandFlags.Write | CommandFlags.DenyOom;

    public static void Register(CommandTable table)
    {
        table.Add("SETBIT", 4, Write, 1, 1, 1, SetBit);
        table.Add("GETBIT", 3, CommandFlags.ReadOnly | CommandFlags.Fast, 1, 1, 1,
            ctx => ctx.Reply.WriteInteger(ctx.Db.GetBit(ctx.Arg(1), ctx.ArgInt64(2, RedisErrors.BitOffset))));
        table.Add("BITCOUNT", -2, CommandFlags.ReadOnly, 1, 1, 1, BitCount);
        table.Add("BITPOS", -3, CommandFlags.ReadOnly, 1, 1, 1, BitPosition);
        table.Add("BITOP", -4, Write, 2, -1, 1, BitOperation);
    }

    private static void SetBit(CommandContext ctx)
    {
        long offset = ctx.ArgInt64(2, RedisErrors.BitOffset);
        long value = ctx.ArgInt64(3, RedisErrors.BitValue);
        ctx.Reply.WriteInteger(ctx.Db.SetBit(ctx.Arg(1), offset, value));
    }

    /// <summary>BITCOUNT key [start end [BYTE|BIT]].</summary>
    private static void BitCount(CommandContext ctx)
    {
        if (ctx.Count == 2)
        {
            ctx.Reply.WriteInteger(ctx.Db.BitCount(ctx.Arg(1), null, -1, bitUnit: false));
            return;
        }
        if (ctx.Count is not (4 or 5))
        {
            throw CommandContext.SyntaxError();
        }
        long start = ctx.ArgInt64(2);
        long end = ctx.ArgInt64(3);
        bool bitUnit = ctx.Count == 5 && Unit(ctx, 4);
        ctx.Reply.WriteInteger(ctx.Db.BitCount(ctx.Arg(1), start, end, bitUnit));
    }

    /// <summary>BITPOS key bit [start [end [BYTE|BIT]]].</summary>
    private static void BitPosition(CommandContext ctx)
    {
        if (ctx.Count > 6)
        {
            throw CommandContext.SyntaxError();
        }
        long bit = ctx.ArgInt64(2);
        if (bit is not (0 or 1))
        {
            throw new MnemoException(RedisErrors.BitPosBit);
        }
        long? start = null, end = null;
        bool bitUnit = false;
        if (ctx.Count >= 4)
        {
            start = ctx.ArgInt64(3);
            bitUnit = ctx.Count == 6 && Unit(ctx, 5);
            if (ctx.Count >= 5)
            {
                end = ctx.ArgInt64(4);
            }
        }
        ctx.Reply.WriteInteger(ctx.Db.BitPosition(ctx.Arg(1), bit, start, end, bitUnit));
    }

    private static bool Unit(CommandContext ctx, int index) =>
        ctx.ArgIs(index, "BIT"u8) || (ctx.ArgIs(index, "BYTE"u8) ? false : throw CommandContext.SyntaxError());

    /// <summary>BITOP AND|OR|XOR|NOT destkey key [key ...].</summary>
    private static void BitOperation(CommandContext ctx)
    {
        var operation = ctx.ArgIs(1, "AND"u8) ? BitOp.And
            : ctx.ArgIs(1, "OR"u8) ? BitOp.Or
            : ctx.ArgIs(1, "XOR"u8) ? BitOp.Xor
            : ctx.ArgIs(1, "NOT"u8) ? BitOp.Not
            : throw CommandContext.SyntaxError();
        ctx.Reply.WriteInteger(ctx.Db.BitOperation(operation, ctx.Arg(2), ctx.ArgArrays(3)));
    }
}
