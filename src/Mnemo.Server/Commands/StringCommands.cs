using Mnemo.Internal.Keyspace;
using Mnemo.Protocol;

namespace Mnemo.Server.Commands;

/// <summary>String commands: GET, SET and its variants, counters, ranges.</summary>
[CommandFamily]
internal static class StringCommands
{
    private const CommandFlags Read = CommandFlags.ReadOnly | CommandFlags.Fast;
    private const CommandFlags Write = CommandFlags.Write | CommandFlags.DenyOom;

    public static void Register(CommandTable table)
    {
        table.Add("GET", 2, Read, 1, 1, 1, Get);
        table.Add("SET", -3, Write, 1, 1, 1, Set);
        table.Add("SETNX", 3, Write | CommandFlags.Fast, 1, 1, 1, SetNx);
        table.Add("SETEX", 4, Write, 1, 1, 1, ctx => SetWithTtl(ctx, 1000, "setex"));
        table.Add("PSETEX", 4, Write, 1, 1, 1, ctx => SetWithTtl(ctx, 1, "psetex"));
        table.Add("GETSET", 3, Write | CommandFlags.Fast, 1, 1, 1, GetSet);
        table.Add("GETDEL", 2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, ctx => ctx.ReplyValue(ctx.Db.GetDelete(ctx.Arg(1))));
        table.Add("GETEX", -2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, GetEx);
        table.Add("MGET", -2, Read, 1, -1, 1, ctx => ctx.ReplyValues(ctx.Db.GetMany(ctx.ArgArrays(1))));
        table.Add("MSET", -3, Write, 1, -1, 2, ctx => MSet(ctx, false));
        table.Add("MSETNX", -3, Write, 1, -1, 2, ctx => MSet(ctx, true));
        table.Add("APPEND", 3, Write | CommandFlags.Fast, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.Append(ctx.Arg(1), ctx.Arg(2))));
        table.Add("STRLEN", 2, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.Length(ctx.Arg(1))));
        table.Add("GETRANGE", 4, CommandFlags.ReadOnly, 1, 1, 1, GetRange);
        table.Add("SUBSTR", 4, CommandFlags.ReadOnly, 1, 1, 1, GetRange);
        table.Add("SETRANGE", 4, Write, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.SetRange(ctx.Arg(1), ctx.ArgInt64(2), ctx.Arg(3))));
        table.Add("INCR", 2, Write | CommandFlags.Fast, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.Increment(ctx.Arg(1), 1)));
        table.Add("DECR", 2, Write | CommandFlags.Fast, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.Increment(ctx.Arg(1), -1)));
        table.Add("INCRBY", 3, Write | CommandFlags.Fast, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.Increment(ctx.Arg(1), ctx.ArgInt64(2))));
        table.Add("DECRBY", 3, Write | CommandFlags.Fast, 1, 1, 1, DecrBy);
        table.Add("INCRBYFLOAT", 3, Write | CommandFlags.Fast, 1, 1, 1, ctx => ctx.ReplyValue(ctx.Db.IncrementFloat(ctx.Arg(1), ctx.Arg(2))));
    }

    private static void Get(CommandContext ctx)
    {
        var reader = new BulkReplyReader(ctx.Reply);
        if (!ctx.Db.TryRead(ctx.Arg(1), ref reader))
        {
            ctx.Reply.WriteNull();
        }
    }

    /// <summary>SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL], with Redis's option rules.</summary>
    private static void Set(CommandContext ctx)
    {
        if (ctx.Count == 3)
        {
            ctx.Db.Set(ctx.Arg(1), ctx.Arg(2), countCommand: false); // no options: the engine's plain-SET path
            ctx.Reply.WriteOk();
            return;
        }
        var condition = SetCondition.Always;
        bool get = false, keepTtl = false, expiry = false;
        long expiresAt = 0;
        for (int i = 3; i < ctx.Count; i++)
        {
            bool hasNext = i + 1 < ctx.Count;
            if (ctx.ArgIs(i, "NX"u8) && condition != SetCondition.IfExists)
            {
                condition = SetCondition.IfNotExists;
            }
            else if (ctx.ArgIs(i, "XX"u8) && condition != SetCondition.IfNotExists)
            {
                condition = SetCondition.IfExists;
            }
            else if (ctx.ArgIs(i, "GET"u8))
            {
                get = true;
            }
            else if (ctx.ArgIs(i, "KEEPTTL"u8) && !expiry)
            {
                keepTtl = true;
            }
            else if (!keepTtl && !expiry && hasNext && ExpiryUnit(ctx, i) is { } unit)
            {
                expiresAt = Expiry.Parse(ctx, i + 1, unit, "set");
                expiry = true;
                i++;
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        var result = ctx.Db.Set(ctx.Arg(1), ctx.Arg(2), new SetOptions(condition, expiresAt, keepTtl, get));
        if (get)
        {
            ctx.ReplyValue(result.Previous);
        }
        else if (result.Written)
        {
            ctx.Reply.WriteOk();
        }
        else
        {
            ctx.Reply.WriteNull();
        }
    }

    private static Expiry.Unit? ExpiryUnit(CommandContext ctx, int i) =>
        ctx.ArgIs(i, "EX"u8) ? Expiry.Unit.Seconds
        : ctx.ArgIs(i, "PX"u8) ? Expiry.Unit.Milliseconds
        : ctx.ArgIs(i, "EXAT"u8) ? Expiry.Unit.UnixSeconds
        : ctx.ArgIs(i, "PXAT"u8) ? Expiry.Unit.UnixMilliseconds
        : null;

    private static void SetNx(CommandContext ctx)
    {
        var result = ctx.Db.Set(ctx.Arg(1), ctx.Arg(2), new SetOptions(SetCondition.IfNotExists));
        ctx.Reply.WriteInteger(result.Written ? 1 : 0);
    }

    private static void SetWithTtl(CommandContext ctx, int unitMs, string command)
    {
        long expiresAt = Expiry.Parse(ctx, 2, unitMs == 1000 ? Expiry.Unit.Seconds : Expiry.Unit.Milliseconds, command);
        ctx.Db.Set(ctx.Arg(1), ctx.Arg(3), new SetOptions(ExpiresAt: expiresAt));
        ctx.Reply.WriteOk();
    }

    private static void GetSet(CommandContext ctx) =>
        ctx.ReplyValue(ctx.Db.Set(ctx.Arg(1), ctx.Arg(2), new SetOptions(ReturnOld: true)).Previous);

    /// <summary>GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST].</summary>
    private static void GetEx(CommandContext ctx)
    {
        long? expiresAt = null;
        if (ctx.Count == 3 && ctx.ArgIs(2, "PERSIST"u8))
        {
            expiresAt = 0;
        }
        else if (ctx.Count == 4 && ExpiryUnit(ctx, 2) is { } unit)
        {
            expiresAt = Expiry.Parse(ctx, 3, unit, "getex");
        }
        else if (ctx.Count != 2)
        {
            throw CommandContext.SyntaxError();
        }
        ctx.ReplyValue(ctx.Db.GetAndExpire(ctx.Arg(1), expiresAt));
    }

    private static void MSet(CommandContext ctx, bool onlyIfNoneExist)
    {
        if (ctx.Count % 2 == 0)
        {
            throw new MnemoException($"ERR wrong number of arguments for '{ctx.Spec.LowerName}' command");
        }
        bool written = ctx.Db.SetMany(new ArgumentPairs(ctx, first: 1), onlyIfNoneExist);
        if (onlyIfNoneExist)
        {
            ctx.Reply.WriteInteger(written ? 1 : 0);
        }
        else
        {
            ctx.Reply.WriteOk();
        }
    }

    private static void GetRange(CommandContext ctx) =>
        ctx.ReplyValue(ctx.Db.GetRange(ctx.Arg(1), ctx.ArgInt64(2), ctx.ArgInt64(3)));

    private static void DecrBy(CommandContext ctx)
    {
        long by = ctx.ArgInt64(2);
        if (by == long.MinValue)
        {
            throw new MnemoException("ERR decrement would overflow");
        }
        ctx.Reply.WriteInteger(ctx.Db.Increment(ctx.Arg(1), -by));
    }
}

/// <summary>Expiry arguments (EX, PX, EXAT, PXAT) validated as Redis validates them.</summary>
internal static class Expiry
{
    public enum Unit
    {
        Seconds,
        Milliseconds,
        UnixSeconds,
        UnixMilliseconds,
    }

    /// <summary>Parses the argument into absolute Unix milliseconds, or throws Redis's error for <paramref name="command"/>.</summary>
    public static long Parse(CommandContext ctx, int index, Unit unit, string command)
    {
        long value = ctx.ArgInt64(index);
        bool seconds = unit is Unit.Seconds or Unit.UnixSeconds;
        if (value <= 0 || (seconds && value > long.MaxValue / 1000))
        {
            throw new MnemoException(RedisErrors.InvalidExpireTime(command));
        }
        long ms = seconds ? value * 1000 : value;
        if (unit is Unit.Seconds or Unit.Milliseconds)
        {
            long now = ctx.Server.Store.Core.NowMs();
            if (ms > long.MaxValue - now)
            {
                throw new MnemoException(RedisErrors.InvalidExpireTime(command));
            }
            ms += now;
        }
        return ms;
    }
}
