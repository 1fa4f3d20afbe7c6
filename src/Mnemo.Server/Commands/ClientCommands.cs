using System.Globalization;
using System.Net;
using System.Text;
using Mnemo.Internal.Text;
using Mnemo.Protocol;
using Mnemo.Server.Sessions;

namespace Mnemo.Server.Commands;

/// <summary>CLIENT ID / SETNAME / GETNAME / LIST / INFO / KILL / PAUSE / UNPAUSE / NO-EVICT / NO-TOUCH / REPLY / SETINFO / HELP.</summary>
[CommandFamily]
internal static class ClientCommands
{
    private const CommandFlags Base = CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale;
    private const CommandFlags Admin = Base | CommandFlags.Admin;

    public static void Register(CommandTable table)
    {
        const string c = "client";
        table.Add(Subcommands.Container("CLIENT", -2, CommandFlags.None,
        [
            Subcommands.Sub(c, "id", 2, Base, ctx => ctx.Reply.WriteInteger(ctx.Session.Id)),
            Subcommands.Sub(c, "setname", 3, Base, SetName),
            Subcommands.Sub(c, "getname", 2, Base, GetName),
            Subcommands.Sub(c, "list", -2, Admin, List),
            Subcommands.Sub(c, "info", 2, Base, ctx => ctx.Reply.WriteVerbatimString("txt"u8, Encoding.UTF8.GetBytes(Line(ctx.Server, ctx.Session) + "\n"))),
            Subcommands.Sub(c, "kill", -3, Admin, Kill),
            Subcommands.Sub(c, "pause", -3, Admin, Pause),
            Subcommands.Sub(c, "unpause", 2, Admin, ctx =>
            {
                ctx.Server.Runtime.Pause.Unpause();
                ctx.Reply.WriteOk();
            }),
            Subcommands.Sub(c, "no-evict", 3, Admin, ctx => ctx.Session.NoEvict = OnOff(ctx)),
            Subcommands.Sub(c, "no-touch", 3, Base, ctx => ctx.Session.NoTouch = OnOff(ctx)),
            Subcommands.Sub(c, "reply", 3, Base, Reply),
            Subcommands.Sub(c, "setinfo", 4, Base, SetInfo),
            Subcommands.Sub(c, "help", 2, CommandFlags.Loading | CommandFlags.Stale, ctx => Subcommands.Help(ctx, "CLIENT",
                "CACHING (YES|NO)", "    Not supported by Mnemo.",
                "GETNAME", "    Return the name of the current connection.",
                "ID", "    Return the ID of the current connection.",
                "INFO", "    Return information about the current client connection.",
                "KILL <ip:port>", "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]", "    Kill connections. Options are: ID <client-id>, ADDR <ip:port>, LADDR <ip:port>,",
                "    TYPE (NORMAL|MASTER|REPLICA|PUBSUB), USER <username>, SKIPME (YES|NO), MAXAGE <maxage>.",
                "LIST [options ...]", "    Return information about client connections. Options: TYPE (NORMAL|MASTER|REPLICA|PUBSUB), ID id [id ...].",
                "UNPAUSE", "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]", "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)", "    Control the replies sent to the current connection.",
                "SETNAME <name>", "    Assign the name <name> to the current connection.",
                "SETINFO <option> <value>", "    Set client meta attr. Options are: LIB-NAME, LIB-VER.",
                "NO-EVICT (ON|OFF)", "    Protect current client connection from eviction.",
                "NO-TOUCH (ON|OFF)", "    Will not touch LRU/LFU stats when this mode is on.")),
        ]));
    }

    private static void SetName(CommandContext ctx)
    {
        string name = ClientCommandsText.ValidateName(ctx.ArgString(2));
        ctx.Session.Name = name.Length == 0 ? null : name;
        ctx.Reply.WriteOk();
    }

    private static void GetName(CommandContext ctx)
    {
        if (ctx.Session.Name is null)
        {
            ctx.Reply.WriteNull();
        }
        else
        {
            ctx.Reply.WriteBulkString(ctx.Session.Name);
        }
    }

    private static bool OnOff(CommandContext ctx)
    {
        bool on = ctx.ArgIs(2, "ON"u8);
        if (!on && !ctx.ArgIs(2, "OFF"u8))
        {
            throw CommandContext.SyntaxError();
        }
        ctx.Reply.WriteOk();
        return on;
    }

