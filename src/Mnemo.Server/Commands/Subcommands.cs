using System.Diagnostics;
using System.Text;
using Mnemo.Protocol;

namespace Mnemo.Server.Commands;

/// <summary>
/// Container commands (CLIENT, CONFIG, COMMAND, SLOWLOG, PUBSUB, LATENCY): the container's spec
/// carries its subcommands (<c>client|list</c>...), each with its own arity, flags and
/// INFO commandstats counters, as Redis 7 models them.
/// </summary>
internal static class Subcommands
{
    public static CommandSpec Sub(string container, string name, int arity, CommandFlags flags, CommandHandler handler) =>
        new($"{container}|{name}", arity, flags, 0, 0, 0, handler);

    /// <summary>A container spec; <paramref name="bare"/> runs when no subcommand is given (COMMAND).</summary>
    public static CommandSpec Container(string name, int arity, CommandFlags flags, IReadOnlyList<CommandSpec> subcommands, CommandHandler? bare = null)
    {
        CommandSpec? self = null;
        self = new CommandSpec(name, arity, flags, 0, 0, 0, ctx =>
        {
            if (ctx.Count == 1 && bare is not null)
            {
                bare(ctx);
                return;
            }
            Dispatch(ctx, self!);
        })
        {
            Subcommands = subcommands,
        };
        return self;
    }

    public static CommandSpec? Find(CommandSpec container, ReadOnlySpan<byte> name)
    {
        foreach (var sub in container.Subcommands)
        {
            var subName = sub.Name.AsSpan(sub.Name.IndexOf('|', StringComparison.Ordinal) + 1);
            if (subName.Length == name.Length && Ascii.EqualsIgnoreCase(name, subName))
            {
                return sub;
            }
        }
        return null;
    }

    /// <summary>The name Redis shows for a command: <c>client|list</c> for a subcommand, else the command's name.</summary>
    public static string FullName(CommandSpec spec, RespCommand command) =>
        spec.Subcommands.Count > 0 && command.Count > 1 && Find(spec, command[1]) is { } sub ? sub.LowerName : spec.LowerName;

    private static void Dispatch(CommandContext ctx, CommandSpec container)
    {
        var sub = Find(container, ctx.Arg(1));
        if (sub is null)
        {
            Interlocked.Increment(ref container.Stats.RejectedCalls);
            throw new MnemoException($"ERR unknown subcommand '{Printable(ctx.Arg(1))}'. Try {container.Name.ToUpperInvariant()} HELP.");
        }
        if (!sub.AcceptsArgumentCount(ctx.Count))
        {
            Interlocked.Increment(ref sub.Stats.RejectedCalls);
            throw new MnemoException($"ERR wrong number of arguments for '{sub.LowerName}' command");
        }
        ctx.Session.LastCommand = sub.LowerName;
        long start = Stopwatch.GetTimestamp();
        try
        {
            sub.Handler!(ctx);
        }
        catch (MnemoException)
        {
            Interlocked.Increment(ref sub.Stats.FailedCalls);
            throw;
        }
        finally
        {
            sub.Stats.Record((long)Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var s = Encoding.UTF8.GetString(bytes.Length > 128 ? bytes[..128] : bytes);
        return s.Replace('\r', ' ').Replace('\n', ' ');
    }

    /// <summary>A HELP reply: the lines as simple strings, <c>HELP</c> last, as Redis's addReplyHelp.</summary>
    public static void Help(CommandContext ctx, string container, params string[] lines)
    {
        ctx.Reply.WriteArrayHeader(lines.Length + 3);
        ctx.Reply.WriteSimpleString($"{container} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        foreach (var line in lines)
        {
            ctx.Reply.WriteSimpleString(line);
        }
        ctx.Reply.WriteSimpleString("HELP");
        ctx.Reply.WriteSimpleString("    Print this help.");
    }
}
