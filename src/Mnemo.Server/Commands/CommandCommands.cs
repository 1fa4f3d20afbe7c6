using System.Text;
using Mnemo.Internal.Text;

namespace Mnemo.Server.Commands;

/// <summary>COMMAND [COUNT | DOCS | GETKEYS | INFO | LIST | HELP]: the command table as Redis 7 describes it.</summary>
[CommandFamily]
internal static class CommandCommands
{
    private const CommandFlags Flags = CommandFlags.Loading | CommandFlags.Stale;

    public static void Register(CommandTable table)
    {
        const string c = "command";
        table.Add(Subcommands.Container("COMMAND", -1, Flags,
        [
            Subcommands.Sub(c, "count", 2, Flags, ctx => ctx.Reply.WriteInteger(ctx.Server.Commands.Count)),
            Subcommands.Sub(c, "docs", -2, Flags, Docs),
            Subcommands.Sub(c, "getkeys", -3, Flags, GetKeys),
            Subcommands.Sub(c, "info", -2, Flags, Info),
            Subcommands.Sub(c, "list", -2, Flags, List),
            Subcommands.Sub(c, "help", 2, Flags, ctx => Subcommands.Help(ctx, "COMMAND",
                "(no subcommand)", "    Return details about all Redis commands.",
                "COUNT", "    Return the total number of commands in this Redis server.",
                "LIST", "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]", "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]", "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>", "    Return the keys from a full Redis command.")),
        ], bare: ctx => WriteAll(ctx)));
    }

    private static IEnumerable<CommandSpec> Sorted(CommandContext ctx) => ctx.Server.Commands.All.OrderBy(s => s.LowerName, StringComparer.Ordinal);

    private static void WriteAll(CommandContext ctx)
    {
        var all = Sorted(ctx).ToList();
        ctx.Reply.WriteArrayHeader(all.Count);
        foreach (var spec in all)
        {
            WriteInfo(ctx, spec);
        }
    }

    private static void Info(CommandContext ctx)
    {
        if (ctx.Count == 2)
        {
            WriteAll(ctx);
            return;
        }
        ctx.Reply.WriteArrayHeader(ctx.Count - 2);
        for (int i = 2; i < ctx.Count; i++)
        {
            if (Lookup(ctx, ctx.ArgString(i)) is { } spec)
            {
                WriteInfo(ctx, spec);
            }
            else
            {
                ctx.Reply.WriteNullArray();
            }
        }
    }

