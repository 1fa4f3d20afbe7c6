using Mnemo.Internal.Keyspace;
using Mnemo.Protocol;

namespace Mnemo.Server.Commands;

/// <summary>
/// List commands: pushes, pops, moves, reads and edits in place (this file), and the blocking
/// pops BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP (ListCommands.Blocking.cs).
/// </summary>
[CommandFamily]
internal static partial class ListCommands
{
    private const CommandFlags Write = CommandFlags.Write | CommandFlags.DenyOom;

    public static void Register(CommandTable table)
    {
        table.Add("LPUSH", -3, Write | CommandFlags.Fast, 1, 1, 1, ctx => Push(ctx, left: true, onlyIfExists: false));
        table.Add("RPUSH", -3, Write | CommandFlags.Fast, 1, 1, 1, ctx => Push(ctx, left: false, onlyIfExists: false));
        table.Add("LPUSHX", -3, Write | CommandFlags.Fast, 1, 1, 1, ctx => Push(ctx, left: true, onlyIfExists: true));
        table.Add("RPUSHX", -3, Write | CommandFlags.Fast, 1, 1, 1, ctx => Push(ctx, left: false, onlyIfExists: true));
        table.Add("LPOP", -2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, ctx => Pop(ctx, left: true));
        table.Add("RPOP", -2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, ctx => Pop(ctx, left: false));
        table.Add("LLEN", 2, CommandFlags.ReadOnly | CommandFlags.Fast, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.ListLength(ctx.Arg(1))));
        table.Add("LRANGE", 4, CommandFlags.ReadOnly, 1, 1, 1, ListRange);
        table.Add("LINDEX", 3, CommandFlags.ReadOnly, 1, 1, 1, ctx => ctx.ReplyValue(ctx.Db.ListIndex(ctx.Arg(1), ctx.ArgInt64(2))));
        table.Add("LSET", 4, Write, 1, 1, 1, ListSet);
        table.Add("LINSERT", 5, Write, 1, 1, 1, Insert);
        table.Add("LREM", 4, CommandFlags.Write, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.ListRemove(ctx.Arg(1), ctx.ArgInt64(2), ctx.Arg(3))));
        table.Add("LTRIM", 4, CommandFlags.Write, 1, 1, 1, Trim);
        table.Add("LPOS", -3, CommandFlags.ReadOnly, 1, 1, 1, Position);
        table.Add("LMOVE", 5, Write, 1, 2, 1, Move);
        table.Add("RPOPLPUSH", 3, Write, 1, 2, 1, ctx => ReplyMoved(ctx, ctx.Db.ListMove(ctx.ArgArray(1), ctx.ArgArray(2), fromLeft: false, toLeft: true, out _)));
        table.Add("LMPOP", -4, CommandFlags.Write, 0, 0, 0, MultiPop);
        RegisterBlocking(table);
    }

    /// <summary>LRANGE: the elements are copied into the connection's reply sink under the lock, the reply written after.</summary>
    private static void ListRange(CommandContext ctx)
    {
        long start = ctx.ArgInt64(2), stop = ctx.ArgInt64(3);
        var sink = ctx.Elements;
        ctx.Db.ListRange(ctx.Arg(1), start, stop, sink);
        sink.WriteTo(ctx.Reply);
    }

    private static void Push(CommandContext ctx, bool left, bool onlyIfExists) =>
        ctx.Reply.WriteInteger(ctx.Count == 3
            ? ctx.Db.ListPush(ctx.Arg(1), ctx.Arg(2), left, onlyIfExists) // one value: copied once, by the list
            : ctx.Db.ListPush(ctx.Arg(1), new ArgumentValues(ctx), left, onlyIfExists)); // read in place, copied once

    /// <summary>LPOP / RPOP key [count]: a bulk string, or with a count an array (null array for a missing key).</summary>
    private static void Pop(CommandContext ctx, bool left)
    {
        if (ctx.Count > 3)
        {
            throw new MnemoException($"ERR wrong number of arguments for '{ctx.Spec.LowerName}' command");
        }
        if (ctx.Count == 2)
        {
            var reader = new BulkReplyReader(ctx.Reply);
            if (!ctx.Db.TryListPop(ctx.Arg(1), left, ref reader))
            {
                ctx.Reply.WriteNull();
            }
            return;
        }
        long count = ctx.ArgInt64(2);
        if (count < 0)
        {
            throw new MnemoException(RedisErrors.MustBePositive);
        }
        var popped = ctx.Db.ListPop(ctx.Arg(1), left, count);
        if (popped is null)
        {
            ctx.Reply.WriteNullArray();
            return;
        }
        WriteArray(ctx.Reply, popped);
    }

    private static void ListSet(CommandContext ctx)
    {
        ctx.Db.ListSet(ctx.Arg(1), ctx.ArgInt64(2), ctx.Arg(3));
        ctx.Reply.WriteOk();
    }

    /// <summary>LINSERT key BEFORE|AFTER pivot element.</summary>
    private static void Insert(CommandContext ctx)
    {
        bool after;
        if (ctx.ArgIs(2, "AFTER"u8))
        {
            after = true;
        }
        else if (ctx.ArgIs(2, "BEFORE"u8))
        {
            after = false;
        }
        else
        {
            throw CommandContext.SyntaxError();
        }
        ctx.Reply.WriteInteger(ctx.Db.ListInsert(ctx.Arg(1), after, ctx.Arg(3), ctx.Arg(4)));
    }

    private static void Trim(CommandContext ctx)
    {
        ctx.Db.ListTrim(ctx.Arg(1), ctx.ArgInt64(2), ctx.ArgInt64(3));
        ctx.Reply.WriteOk();
    }

    /// <summary>
    /// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: options checked in order,
    /// each with Redis's own message (COUNT and MAXLEN use theirs even for a non-number).
    /// </summary>
    private static void Position(CommandContext ctx)
    {
        long rank = 1, count = 1, maxLength = 0;
        bool withCount = false;
        for (int i = 3; i < ctx.Count; i++)
        {
            bool hasValue = i + 1 < ctx.Count;
            if (hasValue && ctx.ArgIs(i, "RANK"u8))
            {
                rank = ctx.ArgInt64(++i);
                if (rank == long.MinValue)
                {
                    throw new MnemoException(RedisErrors.RankOutOfRange);
                }
                if (rank == 0)
                {
                    throw new MnemoException(RedisErrors.RankZero);
                }
            }
            else if (hasValue && ctx.ArgIs(i, "COUNT"u8))
            {
                count = NonNegative(ctx, ++i, RedisErrors.CountNegative);
                withCount = true;
            }
            else if (hasValue && ctx.ArgIs(i, "MAXLEN"u8))
            {
                maxLength = NonNegative(ctx, ++i, RedisErrors.MaxLenNegative);
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        var found = ctx.Db.ListPositions(ctx.Arg(1), ctx.Arg(2), rank, count, maxLength);
        if (withCount)
        {
            ctx.Reply.WriteArrayHeader(found.Length);
            foreach (long index in found)
            {
                ctx.Reply.WriteInteger(index);
            }
        }
        else if (found.Length == 0)
        {
            ctx.Reply.WriteNull();
        }
        else
        {
            ctx.Reply.WriteInteger(found[0]);
        }
    }

    /// <summary>A non-negative integer; <paramref name="error"/> both for a non-number and a negative one (Redis's getPositiveLong with a message).</summary>
    private static long NonNegative(CommandContext ctx, int index, string error)
    {
        long value = ctx.ArgInt64(index, error);
        return value < 0 ? throw new MnemoException(error) : value;
    }

    /// <summary>LMOVE source destination LEFT|RIGHT LEFT|RIGHT.</summary>
    private static void Move(CommandContext ctx)
    {
        bool fromLeft = Side(ctx, 3);
        bool toLeft = Side(ctx, 4);
        ReplyMoved(ctx, ctx.Db.ListMove(ctx.ArgArray(1), ctx.ArgArray(2), fromLeft, toLeft, out _));
    }

    private static void ReplyMoved(CommandContext ctx, byte[]? value)
    {
        if (value is null)
        {
            ctx.Reply.WriteNull();
        }
        else
        {
            ctx.Reply.WriteBulkString(value);
        }
    }

    /// <summary>LEFT (true) or RIGHT (false), else a syntax error.</summary>
    private static bool Side(CommandContext ctx, int index) =>
        ctx.ArgIs(index, "LEFT"u8) || (ctx.ArgIs(index, "RIGHT"u8) ? false : throw CommandContext.SyntaxError());

    /// <summary>LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count].</summary>
    private static void MultiPop(CommandContext ctx)
    {
        var (keys, left, count) = ParseMultiPop(ctx, 1);
        var popped = ctx.Db.ListPopFirst(keys, left, count);
        if (popped is null)
        {
            ctx.Reply.WriteNullArray();
            return;
        }
        ReplyKeyAndValues(ctx.Reply, keys[popped.KeyIndex], popped.Values);
    }

    /// <summary>
    /// The arguments of LMPOP / BLMPOP from <paramref name="numKeysIndex"/> on, checked in
    /// Redis's order: numkeys, the side, then COUNT (once, greater than 0).
    /// </summary>
    private static (byte[][] Keys, bool Left, long Count) ParseMultiPop(CommandContext ctx, int numKeysIndex)
    {
        long numKeys = ctx.ArgInt64(numKeysIndex, RedisErrors.NumKeysPositive);
        if (numKeys <= 0)
        {
            throw new MnemoException(RedisErrors.NumKeysPositive);
        }
        if (numKeys >= ctx.Count - numKeysIndex - 1)
        {
            throw CommandContext.SyntaxError(); // no room left for LEFT|RIGHT
        }
        int sideIndex = numKeysIndex + (int)numKeys + 1;
        bool left = Side(ctx, sideIndex);
        long count = -1;
        for (int i = sideIndex + 1; i < ctx.Count; i++)
        {
            if (count == -1 && i + 1 < ctx.Count && ctx.ArgIs(i, "COUNT"u8))
            {
                count = ctx.ArgInt64(++i, RedisErrors.CountGreaterThanZero);
                if (count <= 0)
                {
                    throw new MnemoException(RedisErrors.CountGreaterThanZero);
                }
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        return (ctx.ArgArrays(numKeysIndex + 1, sideIndex), left, count == -1 ? 1 : count);
    }

    /// <summary>[key, [values...]] as LMPOP and BLMPOP reply.</summary>
    private static void ReplyKeyAndValues(RespWriter reply, byte[] key, byte[][] values)
    {
        reply.WriteArrayHeader(2);
        reply.WriteBulkString(key);
        WriteArray(reply, values);
    }

    private static void WriteArray(RespWriter reply, byte[][] values)
    {
        reply.WriteArrayHeader(values.Length);
        foreach (var value in values)
        {
            reply.WriteBulkString(value);
        }
    }
}
