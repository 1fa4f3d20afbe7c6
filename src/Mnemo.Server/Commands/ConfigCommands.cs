using System.Text;
using Mnemo.Internal.Text;

namespace Mnemo.Server.Commands;

/// <summary>CONFIG GET / SET / RESETSTAT / REWRITE / HELP.</summary>
[CommandFamily]
internal static class ConfigCommands
{
    private const CommandFlags Admin = CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale;

    public static void Register(CommandTable table)
    {
        const string c = "config";
        table.Add(Subcommands.Container("CONFIG", -2, CommandFlags.None,
        [
            Subcommands.Sub(c, "get", -3, Admin, Get),
            Subcommands.Sub(c, "set", -4, Admin, Set),
            Subcommands.Sub(c, "resetstat", 2, Admin, ctx =>
            {
                ctx.Server.Runtime.ResetStatistics();
                ctx.Reply.WriteOk();
            }),
            Subcommands.Sub(c, "rewrite", 2, Admin, _ => throw new MnemoException("ERR The server is running without a config file")),
            Subcommands.Sub(c, "help", 2, CommandFlags.Loading | CommandFlags.Stale, ctx => Subcommands.Help(ctx, "CONFIG",
                "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
                "RESETSTAT", "    Reset statistics reported by the INFO command.",
                "REWRITE", "    Rewrite the configuration file.")),
        ]));
    }

    /// <summary>CONFIG GET pattern [pattern...]: a map of matching settings (each listed once).</summary>
    private static void Get(CommandContext ctx)
    {
        var matches = new List<ServerSettings.Setting>();
        for (int i = 2; i < ctx.Count; i++)
        {
            var pattern = Encoding.ASCII.GetBytes(ctx.ArgString(i).ToLowerInvariant());
            foreach (var setting in ctx.Server.Runtime.Settings.All)
            {
                if (!matches.Contains(setting) && Glob.IsMatch(pattern, Encoding.ASCII.GetBytes(setting.Name)))
                {
                    matches.Add(setting);
                }
            }
        }
        ctx.Reply.WriteMapHeader(matches.Count);
        foreach (var setting in matches)
        {
            ctx.Reply.WriteBulkString(setting.Name);
            ctx.Reply.WriteBulkString(setting.Get());
        }
    }

    /// <summary>
    /// CONFIG SET name value [name value...]: all or nothing, with Redis 7's error texts; settings
    /// Mnemo cannot change at run time are refused as immutable.
    /// </summary>
    private static void Set(CommandContext ctx)
    {
        if (ctx.Count % 2 != 0)
        {
            throw new MnemoException("ERR wrong number of arguments for 'config|set' command");
        }
        var settings = ctx.Server.Runtime.Settings;
        var changes = new List<(ServerSettings.Setting Setting, string Value)>();
        for (int i = 2; i < ctx.Count; i += 2)
        {
            string name = ctx.ArgString(i);
            var setting = settings.Find(name)
                ?? throw new MnemoException($"ERR Unknown option or number of arguments for CONFIG SET - '{name}'");
            if (changes.Any(c => c.Setting == setting))
            {
                throw new MnemoException($"ERR CONFIG SET failed (possibly related to argument '{name}') - duplicate parameter");
            }
            if (setting.Set is null)
            {
                throw new MnemoException($"ERR CONFIG SET failed (possibly related to argument '{name}') - can't set immutable config");
            }
            changes.Add((setting, ctx.ArgString(i + 1)));
        }
        var applied = new List<(ServerSettings.Setting Setting, string Old)>();
        foreach (var (setting, value) in changes)
        {
            string old = setting.Get();
            if (setting.Set!(value) is { } error)
            {
                foreach (var (done, previous) in applied)
                {
                    done.Set!(previous);
                }
                throw new MnemoException($"ERR CONFIG SET failed (possibly related to argument '{setting.Name}') - {error}");
            }
            applied.Add((setting, old));
        }
        ctx.Reply.WriteOk();
    }
}