    /// <summary>A command by name, or a subcommand as <c>container|sub</c>.</summary>
    private static CommandSpec? Lookup(CommandContext ctx, string name)
    {
        int bar = name.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            return ctx.Server.Commands.Find(name);
        }
        var container = ctx.Server.Commands.Find(name[..bar]);
        return container is null ? null : Subcommands.Find(container, Encoding.UTF8.GetBytes(name[(bar + 1)..]));
    }

    /// <summary>The ten fields of COMMAND INFO: name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands.</summary>
    private static void WriteInfo(CommandContext ctx, CommandSpec spec)
    {
        var reply = ctx.Reply;
        reply.WriteArrayHeader(10);
        reply.WriteBulkString(spec.LowerName);
        reply.WriteInteger(spec.Arity);
        var flags = FlagNames(spec.Flags);
        reply.WriteSetHeader(flags.Count);
        foreach (var flag in flags)
        {
            reply.WriteSimpleString(flag);
        }
        reply.WriteInteger(spec.FirstKey);
        reply.WriteInteger(spec.LastKey);
        reply.WriteInteger(spec.Step);
        var categories = Categories(spec);
        reply.WriteSetHeader(categories.Count);
        foreach (var category in categories)
        {
            reply.WriteSimpleString(category);
        }
        reply.WriteSetHeader(0); // tips
        if (spec.FirstKey > 0)
        {
            WriteKeySpec(ctx, spec);
        }
        else
        {
            reply.WriteArrayHeader(0);
        }
        reply.WriteArrayHeader(spec.Subcommands.Count);
        foreach (var sub in spec.Subcommands)
        {
            WriteInfo(ctx, sub);
        }
    }

    /// <summary>One key specification from the legacy first/last/step triple: index search, range find.</summary>
    private static void WriteKeySpec(CommandContext ctx, CommandSpec spec)
    {
        var reply = ctx.Reply;
        reply.WriteArrayHeader(1);
        reply.WriteMapHeader(3);
        reply.WriteBulkString("flags");
        string[] flags = (spec.Flags & CommandFlags.Write) != 0 ? ["RW", "UPDATE"] : ["RO", "ACCESS"];
        reply.WriteSetHeader(flags.Length);
        foreach (var flag in flags)
        {
            reply.WriteSimpleString(flag);
        }
        reply.WriteBulkString("begin_search");
        reply.WriteMapHeader(2);
        reply.WriteBulkString("type");
        reply.WriteBulkString("index");
        reply.WriteBulkString("spec");
        reply.WriteMapHeader(1);
        reply.WriteBulkString("index");
        reply.WriteInteger(spec.FirstKey);
        reply.WriteBulkString("find_keys");
        reply.WriteMapHeader(2);
        reply.WriteBulkString("type");
        reply.WriteBulkString("range");
        reply.WriteBulkString("spec");
        reply.WriteMapHeader(3);
        reply.WriteBulkString("lastkey");
        reply.WriteInteger(spec.LastKey >= 0 ? spec.LastKey - spec.FirstKey : spec.LastKey);
        reply.WriteBulkString("keystep");
        reply.WriteInteger(spec.Step);
        reply.WriteBulkString("limit");
        reply.WriteInteger(0);
    }

    public static List<string> FlagNames(CommandFlags flags)
    {
        var names = new List<string>();
        void Add(CommandFlags flag, string name)
        {
            if ((flags & flag) != 0)
            {
                names.Add(name);
            }
        }
        Add(CommandFlags.Write, "write");
        Add(CommandFlags.ReadOnly, "readonly");
        Add(CommandFlags.DenyOom, "denyoom");
        Add(CommandFlags.Admin, "admin");
        Add(CommandFlags.PubSub, "pubsub");
        Add(CommandFlags.NoScript, "noscript");
        Add(CommandFlags.Blocking, "blocking");
        Add(CommandFlags.Loading, "loading");
        Add(CommandFlags.Stale, "stale");
        Add(CommandFlags.Fast, "fast");
        Add(CommandFlags.NoAuth, "no_auth");
        return names;
    }

    /// <summary>ACL categories as Redis derives them from the flags and the group.</summary>
    public static List<string> Categories(CommandSpec spec)
    {
        var flags = spec.Flags;
        var categories = new List<string>();
        string group = CommandDocs.For(spec).Group;
        string? groupCategory = group switch
        {
            "generic" => "@keyspace",
            "string" => "@string",
            "bitmap" => "@bitmap",
            "list" => "@list",
            "set" => "@set",
            "hash" => "@hash",
            "sorted_set" => "@sortedset",
            "connection" => "@connection",
            "transactions" => "@transaction",
            "pubsub" => "@pubsub",
            _ => null,
        };
        if (groupCategory is not null)
        {
            categories.Add(groupCategory);
        }
        if ((flags & CommandFlags.Write) != 0)
        {
            categories.Add("@write");
        }
        if ((flags & CommandFlags.ReadOnly) != 0)
        {
            categories.Add("@read");
        }
        if ((flags & CommandFlags.Admin) != 0)
        {
            categories.Add("@admin");
            categories.Add("@dangerous");
        }
        if ((flags & CommandFlags.PubSub) != 0)
        {
            categories.Add("@pubsub");
        }
        categories.Add((flags & CommandFlags.Fast) != 0 ? "@fast" : "@slow");
        if ((flags & CommandFlags.Blocking) != 0)
        {
            categories.Add("@blocking");
        }
        // Redis lists them in the order of its ACL category table
        return [.. categories.Distinct().OrderBy(c => Array.IndexOf(CategoryOrder, c))];
    }

    private static readonly string[] CategoryOrder =
    [
        "@keyspace", "@read", "@write", "@set", "@sortedset", "@list", "@hash", "@string", "@bitmap", "@hyperloglog",
        "@geo", "@stream", "@pubsub", "@admin", "@fast", "@slow", "@blocking", "@dangerous", "@connection", "@transaction", "@scripting",
    ];

    /// <summary>COMMAND DOCS [name...]: a map of name to {summary, since, group[, subcommands]}.</summary>
    private static void Docs(CommandContext ctx)
    {
        var specs = new List<CommandSpec>();
        if (ctx.Count == 2)
        {
            specs.AddRange(Sorted(ctx));
        }
        else
        {
            for (int i = 2; i < ctx.Count; i++)
            {
                if (Lookup(ctx, ctx.ArgString(i)) is { } spec)
                {
                    specs.Add(spec);
                }
            }
        }
        ctx.Reply.WriteMapHeader(specs.Count);
        foreach (var spec in specs)
        {
            ctx.Reply.WriteBulkString(spec.LowerName);
            WriteDoc(ctx, spec);
        }
    }

    private static void WriteDoc(CommandContext ctx, CommandSpec spec)
    {
        var doc = CommandDocs.For(spec);
        var reply = ctx.Reply;
        reply.WriteMapHeader(spec.Subcommands.Count > 0 ? 4 : 3);
        reply.WriteBulkString("summary");
        reply.WriteBulkString(doc.Summary);
        reply.WriteBulkString("since");
        reply.WriteBulkString(doc.Since);
        reply.WriteBulkString("group");
        reply.WriteBulkString(doc.Group);
        if (spec.Subcommands.Count > 0)
        {
            reply.WriteBulkString("subcommands");
            reply.WriteMapHeader(spec.Subcommands.Count);
            foreach (var sub in spec.Subcommands)
            {
                reply.WriteBulkString(sub.LowerName);
                WriteDoc(ctx, sub);
            }
        }
    }

    /// <summary>COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern].</summary>
    private static void List(CommandContext ctx)
    {
        var names = new List<string>();
        foreach (var spec in Sorted(ctx))
        {
            names.Add(spec.LowerName);
            names.AddRange(spec.Subcommands.Select(s => s.LowerName));
        }
        if (ctx.Count > 2)
        {
            if (ctx.Count != 5 || !ctx.ArgIs(2, "FILTERBY"u8))
            {
                throw CommandContext.SyntaxError();
            }
            string value = ctx.ArgString(4);
            if (ctx.ArgIs(3, "MODULE"u8))
            {
                names.Clear(); // no modules
            }
            else if (ctx.ArgIs(3, "ACLCAT"u8))
            {
                names = [.. names.Where(n => Lookup(ctx, n) is { } spec && Categories(spec).Contains("@" + value.ToLowerInvariant()))];
            }
            else if (ctx.ArgIs(3, "PATTERN"u8))
            {
                var pattern = ctx.ArgArray(4);
                names = [.. names.Where(n => Glob.IsMatch(pattern, Encoding.UTF8.GetBytes(n)))];
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        ctx.Reply.WriteArrayHeader(names.Count);
        foreach (var name in names)
        {
            ctx.Reply.WriteBulkString(name);
        }
    }

    /// <summary>COMMAND GETKEYS command arg...: the key arguments by the command's first/last/step.</summary>
    private static void GetKeys(CommandContext ctx)
    {
        var spec = ctx.Server.Commands.Find(ctx.Arg(2)) ?? throw new MnemoException("ERR Invalid command specified");
        int argc = ctx.Count - 2;
        if (spec.Subcommands.Count > 0 && argc > 1 && Subcommands.Find(spec, ctx.Arg(3)) is { } sub)
        {
            spec = sub;
        }
        if (!spec.AcceptsArgumentCount(argc))
        {
            throw new MnemoException("ERR Invalid number of arguments specified for command");
        }
        if (spec.FirstKey <= 0 || spec.FirstKey >= argc)
        {
            throw new MnemoException("ERR The command has no key arguments");
        }
        int last = spec.LastKey >= 0 ? Math.Min(spec.LastKey, argc - 1) : argc + spec.LastKey;
        var keys = new List<int>();
        for (int i = spec.FirstKey; i <= last; i += Math.Max(1, spec.Step))
        {
            keys.Add(i + 2);
        }
        ctx.Reply.WriteArrayHeader(keys.Count);
        foreach (int i in keys)
        {
            ctx.Reply.WriteBulkString(ctx.Arg(i));
        }
    }
}
