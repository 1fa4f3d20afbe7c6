using Mnemo.Internal.Keyspace;

namespace Mnemo.Server.Commands;

/// <summary>
/// Generic key commands: DEL, UNLINK, EXISTS, TYPE, TOUCH, RENAME, RENAMENX, COPY, and the
/// whole-keyspace ones (KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB) in
/// <c>KeyCommands.Keyspace.cs</c>.
/// </summary>
[CommandFamily]
internal static partial class KeyCommands
{
    private const CommandFlags Read = CommandFlags.ReadOnly | CommandFlags.Fast;

    public static void Register(CommandTable table)
    {
        table.Add("DEL", -2, CommandFlags.Write, 1, -1, 1, Delete);
        table.Add("UNLINK", -2, CommandFlags.Write | CommandFlags.Fast, 1, -1, 1, Delete);
        table.Add("EXISTS", -2, Read, 1, -1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.Exists(ctx.ArgArrays(1))));
        table.Add("TYPE", 2, Read, 1, 1, 1, ctx => ctx.Reply.WriteSimpleString(Db.TypeName(ctx.Db.KeyType(ctx.Arg(1)))));
        table.Add("TOUCH", -2, Read, 1, -1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.Touch(ctx.ArgArrays(1))));
        table.Add("RENAME", 3, CommandFlags.Write, 1, 2, 1, ctx =>
        {
            ctx.Db.Rename(ctx.Arg(1), ctx.Arg(2), onlyIfNew: false);
            ctx.Reply.WriteOk();
        });
        table.Add("RENAMENX", 3, CommandFlags.Write | CommandFlags.Fast, 1, 2, 1,
            ctx => ctx.Reply.WriteInteger(ctx.Db.Rename(ctx.Arg(1), ctx.Arg(2), onlyIfNew: true) ? 1 : 0));
        // COPY ... DB n writes another database: EXEC must lock every database for it.
        table.Add("COPY", -3, CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.CrossDatabase, 1, 2, 1, Copy);
        RegisterKeyspace(table);
    }

    private static void Delete(CommandContext ctx)
    {
        if (ctx.Count == 2)
        {
            ctx.Reply.WriteInteger(ctx.Db.Delete(ctx.Arg(1)) ? 1 : 0);
            return;
        }
        ctx.Reply.WriteInteger(ctx.Db.Delete(ctx.ArgArrays(1)));
    }

    /// <summary>COPY source destination [DB destination-db] [REPLACE], options parsed left to right as Redis does.</summary>
    private static void Copy(CommandContext ctx)
    {
        var target = ctx.Db;
        bool replace = false;
        for (int i = 3; i < ctx.Count; i++)
        {
            if (ctx.ArgIs(i, "REPLACE"u8))
            {
                replace = true;
            }
            else if (ctx.ArgIs(i, "DB"u8) && i + 1 < ctx.Count)
            {
                target = ctx.Server.Store.Core.Database(ArgInt32(ctx, i + 1));
                i++;
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        ctx.Reply.WriteInteger(ctx.Db.Copy(ctx.Arg(1), target, ctx.Arg(2), replace) ? 1 : 0);
    }

    /// <summary>An argument as a C int (Redis's getIntFromObjectOrReply), or the given error.</summary>
    private static int ArgInt32(CommandContext ctx, int index, string error = RedisErrors.NotInteger)
    {
        long value = ctx.ArgInt64(index, error);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new MnemoException(error);
    }
}
