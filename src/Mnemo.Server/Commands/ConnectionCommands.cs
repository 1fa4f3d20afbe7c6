using Mnemo.Protocol;
using Mnemo.Server.Sessions;

namespace Mnemo.Server.Commands;

/// <summary>PING, ECHO, SELECT, QUIT, AUTH, HELLO, RESET.</summary>
[CommandFamily]
internal static class ConnectionCommands
{
    private const CommandFlags Conn = CommandFlags.Fast | CommandFlags.Loading | CommandFlags.Stale;

    public static void Register(CommandTable table)
    {
        table.Add("PING", -1, Conn, 0, 0, 0, Ping);
        table.Add("ECHO", 2, Conn, 0, 0, 0, Echo);
        table.Add("SELECT", 2, Conn | CommandFlags.CrossDatabase, 0, 0, 0, Select);
        table.Add("QUIT", -1, Conn | CommandFlags.NoAuth | CommandFlags.NoMulti, 0, 0, 0, Quit);
        table.Add("AUTH", -2, Conn | CommandFlags.NoAuth | CommandFlags.NoScript, 0, 0, 0, Auth);
        table.Add("HELLO", -1, Conn | CommandFlags.NoAuth | CommandFlags.NoScript, 0, 0, 0, Hello);
        table.Add("RESET", 1, Conn | CommandFlags.NoAuth | CommandFlags.NoMulti | CommandFlags.NoScript, 0, 0, 0, Reset);
    }

    private static void Ping(CommandContext ctx)
    {
        if (ctx.Count > 2)
        {
            throw new MnemoException("ERR wrong number of arguments for 'ping' command");
        }
        if (ctx.Session.SubscriptionCount > 0 && ctx.Session.Protocol == RespVersion.Resp2)
        {
            // a subscribed RESP2 client gets PING's answer in the shape of a pub/sub message
            ctx.Reply.WriteArrayHeader(2);
            ctx.Reply.WriteBulkString("pong"u8);
            ctx.Reply.WriteBulkString(ctx.Count == 2 ? ctx.Arg(1) : default);
        }
        else if (ctx.Count == 1)
        {
            ctx.Reply.WritePong();
        }
        else
        {
            ctx.Reply.WriteBulkString(ctx.Arg(1));
        }
    }

    private static void Echo(CommandContext ctx) => ctx.Reply.WriteBulkString(ctx.Arg(1));

    private static void Select(CommandContext ctx)
    {
        long index = ctx.ArgInt64(1);
        if (index < 0 || index >= ctx.Server.Store.DatabaseCount)
        {
            throw new MnemoException(RedisErrors.DbIndexOutOfRange);
        }
        ctx.Session.Database = (int)index;
        ctx.Reply.WriteOk();
    }

    private static void Quit(CommandContext ctx)
    {
        ctx.Reply.WriteOk();
        ctx.Session.CloseAfterReply();
    }

    private static void Auth(CommandContext ctx)
    {
        if (ctx.Count > 3)
        {
            throw new MnemoException(RedisErrors.Syntax);
        }
        string? user = ctx.Count == 3 ? ctx.ArgString(1) : null;
        string password = ctx.ArgString(ctx.Count - 1);
        if (ctx.Server.Options.RequirePassword is null && user is null)
        {
            throw new MnemoException("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
        }
        Authenticate(ctx, user, password);
        ctx.Reply.WriteOk();
    }

    private static void Authenticate(CommandContext ctx, string? user, string password)
    {
        string? required = ctx.Server.Options.RequirePassword;
        bool ok = (user is null || user == "default") && (required is null || FixedTimeEquals(required, password));
        if (!ok)
        {
            throw new MnemoException("WRONGPASS invalid username-password pair or user is disabled.");
        }
        ctx.Session.Authenticated = true;
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(actual));

    private static void Hello(CommandContext ctx)
    {
        var version = ctx.Session.Protocol;
        int next = 1;
        if (ctx.Count >= 2)
        {
            long requested;
            if (!Internal.Text.NumberText.TryParseInt64(ctx.Arg(1), out requested))
            {
                throw new MnemoException("ERR Protocol version is not an integer or out of range");
            }
            if (requested is not (2 or 3))
            {
                throw new MnemoException("NOPROTO unsupported protocol version");
            }
            version = requested == 3 ? RespVersion.Resp3 : RespVersion.Resp2;
            next = 2;
        }
        string? name = null;
        for (int i = next; i < ctx.Count; i++)
        {
            if (ctx.ArgIs(i, "AUTH"u8) && i + 2 < ctx.Count)
            {
                Authenticate(ctx, ctx.ArgString(i + 1), ctx.ArgString(i + 2));
                i += 2;
            }
            else if (ctx.ArgIs(i, "SETNAME"u8) && i + 1 < ctx.Count)
            {
                name = ClientCommandsText.ValidateName(ctx.ArgString(i + 1));
                i++;
            }
            else
            {
                throw new MnemoException($"ERR Syntax error in HELLO option '{ctx.ArgString(i)}'");
            }
        }
        if (!ctx.Session.Authenticated)
        {
            throw new MnemoException("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
        }
        if (name is not null)
        {
            ctx.Session.Name = name.Length == 0 ? null : name;
        }
        ctx.Session.Protocol = version;
        ctx.Reply.Version = version;
        var reply = ctx.Reply;
        reply.WriteMapHeader(7);
        reply.WriteBulkString("server");
        reply.WriteBulkString("redis");
        reply.WriteBulkString("version");
        reply.WriteBulkString(ServerInfo.CompatibleRedisVersion);
        reply.WriteBulkString("proto");
        reply.WriteInteger(version == RespVersion.Resp3 ? 3 : 2);
        reply.WriteBulkString("id");
        reply.WriteInteger(ctx.Session.Id);
        reply.WriteBulkString("mode");
        reply.WriteBulkString("standalone");
        reply.WriteBulkString("role");
        reply.WriteBulkString("master");
        reply.WriteBulkString("modules");
        reply.WriteArrayHeader(0);
    }

    private static void Reset(CommandContext ctx)
    {
        var session = ctx.Session;
        TransactionCommands.Unwatch(ctx.Server, session);
        session.Transaction.ClearQueue();
        session.Database = 0;
        session.Protocol = RespVersion.Resp2;
        ctx.Reply.Version = RespVersion.Resp2;
        session.Name = null;
        session.Authenticated = ctx.Server.Options.RequirePassword is null;
        // pub/sub, MONITOR and CLIENT modes (REPLY, NO-EVICT, NO-TOUCH) end too
        ctx.Server.Runtime.PubSub.UnsubscribeAll(session);
        ctx.Server.Runtime.RemoveMonitor(session);
        session.ReplyMode = ReplyMode.On;
        session.NoEvict = false;
        session.NoTouch = false;
        ctx.Reply.WriteSimpleString("RESET"u8);
    }
}

/// <summary>Validation shared by CLIENT SETNAME and HELLO SETNAME.</summary>
internal static class ClientCommandsText
{
    public static string ValidateName(string name)
    {
        foreach (char c in name)
        {
            if (c < '!' || c > '~')
            {
                throw new MnemoException("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return name;
    }
}

/// <summary>Fixed facts the server reports about itself.</summary>
internal static class ServerInfo
{
    /// <summary>The Redis version whose behaviour Mnemo follows; clients use it to pick features.</summary>
    public const string CompatibleRedisVersion = "7.2.0";
}
