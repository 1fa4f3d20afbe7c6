using Mnemo.Internal.Keyspace;

namespace Mnemo.Server.Commands;

/// <summary>Whole-keyspace commands: KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB.</summary>
internal static partial class KeyCommands
{
    /// <summary>A kind no value has: SCAN TYPE with a name that is not a type (or <c>stream</c>) matches nothing, as in Redis 7.</summary>
    private const ValueKind NoKind = (ValueKind)0xF;

    private static void RegisterKeyspace(CommandTable table)
    {
        table.Add("KEYS", 2, CommandFlags.ReadOnly, 0, 0, 0, Keys);
        table.Add("SCAN", -2, CommandFlags.ReadOnly, 0, 0, 0, Scan);
        table.Add("RANDOMKEY", 1, CommandFlags.ReadOnly, 0, 0, 0, RandomKey);
        table.Add("DBSIZE", 1, Read, 0, 0, 0, ctx => ctx.Reply.WriteInteger(ctx.Db.KeyCount()));
        table.Add("FLUSHDB", -1, CommandFlags.Write, 0, 0, 0, ctx =>
        {
            ParseFlushMode(ctx);
            ctx.Db.FlushDatabase();
            ctx.Reply.WriteOk();
        });
        // FLUSHALL and SWAPDB touch other databases: inside MULTI, EXEC locks the whole store for them.
        table.Add("FLUSHALL", -1, CommandFlags.Write | CommandFlags.CrossDatabase, 0, 0, 0, ctx =>
        {
            ParseFlushMode(ctx);
            Db.FlushAll(ctx.Server.Store.Core);
            ctx.Reply.WriteOk();
        });
        table.Add("SWAPDB", 3, CommandFlags.Write | CommandFlags.Fast | CommandFlags.CrossDatabase, 0, 0, 0, SwapDb);
    }

    private static void Keys(CommandContext ctx)
    {
        var keys = ctx.Db.Keys(ctx.Arg(1));
        ctx.Reply.WriteArrayHeader(keys.Count);
        foreach (var key in keys)
        {
            ctx.Reply.WriteBulkString(key);
        }
    }

    /// <summary>SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]: options in any order, the last of each wins.</summary>
    private static void Scan(CommandContext ctx)
    {
        if (!TryParseCursor(ctx.Arg(1), out ulong cursor))
        {
            throw new MnemoException("ERR invalid cursor");
        }
        byte[]? pattern = null;
        long count = 10;
        ValueKind type = 0;
        for (int i = 2; i < ctx.Count; i++)
        {
            bool hasValue = i + 1 < ctx.Count;
            if (ctx.ArgIs(i, "COUNT"u8) && hasValue)
            {
                count = ctx.ArgInt64(++i);
                if (count < 1)
                {
                    throw CommandContext.SyntaxError();
                }
            }
            else if (ctx.ArgIs(i, "MATCH"u8) && hasValue)
            {
                pattern = ctx.ArgArray(++i);
            }
            else if (ctx.ArgIs(i, "TYPE"u8) && hasValue)
            {
                type = KindNamed(ctx, ++i);
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        var keys = new List<byte[]>();
        ulong next = ctx.Db.Scan(cursor, pattern, (int)Math.Min(count, int.MaxValue), type, keys);
        ctx.Reply.WriteArrayHeader(2);
        Span<byte> digits = stackalloc byte[20];
        next.TryFormat(digits, out int length, provider: System.Globalization.CultureInfo.InvariantCulture);
        ctx.Reply.WriteBulkString(digits[..length]);
        ctx.Reply.WriteArrayHeader(keys.Count);
        foreach (var key in keys)
        {
            ctx.Reply.WriteBulkString(key);
        }
    }

    /// <summary>
    /// The cursor as Redis 7 reads it (strtoul): optional sign then decimal digits, nothing else; a
    /// negative number wraps around, as C's strtoul makes it (such a cursor simply ends the scan).
    /// </summary>
    private static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        if (text.IsEmpty)
        {
            return true; // strtoul("") is 0 with nothing left over
        }
        bool negative = text[0] == (byte)'-';
        var digits = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (digits.IsEmpty)
        {
            return false;
        }
        foreach (byte b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
            ulong digit = (ulong)(b - '0');
            if (cursor > (ulong.MaxValue - digit) / 10)
            {
                return false; // ERANGE
            }
            cursor = (cursor * 10) + digit;
        }
        if (negative)
        {
            cursor = unchecked(0UL - cursor);
        }
        return true;
    }

    private static ValueKind KindNamed(CommandContext ctx, int index) =>
        ctx.ArgIs(index, "string"u8) ? ValueKind.StringRaw
        : ctx.ArgIs(index, "list"u8) ? ValueKind.List
        : ctx.ArgIs(index, "set"u8) ? ValueKind.Set
        : ctx.ArgIs(index, "zset"u8) ? ValueKind.SortedSet
        : ctx.ArgIs(index, "hash"u8) ? ValueKind.Hash
        : ctx.ArgIs(index, "ReJSON-RL"u8) ? ValueKind.Json
        : NoKind;

    private static void RandomKey(CommandContext ctx)
    {
        if (ctx.Db.RandomKey() is { } key)
        {
            ctx.Reply.WriteBulkString(key);
        }
        else
        {
            ctx.Reply.WriteNull();
        }
    }

    /// <summary>FLUSHDB / FLUSHALL [ASYNC|SYNC]: both modes free synchronously here (the garbage collector reclaims the memory).</summary>
    private static void ParseFlushMode(CommandContext ctx)
    {
        if (ctx.Count > 2 || (ctx.Count == 2 && !ctx.ArgIs(1, "SYNC"u8) && !ctx.ArgIs(1, "ASYNC"u8)))
        {
            throw CommandContext.SyntaxError();
        }
    }

    private static void SwapDb(CommandContext ctx)
    {
        int first = ArgInt32(ctx, 1, "ERR invalid first DB index");
        int second = ArgInt32(ctx, 2, "ERR invalid second DB index");
        Db.SwapDatabases(ctx.Server.Store.Core, first, second);
        ctx.Reply.WriteOk();
    }
}
