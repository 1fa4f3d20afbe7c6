using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Server.Commands;

/// <summary>Hash commands: HSET, HSETNX, HMSET, HGET, HMGET, HGETALL, HDEL, HEXISTS, HLEN, HKEYS, HVALS, HINCRBY, HINCRBYFLOAT, HSTRLEN, HRANDFIELD, HSCAN.</summary>
[CommandFamily]
internal static class HashCommands
{
    private const CommandFlags Read = CommandFlags.ReadOnly | CommandFlags.Fast;
    private const CommandFlags Write = CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.Fast;

    public static void Register(CommandTable table)
    {
        // the hash copies what it keeps; the arguments are not copied first
        table.Add("HSET", -4, Write, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.HashSet(ctx.Arg(1), Pairs(ctx), onlyIfNew: false)));
        table.Add("HMSET", -4, Write, 1, 1, 1, ctx =>
        {
            ctx.Db.HashSet(ctx.Arg(1), Pairs(ctx), onlyIfNew: false);
            ctx.Reply.WriteOk();
        });
        table.Add("HSETNX", 4, Write, 1, 1, 1, ctx =>
            ctx.Reply.WriteInteger(ctx.Db.HashSet(ctx.Arg(1), new ArgumentPairs(ctx, first: 2), onlyIfNew: true)));
        table.Add("HGET", 3, Read, 1, 1, 1, ctx => ctx.ReplyValue(ctx.Db.HashGet(ctx.Arg(1), ctx.Arg(2))));
        table.Add("HMGET", -3, Read, 1, 1, 1, ctx => ctx.ReplyValues(ctx.Db.HashGet(ctx.Arg(1), ctx.ArgArrays(2))));
        table.Add("HGETALL", 2, CommandFlags.ReadOnly, 1, 1, 1, GetAll);
        table.Add("HDEL", -3, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.HashDelete(ctx.Arg(1), ctx.ArgArrays(2))));
        table.Add("HEXISTS", 3, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.HashExists(ctx.Arg(1), ctx.Arg(2)) ? 1 : 0));
        table.Add("HLEN", 2, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.HashLength(ctx.Arg(1))));
        table.Add("HKEYS", 2, CommandFlags.ReadOnly, 1, 1, 1, ctx => ctx.ReplyValues(ctx.Db.HashKeysOrValues(ctx.Arg(1), values: false)));
        table.Add("HVALS", 2, CommandFlags.ReadOnly, 1, 1, 1, ctx => ctx.ReplyValues(ctx.Db.HashKeysOrValues(ctx.Arg(1), values: true)));
        table.Add("HINCRBY", 4, Write, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.HashIncrement(ctx.Arg(1), ctx.Arg(2), ctx.ArgInt64(3))));
        table.Add("HINCRBYFLOAT", 4, Write, 1, 1, 1, ctx => ctx.ReplyValue(ctx.Db.HashIncrementFloat(ctx.Arg(1), ctx.Arg(2), ctx.Arg(3))));
        table.Add("HSTRLEN", 3, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.HashStringLength(ctx.Arg(1), ctx.Arg(2))));
        table.Add("HRANDFIELD", -2, CommandFlags.ReadOnly, 1, 1, 1, RandomField);
        table.Add("HSCAN", -3, CommandFlags.ReadOnly, 1, 1, 1, Scan);
    }

    /// <summary>The field/value pairs of HSET / HMSET; an odd count is an arity error, as in Redis.</summary>
    private static ArgumentPairs Pairs(CommandContext ctx)
    {
        if (ctx.Count % 2 != 0)
        {
            throw new MnemoException($"ERR wrong number of arguments for '{ctx.Spec.LowerName}' command");
        }
        return new ArgumentPairs(ctx, first: 2);
    }

    /// <summary>HGETALL: a RESP3 map, a flat field/value array in RESP2.</summary>
    private static void GetAll(CommandContext ctx)
    {
        var entries = ctx.Db.HashGetAll(ctx.Arg(1));
        ctx.Reply.WriteMapHeader(entries.Length);
        foreach (var entry in entries)
        {
            ctx.ReplyValue(entry.Name);
            ctx.ReplyValue(entry.Value);
        }
    }

    /// <summary>
    /// HRANDFIELD key [count [WITHVALUES]]: the count is range-checked before the syntax, as Redis
    /// does. With values, RESP2 gets a flat array and RESP3 an array of [field, value] pairs.
    /// </summary>
    private static void RandomField(CommandContext ctx)
    {
        if (ctx.Count == 2)
        {
            ctx.ReplyValue(ctx.Db.HashRandomField(ctx.Arg(1)));
            return;
        }
        long count = ctx.ArgInt64(2);
        MemberTable.ValidateRandomCount(count, withValues: false);
        if (ctx.Count > 4 || (ctx.Count == 4 && !ctx.ArgIs(3, "WITHVALUES"u8)))
        {
            throw CommandContext.SyntaxError();
        }
        bool withValues = ctx.Count == 4;
        var entries = ctx.Db.HashRandomFields(ctx.Arg(1), count, withValues);
        bool nested = withValues && ctx.Reply.IsResp3;
        ctx.Reply.WriteArrayHeader(withValues && !nested ? entries.Length * 2 : entries.Length);
        foreach (var entry in entries)
        {
            if (nested)
            {
                ctx.Reply.WriteArrayHeader(2);
            }
            ctx.ReplyValue(entry.Name);
            if (withValues)
            {
                ctx.ReplyValue(entry.Value);
            }
        }
    }

    /// <summary>HSCAN key cursor [MATCH pattern] [COUNT count] [NOVALUES]: [cursor, [field, value, ...]].</summary>
    private static void Scan(CommandContext ctx)
    {
        var options = MemberScan.Parse(ctx, ValueKind.Hash);
        var page = ctx.Db.HashScan(ctx.Arg(1), options.Cursor, options.Pattern, options.Count);
        MemberScan.WriteCursor(ctx, page.Cursor);
        ctx.Reply.WriteArrayHeader(options.NoValues ? page.Entries.Length : page.Entries.Length * 2);
        foreach (var entry in page.Entries)
        {
            ctx.ReplyValue(entry.Name);
            if (!options.NoValues)
            {
                ctx.ReplyValue(entry.Value);
            }
        }
    }
}
