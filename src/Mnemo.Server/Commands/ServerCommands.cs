namespace Mnemo.Server.Commands;

/// <summary>TIME, SHUTDOWN, DEBUG SLEEP, MONITOR, SLOWLOG, LATENCY.</summary>
[CommandFamily]
internal static class ServerCommands
{
    private const CommandFlags Admin = CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale;

    public static void Register(CommandTable table)
    {
        table.Add("TIME", 1, CommandFlags.Loading | CommandFlags.Stale | CommandFlags.Fast, 0, 0, 0, Time);
        table.Add("SHUTDOWN", -1, Admin, 0, 0, 0, Shutdown);
        table.AddAsync("DEBUG", -2, Admin, 0, 0, 0, Debug);
        table.Add("MONITOR", 1, Admin, 0, 0, 0, ctx =>
        {
            ctx.Server.Runtime.AddMonitor(ctx.Session);
            ctx.Reply.WriteOk();
        });
        const string s = "slowlog";
        table.Add(Subcommands.Container("SLOWLOG", -2, CommandFlags.None,
        [
            Subcommands.Sub(s, "get", -2, CommandFlags.Admin | CommandFlags.Loading | CommandFlags.Stale, SlowlogGet),
            Subcommands.Sub(s, "len", 2, CommandFlags.Admin | CommandFlags.Loading | CommandFlags.Stale, ctx => ctx.Reply.WriteInteger(ctx.Server.Runtime.Slowlog.Count)),
            Subcommands.Sub(s, "reset", 2, CommandFlags.Admin | CommandFlags.Loading | CommandFlags.Stale, ctx =>
            {
                ctx.Server.Runtime.Slowlog.Reset();
                ctx.Reply.WriteOk();
            }),
            Subcommands.Sub(s, "help", 2, CommandFlags.Loading | CommandFlags.Stale, ctx => Subcommands.Help(ctx, "SLOWLOG",
                "GET [<count>]", "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:", "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN", "    Return the length of the slowlog.",
                "RESET", "    Reset the slowlog.")),
        ]));
        const string l = "latency";
        table.Add(Subcommands.Container("LATENCY", -2, CommandFlags.None,
        [
            Subcommands.Sub(l, "latest", 2, Admin, ctx => ctx.Reply.WriteArrayHeader(0)),
            Subcommands.Sub(l, "history", 3, Admin, ctx => ctx.Reply.WriteArrayHeader(0)),
            Subcommands.Sub(l, "reset", -2, Admin, ctx => ctx.Reply.WriteInteger(0)),
            Subcommands.Sub(l, "graph", 3, Admin, ctx => throw new MnemoException($"ERR No samples available for event '{ctx.ArgString(2)}'")),
            Subcommands.Sub(l, "doctor", 2, Admin, ctx => ctx.Reply.WriteVerbatimString("txt"u8,
                "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" if you want to enable it.\n"u8)),
            Subcommands.Sub(l, "help", 2, CommandFlags.Loading | CommandFlags.Stale, ctx => Subcommands.Help(ctx, "LATENCY",
                "DOCTOR", "    Return a human readable latency analysis report.",
                "GRAPH <event>", "    Return an ASCII latency graph for the <event> class.",
                "HISTORY <event>", "    Return time-latency samples for the <event> class.",
                "LATEST", "    Return the latest latency samples for all events.",
                "RESET [<event> ...]", "    Reset latency data of one or more <event> classes.",
                "    (default: reset all data for all event classes)")),
        ]));
    }

    /// <summary>TIME: [unix seconds, microseconds] as bulk strings, from the store's clock.</summary>
    private static void Time(CommandContext ctx)
    {
        long micros = (ctx.Server.Store.Core.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        ctx.Reply.WriteArrayHeader(2);
        ctx.Reply.WriteBulkString(micros / 1_000_000);
        ctx.Reply.WriteBulkString(micros % 1_000_000);
    }

    /// <summary>
    /// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: stops the server from a background task (so
    /// this connection's reply path is not waited on); on success nothing is replied, the
    /// connection just closes, as in Redis. With a data directory, SAVE (or save rules, unless
    /// NOSAVE) takes a snapshot first; if it fails the server keeps running and replies an error,
    /// unless FORCE. The journal is flushed and fsynced when the store closes in every case.
    /// </summary>
    private static void Shutdown(CommandContext ctx)
    {
        bool save = false, noSave = false, abort = false, force = false;
        for (int i = 1; i < ctx.Count; i++)
        {
            if (ctx.ArgIs(i, "NOSAVE"u8))
            {
                noSave = true;
            }
            else if (ctx.ArgIs(i, "SAVE"u8))
            {
                save = true;
            }
            else if (ctx.ArgIs(i, "ABORT"u8))
            {
                abort = true;
            }
            else if (ctx.ArgIs(i, "FORCE"u8))
            {
                force = true;
            }
            else if (!ctx.ArgIs(i, "NOW"u8))
            {
                throw CommandContext.SyntaxError();
            }
        }
        if ((save && noSave) || (abort && ctx.Count > 2))
        {
            throw CommandContext.SyntaxError();
        }
        if (abort)
        {
            throw new MnemoException("ERR No shutdown in progress.");
        }
        var server = ctx.Server;
        bool saved = false;
        if (server.Store.Persistence is { } persistence && !noSave && (save || persistence.Options.SaveRules.Count > 0)
            && Mnemo.Internal.Transactions.Transaction.Current is null)
        {
            try
            {
                server.SaveNow();
                saved = true;
            }
            catch (MnemoException) when (!force)
            {
                throw new MnemoException("ERR Errors trying to SHUTDOWN. Check logs.");
            }
        }
        ctx.Session.CloseAfterReply();
        var mode = noSave ? ShutdownSave.NoSave : save && !saved ? ShutdownSave.Save : ShutdownSave.Default;
        _ = server.StopAsync(mode); // records SAVE/NOSAVE now; the stop itself runs on the thread pool
    }

    /// <summary>DEBUG SLEEP seconds (this connection waits; others keep running) and DEBUG HELP.</summary>
    private static ValueTask Debug(CommandContext ctx)
    {
        if (ctx.ArgIs(1, "SLEEP"u8) && ctx.Count == 3)
        {
            double seconds = ctx.ArgDouble(2);
            if (seconds <= 0)
            {
                ctx.Reply.WriteOk();
                return default;
            }
            return SleepAsync(ctx, TimeSpan.FromSeconds(seconds));
        }
        if (ctx.ArgIs(1, "HELP"u8) && ctx.Count == 2)
        {
            Subcommands.Help(ctx, "DEBUG", "SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed.");
            return default;
        }
        throw new MnemoException($"ERR unknown subcommand or wrong number of arguments for '{ctx.ArgString(1)}'. Try DEBUG HELP.");
    }

    private static async ValueTask SleepAsync(CommandContext ctx, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, ctx.Server.Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>SLOWLOG GET [count]: entries newest first: id, time, duration, arguments, address, name.</summary>
    private static void SlowlogGet(CommandContext ctx)
    {
        long count = 10;
        if (ctx.Count == 3)
        {
            count = ctx.ArgInt64(2);
            if (count < -1)
            {
                throw new MnemoException("ERR count should be greater than or equal to -1");
            }
        }
        else if (ctx.Count > 3)
        {
            throw new MnemoException("ERR wrong number of arguments for 'slowlog|get' command");
        }
        var entries = ctx.Server.Runtime.Slowlog.Newest(count);
        var reply = ctx.Reply;
        reply.WriteArrayHeader(entries.Count);
        foreach (var entry in entries)
        {
            reply.WriteArrayHeader(6);
            reply.WriteInteger(entry.Id);
            reply.WriteInteger(entry.Timestamp);
            reply.WriteInteger(entry.Microseconds);
            reply.WriteArrayHeader(entry.Args.Length);
            foreach (var arg in entry.Args)
            {
                reply.WriteBulkString(arg);
            }
            reply.WriteBulkString(entry.Address);
            reply.WriteBulkString(entry.Name);
        }
    }
}
