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
        var spec = context.LastSpec;
        if (spec is null || !System.Text.Ascii.EqualsIgnoreCase(command[0], spec.NameBytes))
        {
            spec = table.Find(command[0]);
            context.LastSpec = spec;
        }
        if (spec is null)
        {
            FlagQueueError(session);
            Reject(context, null, UnknownCommand(command));
            return default;
        }
        context.Args = command;
        context.Spec = spec;
        session.LastCommand = spec.LowerName;
        if (!spec.AcceptsArgumentCount(command.Count))
        {
            FlagQueueError(session);
            Reject(context, spec, $"ERR wrong number of arguments for '{spec.LowerName}' command");
            return default;
        }
        if (!session.Authenticated && (spec.Flags & CommandFlags.NoAuth) == 0)
        {
            FlagQueueError(session);
            Reject(context, spec, "NOAUTH Authentication required.");
            return default;
        }
        if (server.Store.Core.WritesRefused is { } refusal && RefusedByPersistenceFailure(session, spec))
        {
            RejectForPersistenceFailure(context, spec, refusal);
            return default;
        }
        if (ServerRuntime.PubSubContextError(session, spec, command) is { } pubSubError)
        {
            FlagQueueError(session);
            Reject(context, spec, pubSubError);
            return default;
        }
        if (server.Runtime.Pause.Covers(spec, session))
        {
            return AfterPause(context, spec);
        }
        return QueueOrRun(context, spec);
    }

    private ValueTask QueueOrRun(CommandContext context, CommandSpec spec)
    {
        var session = context.Session;
        if (session.Transaction.InMulti && (spec.Flags & CommandFlags.NoMulti) == 0)
        {
            session.Transaction.Queue.Add((spec, context.Args.ToArrays()));
            context.Reply.WriteQueued();
            return default;
        }
        return Run(context, spec);
    }

    /// <summary>CLIENT PAUSE: the command waits (the client counts as blocked), then queues or runs.</summary>
    private async ValueTask AfterPause(CommandContext context, CommandSpec spec)
    {
        context.Session.Blocked = true;
        try
        {
            await server.Runtime.Pause.WaitAsync(server.Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            context.Session.Blocked = false;
        }
        // the pause is not the command's execution time
        context.TimeMark = Stopwatch.GetTimestamp();
        await QueueOrRun(context, spec).ConfigureAwait(false);
    }

    /// <summary>
    /// While persistence has failed (MISCONF), Redis refuses up front every command flagged write,
    /// EXEC of a transaction that queued one, and PING (so that monitoring notices); reads keep working.
    /// </summary>
    private static bool RefusedByPersistenceFailure(ClientSession session, CommandSpec spec) =>
        (spec.Flags & CommandFlags.Write) != 0
        || spec.Name == "PING"
        || (spec.Name == "EXEC" && session.Transaction.InMulti && session.Transaction.Queue.Exists(q => (q.Spec.Flags & CommandFlags.Write) != 0));

    private void RejectForPersistenceFailure(CommandContext context, CommandSpec spec, string refusal)
    {
        var session = context.Session;
        if (spec.Name == "EXEC")
        {
            // Redis's execCommandAbort: the transaction is discarded with the reason.
            session.Transaction.ClearQueue();
            TransactionCommands.Unwatch(server, session);
            Reject(context, spec, "EXECABORT Transaction discarded because of: " + refusal);
            return;
        }
        FlagQueueError(session);
        Reject(context, spec, refusal);
    }

    /// <summary>A command refused before it ran (INFO rejected_calls and errorstats).</summary>
    private void Reject(CommandContext context, CommandSpec? spec, string error)
    {
        if (spec is not null)
        {
            Interlocked.Increment(ref spec.Stats.RejectedCalls);
        }
        server.Runtime.CountError(error);
        context.Reply.WriteError(error);
    }

    /// <summary>Runs a command whose arguments are already in <paramref name="context"/> (also used by EXEC).</summary>
    public ValueTask Run(CommandContext context, CommandSpec spec)
    {
        long start = context.TimeMark;
        context.BeginTally(spec);
        var frame = server.Runtime.BeforeCommand();
        bool failed = false;
        try
        {
            if (spec.AsyncHandler is { } asyncHandler)
            {
                var pending = asyncHandler(context);
                if (!pending.IsCompletedSuccessfully)
                {
                    return Finish(pending, context, spec, start, frame);
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
            failed = true;
            Fail(context, spec, e.Message);
        }
        catch (InvalidOperationException e)
        {
            // An engine rule the command broke (for example a cross-database operation where it is not allowed).
            failed = true;
            Fail(context, spec, "ERR " + e.Message);
        }
        long end = Stopwatch.GetTimestamp();
        context.TimeMark = end;
        long microseconds = (long)Stopwatch.GetElapsedTime(start, end).TotalMicroseconds;
        context.Tally(spec, microseconds, wrote: !failed && (spec.Flags & CommandFlags.Write) != 0);
        server.Runtime.AfterCommand(context, spec, frame, microseconds, failed, waited: false);
        return default;
    }

    private void Fail(CommandContext context, CommandSpec spec, string error)
    {
        Interlocked.Increment(ref spec.Stats.FailedCalls);
        server.Runtime.CountError(error);
        context.Reply.WriteError(error);
    }

    private async ValueTask Finish(ValueTask pending, CommandContext context, CommandSpec spec, long start, PubSub.KeyspaceNotifier.Frame? frame)
    {
        // The command waits: this thread moves on, so its keyspace-event frame ends here (changes
        // the command makes when it resumes are published from the change stream directly).
        if (frame is not null)
        {
            server.Runtime.Notifications.End(frame, context, spec);
        }
        context.Session.Blocked = true;
        bool failed = false;
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (MnemoException e)
        {
            failed = true;
            Fail(context, spec, e.Message);
        }
        finally
        {
            context.Session.Blocked = false;
        }
        long end = Stopwatch.GetTimestamp();
        context.TimeMark = end;
        long microseconds = (long)Stopwatch.GetElapsedTime(start, end).TotalMicroseconds;
        context.Tally(spec, microseconds, wrote: !failed && (spec.Flags & CommandFlags.Write) != 0);
        // a blocking command's wait is not execution time (Redis logs only the time it ran); DEBUG SLEEP's is
        bool waited = (spec.Flags & CommandFlags.Blocking) != 0;
        server.Runtime.AfterCommand(context, spec, null, microseconds, failed, waited);
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
