using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Server.Commands;

/// <summary>Set commands: SADD, SREM, SMEMBERS, SPOP, SRANDMEMBER, SMOVE, SINTER/SUNION/SDIFF (and STORE), SINTERCARD, SSCAN.</summary>
[CommandFamily]
internal static class SetCommands
{
    private const CommandFlags Read = CommandFlags.ReadOnly | CommandFlags.Fast;

    public static void Register(CommandTable table)
    {
        table.Add("SADD", -3, CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.Fast, 1, 1, 1, ctx => ctx.Reply.WriteInteger(
            // one member (the usual form): no argument copies, so a repeated SADD allocates nothing
            ctx.Db.SetAdd(ctx.Arg(1), new ArgumentValues(ctx))));
        table.Add("SREM", -3, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.SetRemove(ctx.Arg(1), ctx.ArgArrays(2))));
        table.Add("SMEMBERS", 2, CommandFlags.ReadOnly, 1, 1, 1, ctx => ReplySet(ctx, ctx.Db.SetMembers(ctx.Arg(1))));
        table.Add("SISMEMBER", 3, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.SetContains(ctx.Arg(1), ctx.Arg(2)) ? 1 : 0));
        table.Add("SMISMEMBER", -3, Read, 1, 1, 1, IsMemberMany);
        table.Add("SCARD", 2, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.SetLength(ctx.Arg(1))));
        table.Add("SPOP", -2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, Pop);
        table.Add("SRANDMEMBER", -2, CommandFlags.ReadOnly, 1, 1, 1, RandomMember);
        table.Add("SMOVE", 4, CommandFlags.Write | CommandFlags.Fast, 1, 2, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.SetMove(ctx.ArgArray(1), ctx.ArgArray(2), ctx.Arg(3)) ? 1 : 0));
        table.Add("SINTER", -2, CommandFlags.ReadOnly, 1, -1, 1, ctx => Combine(ctx, SetOperation.Intersect));
        table.Add("SUNION", -2, CommandFlags.ReadOnly, 1, -1, 1, ctx => Combine(ctx, SetOperation.Union));
        table.Add("SDIFF", -2, CommandFlags.ReadOnly, 1, -1, 1, ctx => Combine(ctx, SetOperation.Difference));
        table.Add("SINTERSTORE", -3, CommandFlags.Write | CommandFlags.DenyOom, 1, -1, 1, ctx => Store(ctx, SetOperation.Intersect));
        table.Add("SUNIONSTORE", -3, CommandFlags.Write | CommandFlags.DenyOom, 1, -1, 1, ctx => Store(ctx, SetOperation.Union));
        table.Add("SDIFFSTORE", -3, CommandFlags.Write | CommandFlags.DenyOom, 1, -1, 1, ctx => Store(ctx, SetOperation.Difference));
        table.Add("SINTERCARD", -3, CommandFlags.ReadOnly, 0, 0, 0, IntersectionLength);
        table.Add("SSCAN", -3, CommandFlags.ReadOnly, 1, 1, 1, Scan);
    }

    /// <summary>Members as a RESP3 set (<c>~</c>), an array in RESP2.</summary>
    private static void ReplySet(CommandContext ctx, MnemoValue[] members)
    {
        ctx.Reply.WriteSetHeader(members.Length);
        foreach (var member in members)
        {
            ctx.ReplyValue(member);
        }
    }

    private static void IsMemberMany(CommandContext ctx)
    {
        var found = ctx.Db.SetContains(ctx.Arg(1), ctx.ArgArrays(2));
        ctx.Reply.WriteArrayHeader(found.Length);
        foreach (bool member in found)
        {
            ctx.Reply.WriteInteger(member ? 1 : 0);
        }
    }

    /// <summary>SPOP key [count]: a bulk string, or with a count a set (empty for a missing key).</summary>
    private static void Pop(CommandContext ctx)
    {
        if (ctx.Count > 3)
        {
            throw CommandContext.SyntaxError();
        }
        if (ctx.Count == 2)
        {
            ctx.ReplyValue(ctx.Db.SetPop(ctx.Arg(1)));
            return;
        }
        long count = ctx.ArgInt64(2);
        ReplySet(ctx, ctx.Db.SetPop(ctx.Arg(1), count));
    }

    /// <summary>SRANDMEMBER key [count]: a bulk string, or with a count an array (members may repeat for a negative count).</summary>
    private static void RandomMember(CommandContext ctx)
    {
        if (ctx.Count > 3)
        {
            throw CommandContext.SyntaxError();
        }
        if (ctx.Count == 2)
        {
            ctx.ReplyValue(ctx.Db.SetRandomMember(ctx.Arg(1)));
            return;
        }
        ctx.ReplyValues(ctx.Db.SetRandomMembers(ctx.Arg(1), ctx.ArgInt64(2)));
    }

    private static void Combine(CommandContext ctx, SetOperation operation) =>
        ReplySet(ctx, ctx.Db.SetCombine(operation, ctx.ArgArrays(1)));

    private static void Store(CommandContext ctx, SetOperation operation) =>
        ctx.Reply.WriteInteger(ctx.Db.SetCombineAndStore(operation, ctx.ArgArray(1), ctx.ArgArrays(2)));

    /// <summary>SINTERCARD numkeys key [key ...] [LIMIT limit].</summary>
    private static void IntersectionLength(CommandContext ctx)
    {
        long numKeys = ctx.ArgInt64(1, RedisErrors.NumKeysPositive);
        if (numKeys <= 0)
        {
            throw new MnemoException(RedisErrors.NumKeysPositive);
        }
        if (numKeys > ctx.Count - 2)
        {
            throw new MnemoException(RedisErrors.NumKeysExceedArgs);
        }
        long limit = 0;
        int keysEnd = 2 + (int)numKeys;
        for (int i = keysEnd; i < ctx.Count; i++)
        {
            if (i + 1 < ctx.Count && ctx.ArgIs(i, "LIMIT"u8))
            {
                limit = ctx.ArgInt64(++i, RedisErrors.LimitNegative);
                if (limit < 0)
                {
                    throw new MnemoException(RedisErrors.LimitNegative);
                }
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        ctx.Reply.WriteInteger(ctx.Db.SetIntersectionLength(ctx.ArgArrays(2, keysEnd), limit));
    }

    /// <summary>SSCAN key cursor [MATCH pattern] [COUNT count]: [cursor, [members]].</summary>
    private static void Scan(CommandContext ctx)
    {
        var options = MemberScan.Parse(ctx, ValueKind.Set);
        var page = ctx.Db.SetScan(ctx.Arg(1), options.Cursor, options.Pattern, options.Count);
        MemberScan.WriteCursor(ctx, page.Cursor);
        ctx.ReplyValues(page.Members);
    }
}

/// <summary>
/// SSCAN / HSCAN arguments with Redis's order of checks: the cursor (<c>ERR invalid cursor</c>)
/// first, then the key (a missing key answers an empty page whatever the options, a key of
/// another type is WRONGTYPE), and only then MATCH, COUNT and (HSCAN) NOVALUES.
/// </summary>
internal readonly record struct MemberScan(ulong Cursor, byte[]? Pattern, long Count, bool NoValues)
{
    public static MemberScan Parse(CommandContext ctx, ValueKind kind)
    {
        if (!TryParseCursor(ctx.Arg(2), out ulong cursor))
        {
            throw new MnemoException(RedisErrors.InvalidCursor);
        }
        byte[]? pattern = null;
        long count = 10;
        bool noValues = false;
        MnemoException? error = null;
        for (int i = 3; i < ctx.Count && error is null; i++)
        {
            bool hasValue = i + 1 < ctx.Count;
            if (hasValue && ctx.ArgIs(i, "COUNT"u8))
            {
                if (!Mnemo.Internal.Text.NumberText.TryParseInt64(ctx.Arg(++i), out count))
                {
                    error = new MnemoException(RedisErrors.NotInteger);
                }
                else if (count < 1)
                {
                    error = CommandContext.SyntaxError();
                }
            }
            else if (hasValue && ctx.ArgIs(i, "MATCH"u8))
            {
                pattern = MemberTable.ScanPattern(ctx.ArgArray(++i));
            }
            else if (ctx.ArgIs(i, "NOVALUES"u8))
            {
                if (kind == ValueKind.Hash)
                {
                    noValues = true;
                }
                else
                {
                    error = new MnemoException("ERR NOVALUES option can only be used in HSCAN");
                }
            }
            else
            {
                error = CommandContext.SyntaxError();
            }
        }
        if (error is not null)
        {
            if (ctx.Db.KeyHolds(ctx.ArgArray(1), kind))
            {
                throw error;
            }
            count = 10; // a missing key (empty page) or a WRONGTYPE one: the engine answers before the options matter
        }
        return new MemberScan(cursor, pattern, count, noValues);
    }

    /// <summary>The cursor as a bulk string (Redis sends it as text).</summary>
    public static void WriteCursor(CommandContext ctx, long cursor)
    {
        ctx.Reply.WriteArrayHeader(2);
        Span<byte> digits = stackalloc byte[20];
        unchecked((ulong)cursor).TryFormat(digits, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        ctx.Reply.WriteBulkString(digits[..written]);
    }

    /// <summary>An unsigned 64-bit decimal (Redis's string2ull: no sign, no spaces).</summary>
    private static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }
        foreach (byte b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
            ulong next = unchecked((cursor * 10) + (ulong)(b - '0'));
            if (cursor > ulong.MaxValue / 10 || next < cursor * 10)
            {
                return false;
            }
            cursor = next;
        }
        return true;
    }
}
