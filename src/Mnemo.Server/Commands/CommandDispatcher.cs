using System.Diagnostics;
using System.Text;
using Mnemo.Protocol;
using Mnemo.Server.Sessions;

namespace Mnemo.Server.Commands;

/// <summary>
/// Runs one parsed command for a client: table lookup, arity, authentication, MULTI queueing,
/// then the handler, with error replies in Redis's wording and INFO commandstats.
/// </summary>
internal sealed class CommandDispatcher(MnemoServer server, CommandTable table)
{
    public CommandTable Table => table;

    /// <summary>Runs the command; the task completes synchronously unless the command blocks.</summary>
    public ValueTask Execute(CommandContext context, RespCommand command)
    {
        var session = context.Session;
        session.LastInteraction = DateTimeOffset.UtcNow;
        var spec = table.Find(command[0]);
        if (spec is null)
        {
            FlagQueueError(session);
            context.Reply.WriteError(UnknownCommand(command));
            return default;
        }
        context.Args = command;
        context.Spec = spec;
        session.LastCommand = spec.LowerName;
        if (!spec.AcceptsArgumentCount(command.Count))
        {
            FlagQueueError(session);
            context.Reply.WriteError($"ERR wrong number of arguments for '{spec.LowerName}' command");
            return default;
        }
        if (!session.Authenticated && (spec.Flags & CommandFlags.NoAuth) == 0)
        {
            FlagQueueError(session);
            context.Reply.WriteError("NOAUTH Authentication required.");
            return default;
        }
        if (session.Transaction.InMulti && (spec.Flags & CommandFlags.NoMulti) == 0)
        {
            session.Transaction.Queue.Add((spec, command.ToArrays()));
            context.Reply.WriteQueued();
            return default;
        }
        return Run(context, spec);
    }

    /// <summary>Runs a command whose arguments are already in <paramref name="context"/> (also used by EXEC).</summary>
    public ValueTask Run(CommandContext context, CommandSpec spec)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            if (spec.AsyncHandler is { } asyncHandler)
            {
                var pending = asyncHandler(context);
                if (!pending.IsCompletedSuccessfully)
                {
                    return Finish(pending, context, spec, start);
                }
                pending.GetAwaiter().GetResult();
            }
            else
            {
                spec.Handler!(context);
            }
        }
        catch (MnemoException e)
        {
            Interlocked.Increment(ref spec.Stats.FailedCalls);
            context.Reply.WriteError(e.Message);
        }
        catch (InvalidOperationException e)
        {
            // An engine rule the command broke (for example a cross-database operation where it is not allowed).
            Interlocked.Increment(ref spec.Stats.FailedCalls);
            context.Reply.WriteError("ERR " + e.Message);
        }
        Count(spec, start);
        return default;
    }

    private async ValueTask Finish(ValueTask pending, CommandContext context, CommandSpec spec, long start)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (MnemoException e)
        {
            Interlocked.Increment(ref spec.Stats.FailedCalls);
            context.Reply.WriteError(e.Message);
        }
        Count(spec, start);
    }

    private void Count(CommandSpec spec, long start)
    {
        Interlocked.Increment(ref spec.Stats.Calls);
        Interlocked.Add(ref spec.Stats.Microseconds, (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        server.Store.Core.CommandsProcessed.Increment();
    }

    private static void FlagQueueError(ClientSession session)
    {
        if (session.Transaction.InMulti)
        {
            session.Transaction.Aborted = true;
        }
    }

    /// <summary>Redis's text: <c>ERR unknown command 'foo', with args beginning with: 'a' 'b' </c>.</summary>
    private static string UnknownCommand(RespCommand command)
    {
        var text = new StringBuilder("ERR unknown command '");
        text.Append(Printable(command[0], 128)).Append("', with args beginning with: ");
        for (int i = 1; i < command.Count && text.Length < 128; i++)
        {
            text.Append('\'').Append(Printable(command[i], 128 - text.Length)).Append("' ");
        }
        return text.ToString();
    }

    private static string Printable(ReadOnlySpan<byte> bytes, int max)
    {
        var s = Encoding.UTF8.GetString(bytes.Length > max ? bytes[..Math.Max(0, max)] : bytes);
        return s.Replace('\r', ' ').Replace('\n', ' ');
    }
}
