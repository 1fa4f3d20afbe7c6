using Mnemo.Internal.Keyspace;

namespace Mnemo.Server.Commands;

/// <summary>Expiry commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (NX XX GT LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST.</summary>
[CommandFamily]
internal static class ExpiryCommands
{
    private const CommandFlags Read = CommandFlags.ReadOnly | CommandFlags.Fast;
    private const CommandFlags Write = CommandFlags.Write | CommandFlags.Fast;

    public static void Register(CommandTable table)
    {
        table.Add("EXPIRE", -3, Write, 1, 1, 1, ctx => Expire(ctx, milliseconds: false, absolute: false, "expire"));
        table.Add("PEXPIRE", -3, Write, 1, 1, 1, ctx => Expire(ctx, milliseconds: true, absolute: false, "pexpire"));
        table.Add("EXPIREAT", -3, Write, 1, 1, 1, ctx => Expire(ctx, milliseconds: false, absolute: true, "expireat"));
        table.Add("PEXPIREAT", -3, Write, 1, 1, 1, ctx => Expire(ctx, milliseconds: true, absolute: true, "pexpireat"));
        table.Add("TTL", 2, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.TimeToLive(ctx.Arg(1), milliseconds: false)));
        table.Add("PTTL", 2, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.TimeToLive(ctx.Arg(1), milliseconds: true)));
        table.Add("EXPIRETIME", 2, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.ExpireTime(ctx.Arg(1), milliseconds: false)));
        table.Add("PEXPIRETIME", 2, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.ExpireTime(ctx.Arg(1), milliseconds: true)));
        table.Add("PERSIST", 2, Write, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.Persist(ctx.Arg(1)) ? 1 : 0));
    }

    /// <summary>
    /// The EXPIRE family, checked in Redis's order: the options first (<c>ERR Unsupported option x</c>,
    /// then the NX/XX/GT/LT conflicts), then the time (not an integer; overflow), then the key.
    /// </summary>
    private static void Expire(CommandContext ctx, bool milliseconds, bool absolute, string command)
    {
        var flags = ExpireFlags.None;
        for (int i = 3; i < ctx.Count; i++)
        {
            flags |= ctx.ArgIs(i, "NX"u8) ? ExpireFlags.IfNoExpiry
                : ctx.ArgIs(i, "XX"u8) ? ExpireFlags.IfHasExpiry
                : ctx.ArgIs(i, "GT"u8) ? ExpireFlags.IfGreater
                : ctx.ArgIs(i, "LT"u8) ? ExpireFlags.IfLess
                : throw new MnemoException("ERR Unsupported option " + ctx.ArgString(i));
        }
        if ((flags & ExpireFlags.IfNoExpiry) != 0 && flags != ExpireFlags.IfNoExpiry)
        {
            throw new MnemoException(RedisErrors.ExpireOptionsIncompatible);
        }
        if ((flags & (ExpireFlags.IfGreater | ExpireFlags.IfLess)) == (ExpireFlags.IfGreater | ExpireFlags.IfLess))
        {
            throw new MnemoException(RedisErrors.ExpireGtLt);
        }
        long when = ctx.ArgInt64(2);
        ctx.Reply.WriteInteger(ctx.Db.Expire(ctx.Arg(1), when, milliseconds, absolute, flags, command) ? 1 : 0);
    }
}