    /// <summary>CLIENT REPLY ON|OFF|SKIP: OFF and SKIP send no reply; the connection loop drops replies while they apply.</summary>
    private static void Reply(CommandContext ctx)
    {
        var session = ctx.Session;
        if (ctx.ArgIs(2, "ON"u8))
        {
            session.ReplyMode = ReplyMode.On;
            if (session.Output is not null)
            {
                ctx.Reply.Output = session.Output;
            }
            ctx.Reply.WriteOk();
        }
        else if (ctx.ArgIs(2, "OFF"u8))
        {
            session.ReplyMode = ReplyMode.Off;
        }
        else if (ctx.ArgIs(2, "SKIP"u8))
        {
            if (session.ReplyMode != ReplyMode.Off)
            {
                session.ReplyMode = ReplyMode.SkipNext;
            }
        }
        else
        {
            throw CommandContext.SyntaxError();
        }
    }

    private static void SetInfo(CommandContext ctx)
    {
        string attribute = ctx.ArgString(2);
        bool name = attribute.Equals("lib-name", StringComparison.OrdinalIgnoreCase);
        if (!name && !attribute.Equals("lib-ver", StringComparison.OrdinalIgnoreCase))
        {
            throw new MnemoException($"ERR Unrecognized option '{attribute}'");
        }
        string value = ctx.ArgString(3);
        if (value.Any(ch => ch < '!' || ch > '~'))
        {
            throw new MnemoException($"ERR {attribute} cannot contain spaces, newlines or special characters.");
        }
        if (name)
        {
            ctx.Session.LibraryName = value.Length == 0 ? null : value;
        }
        else
        {
            ctx.Session.LibraryVersion = value.Length == 0 ? null : value;
        }
        ctx.Reply.WriteOk();
    }

    private static void Pause(CommandContext ctx)
    {
        long ms = ctx.ArgInt64(2, "ERR timeout is not an integer or out of range");
        if (ms < 0)
        {
            throw new MnemoException("ERR timeout is negative");
        }
        bool all = true;
        if (ctx.Count == 4)
        {
            if (ctx.ArgIs(3, "WRITE"u8))
            {
                all = false;
            }
            else if (!ctx.ArgIs(3, "ALL"u8))
            {
                throw CommandContext.SyntaxError();
            }
        }
        else if (ctx.Count > 4)
        {
            throw CommandContext.SyntaxError();
        }
        ctx.Server.Runtime.Pause.Pause(ms, all);
        ctx.Reply.WriteOk();
    }

