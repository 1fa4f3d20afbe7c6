using Mnemo.Server.PubSub;

namespace Mnemo.Server.Commands;

/// <summary>SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, PUBSUB CHANNELS / NUMSUB / NUMPAT / HELP.</summary>
[CommandFamily]
internal static class PubSubCommands
{
    private const CommandFlags Sub = CommandFlags.PubSub | CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale;
    private const CommandFlags Info = CommandFlags.PubSub | CommandFlags.Loading | CommandFlags.Stale;

    public static void Register(CommandTable table)
    {
        table.Add("SUBSCRIBE", -2, Sub, 0, 0, 0, ctx => Subscribe(ctx, pattern: false));
        table.Add("PSUBSCRIBE", -2, Sub, 0, 0, 0, ctx => Subscribe(ctx, pattern: true));
        table.Add("UNSUBSCRIBE", -1, Sub, 0, 0, 0, ctx => Unsubscribe(ctx, pattern: false));
        table.Add("PUNSUBSCRIBE", -1, Sub, 0, 0, 0, ctx => Unsubscribe(ctx, pattern: true));
        table.Add("PUBLISH", 3, Info | CommandFlags.Fast, 0, 0, 0, ctx =>
            ctx.Reply.WriteInteger(ctx.Server.Runtime.PubSub.Publish(ctx.Arg(1), ctx.Arg(2))));
        const string p = "pubsub";
        table.Add(Subcommands.Container("PUBSUB", -2, CommandFlags.None,
        [
            Subcommands.Sub(p, "channels", -2, Info, Channels),
            Subcommands.Sub(p, "numsub", -2, Info, NumSub),
            Subcommands.Sub(p, "numpat", 2, Info, ctx => ctx.Reply.WriteInteger(ctx.Server.Runtime.PubSub.PatternCount)),
            Subcommands.Sub(p, "help", 2, CommandFlags.Loading | CommandFlags.Stale, ctx => Subcommands.Help(ctx, "PUBSUB",
                "CHANNELS [<pattern>]", "    Return the currently active channels matching a <pattern> (default: '*').",
                "NUMPAT", "    Return number of subscriptions to patterns.",
                "NUMSUB [<channel> ...]", "    Return the number of subscribers for the specified channels, excluding",
                "    pattern subscriptions(default: no channels).")),
        ]));
    }

    /// <summary>One confirmation per channel: [subscribe|psubscribe, name, subscriptions of this client].</summary>
    private static void Subscribe(CommandContext ctx, bool pattern)
    {
        var hub = ctx.Server.Runtime.PubSub;
        var kind = pattern ? "psubscribe"u8 : "subscribe"u8;
        for (int i = 1; i < ctx.Count; i++)
        {
            hub.Subscribe(ctx.Session, PubSubHub.Name(ctx.Arg(i)), pattern);
            ctx.Reply.WritePushHeader(3);
            ctx.Reply.WriteBulkString(kind);
            ctx.Reply.WriteBulkString(ctx.Arg(i));
            ctx.Reply.WriteInteger(ctx.Session.SubscriptionCount);
        }
    }

    /// <summary>
    /// One confirmation per name (all the client's channels or patterns when none are given; a
    /// single confirmation with a null name when it has none).
    /// </summary>
    private static void Unsubscribe(CommandContext ctx, bool pattern)
    {
        var hub = ctx.Server.Runtime.PubSub;
        var session = ctx.Session;
        var kind = pattern ? "punsubscribe"u8 : "unsubscribe"u8;
        List<string> names;
        if (ctx.Count > 1)
        {
            names = [];
            for (int i = 1; i < ctx.Count; i++)
            {
                names.Add(PubSubHub.Name(ctx.Arg(i)));
            }
        }
        else
        {
            names = [.. pattern ? session.Patterns : session.Channels];
            if (names.Count == 0)
            {
                ctx.Reply.WritePushHeader(3);
                ctx.Reply.WriteBulkString(kind);
                ctx.Reply.WriteNull();
                ctx.Reply.WriteInteger(session.SubscriptionCount);
                return;
            }
        }
        foreach (var name in names)
        {
            hub.Unsubscribe(session, name, pattern);
            ctx.Reply.WritePushHeader(3);
            ctx.Reply.WriteBulkString(kind);
            ctx.Reply.WriteBulkString(PubSubHub.Bytes(name));
            ctx.Reply.WriteInteger(session.SubscriptionCount);
        }
    }

    private static void Channels(CommandContext ctx)
    {
        if (ctx.Count > 3)
        {
            throw new MnemoException("ERR wrong number of arguments for 'pubsub|channels' command");
        }
        var channels = ctx.Server.Runtime.PubSub.Channels(ctx.Count == 3 ? ctx.Arg(2) : default, filter: ctx.Count == 3);
        ctx.Reply.WriteArrayHeader(channels.Count);
        foreach (var channel in channels)
        {
            ctx.Reply.WriteBulkString(PubSubHub.Bytes(channel));
        }
    }

    private static void NumSub(CommandContext ctx)
    {
        var hub = ctx.Server.Runtime.PubSub;
        ctx.Reply.WriteArrayHeader((ctx.Count - 2) * 2);
        for (int i = 2; i < ctx.Count; i++)
        {
            ctx.Reply.WriteBulkString(ctx.Arg(i));
            ctx.Reply.WriteInteger(hub.SubscriberCount(PubSubHub.Name(ctx.Arg(i))));
        }
    }
}