    /// <summary>CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id...].</summary>
    private static void List(CommandContext ctx)
    {
        IEnumerable<ClientSession> clients = ctx.Server.Clients.All;
        if (ctx.Count > 2)
        {
            if (ctx.ArgIs(2, "TYPE"u8) && ctx.Count == 4)
            {
                string type = ctx.ArgString(3).ToLowerInvariant();
                clients = type switch
                {
                    "normal" => clients.Where(s => s.SubscriptionCount == 0),
                    "pubsub" => clients.Where(s => s.SubscriptionCount > 0),
                    "master" or "replica" or "slave" => [], // no replication
                    _ => throw new MnemoException($"ERR Unknown client type '{ctx.ArgString(3)}'"),
                };
            }
            else if (ctx.ArgIs(2, "ID"u8) && ctx.Count > 3)
            {
                var ids = new HashSet<long>();
                for (int i = 3; i < ctx.Count; i++)
                {
                    if (!NumberText.TryParseInt64(ctx.Arg(i), out long id) || id < 1)
                    {
                        throw new MnemoException("ERR Invalid client ID");
                    }
                    ids.Add(id);
                }
                clients = clients.Where(s => ids.Contains(s.Id));
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        var text = new StringBuilder();
        foreach (var session in clients)
        {
            text.Append(Line(ctx.Server, session)).Append('\n');
        }
        ctx.Reply.WriteVerbatimString("txt"u8, Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>CLIENT KILL ip:port (old form: +OK or an error) or CLIENT KILL filter value... (the number killed).</summary>
    private static void Kill(CommandContext ctx)
    {
        var me = ctx.Session;
        if (ctx.Count == 3)
        {
            string address = ctx.ArgString(2);
            var target = ctx.Server.Clients.All.FirstOrDefault(s => Address(s.RemoteEndPoint) == address && !(s.Closing && s != me))
                ?? throw new MnemoException("ERR No such client");
            Close(target, me);
            ctx.Reply.WriteOk();
            return;
        }
        if (ctx.Count % 2 != 0)
        {
            throw CommandContext.SyntaxError();
        }
        long? id = null;
        string? addr = null, laddr = null, type = null, user = null;
        long maxAge = 0;
        bool skipMe = true;
        for (int i = 2; i < ctx.Count; i += 2)
        {
            if (ctx.ArgIs(i, "ID"u8))
            {
                if (!NumberText.TryParseInt64(ctx.Arg(i + 1), out long value) || value < 1)
                {
                    throw new MnemoException("ERR client-id should be greater than 0");
                }
                id = value;
            }
            else if (ctx.ArgIs(i, "ADDR"u8))
            {
                addr = ctx.ArgString(i + 1);
            }
            else if (ctx.ArgIs(i, "LADDR"u8))
            {
                laddr = ctx.ArgString(i + 1);
            }
            else if (ctx.ArgIs(i, "TYPE"u8))
            {
                type = ctx.ArgString(i + 1).ToLowerInvariant();
                if (type is not ("normal" or "master" or "replica" or "slave" or "pubsub"))
                {
                    throw new MnemoException($"ERR Unknown client type '{ctx.ArgString(i + 1)}'");
                }
            }
            else if (ctx.ArgIs(i, "USER"u8))
            {
                user = ctx.ArgString(i + 1);
                if (user != "default")
                {
                    throw new MnemoException($"ERR No such user '{user}'");
                }
            }
            else if (ctx.ArgIs(i, "SKIPME"u8))
            {
                if (ctx.ArgIs(i + 1, "YES"u8))
                {
                    skipMe = true;
                }
                else if (ctx.ArgIs(i + 1, "NO"u8))
                {
                    skipMe = false;
                }
                else
                {
                    throw CommandContext.SyntaxError();
                }
            }
            else if (ctx.ArgIs(i, "MAXAGE"u8))
            {
                maxAge = ctx.ArgInt64(i + 1);
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        var now = DateTimeOffset.UtcNow;
        var victims = ctx.Server.Clients.All.Where(s =>
            (id is null || s.Id == id)
            && (addr is null || Address(s.RemoteEndPoint) == addr)
            && (laddr is null || Address(s.LocalEndPoint) == laddr)
            && (type is null || type switch
            {
                "normal" => s.SubscriptionCount == 0,
                "pubsub" => s.SubscriptionCount > 0,
                _ => false, // no replication: no master or replica clients
            })
            && (maxAge <= 0 || (now - s.ConnectedAt).TotalSeconds >= maxAge)
            && !(skipMe && s == me)
            && !(s.Closing && s != me)).ToList(); // already being closed: not killed twice
        foreach (var victim in victims)
        {
            Close(victim, me);
        }
        ctx.Reply.WriteInteger(victims.Count);
    }

    /// <summary>Closes a client: the caller itself after its reply, any other at once.</summary>
    private static void Close(ClientSession target, ClientSession me)
    {
        if (target == me)
        {
            target.CloseAfterReply();
        }
        else
        {
            target.Kill();
        }
    }

    /// <summary>ip:port as Redis prints it (IPv4-mapped IPv6 addresses as plain IPv4).</summary>
    public static string Address(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip => (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address) + ":" + ip.Port.ToString(CultureInfo.InvariantCulture),
        null => "",
        _ => endPoint.ToString() ?? "",
    };

    /// <summary>One CLIENT LIST / CLIENT INFO line, in Redis 7.2's field order.</summary>
    public static string Line(MnemoServer server, ClientSession s)
    {
        var now = DateTimeOffset.UtcNow;
        var inv = CultureInfo.InvariantCulture;
        var flags = new StringBuilder();
        if (s.IsMonitor)
        {
            flags.Append('O');
        }
        if (s.SubscriptionCount > 0)
        {
            flags.Append('P');
        }
        if (s.Transaction.InMulti)
        {
            flags.Append('x');
        }
        if (s.Blocked)
        {
            flags.Append('b');
        }
        if (s.Closing)
        {
            flags.Append('c');
        }
        if (s.NoEvict)
        {
            flags.Append('e');
        }
        if (s.NoTouch)
        {
            flags.Append('T');
        }
        if (flags.Length == 0)
        {
            flags.Append('N');
        }
        int multi = s.Transaction.InMulti ? s.Transaction.Queue.Count : -1;
        return string.Create(inv,
            $"id={s.Id} addr={Address(s.RemoteEndPoint)} laddr={Address(s.LocalEndPoint)} fd={s.Fd} name={s.Name} " +
            $"age={(long)(now - s.ConnectedAt).TotalSeconds} idle={(long)(now - s.LastInteraction).TotalSeconds} flags={flags} " +
            $"db={s.Database} sub={s.Channels.Count} psub={s.Patterns.Count} ssub=0 multi={multi} qbuf=0 qbuf-free=0 argv-mem=0 " +
            $"multi-mem=0 rbs=0 rbp=0 obl=0 oll={s.Outbox.Count} omem=0 tot-mem=0 events=r cmd={s.LastCommand} user=default " +
            $"redir=-1 resp={(s.Protocol == RespVersion.Resp3 ? 3 : 2)} lib-name={s.LibraryName} lib-ver={s.LibraryVersion}");
    }
}
