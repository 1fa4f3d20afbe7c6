using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Transactions;
using Mnemo.Protocol;
using Mnemo.Server.Sessions;

namespace Mnemo.Server.Commands;

/// <summary>
/// MULTI, EXEC, DISCARD, WATCH, UNWATCH with Redis's semantics: commands queue after MULTI; a
/// command that fails to queue makes EXEC answer EXECABORT; EXEC runs the queue as one atomic,
/// serializable step (nothing else runs in between) unless a watched key changed; a command that
/// fails at run time inside EXEC replies with its error and the others still apply (no rollback).
/// </summary>
[CommandFamily]
internal static class TransactionCommands
{
    private const CommandFlags Tx = CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale | CommandFlags.Fast | CommandFlags.NoMulti;

    public static void Register(CommandTable table)
    {
        table.Add("MULTI", 1, Tx, 0, 0, 0, Multi);
        table.Add("EXEC", 1, Tx & ~CommandFlags.Fast, 0, 0, 0, Exec);
        table.Add("DISCARD", 1, Tx, 0, 0, 0, Discard);
        table.Add("WATCH", -2, Tx, 1, -1, 1, Watch);
        table.Add("UNWATCH", 1, Tx, 0, 0, 0, ctx =>
        {
            Unwatch(ctx.Server, ctx.Session);
            ctx.Reply.WriteOk();
        });
    }

    private static void Multi(CommandContext ctx)
    {
        if (ctx.Session.Transaction.InMulti)
        {
            throw new MnemoException("ERR MULTI calls can not be nested");
        }
        ctx.Session.Transaction.InMulti = true;
        ctx.Reply.WriteOk();
    }

    private static void Discard(CommandContext ctx)
    {
        if (!ctx.Session.Transaction.InMulti)
        {
            throw new MnemoException("ERR DISCARD without MULTI");
        }
        ctx.Session.Transaction.ClearQueue();
        Unwatch(ctx.Server, ctx.Session);
        ctx.Reply.WriteOk();
    }

    private static void Watch(CommandContext ctx)
    {
        var state = ctx.Session.Transaction;
        if (state.InMulti)
        {
            throw new MnemoException("ERR WATCH inside MULTI is not allowed");
        }
        state.Token ??= new WatchToken();
        for (int i = 1; i < ctx.Count; i++)
        {
            var key = ctx.ArgArray(i);
            AtomicScope.Watch(ctx.Db, key, state.Token);
            state.Watched.Add((ctx.Session.Database, key));
        }
        ctx.Reply.WriteOk();
    }

    private static void Exec(CommandContext ctx)
    {
        var session = ctx.Session;
        var state = session.Transaction;
        if (!state.InMulti)
        {
            throw new MnemoException("ERR EXEC without MULTI");
        }
        var queue = state.Queue.ToArray();
        bool aborted = state.Aborted;
        state.ClearQueue();
        try
        {
            if (aborted)
            {
                throw new MnemoException("EXECABORT Transaction discarded because of previous errors.");
            }
            var core = ctx.Server.Store.Core;
            var watched = state.Watched.Select(w => (core.Databases[w.Database], w.Key)).ToList();
            var shards = ShardsFor(ctx, queue, watched);
            var execCommand = ctx.Args;
            var execSpec = ctx.Spec;
            using var replay = new RespCommand();
            bool ran = AtomicScope.Run(core, shards, state.Token, watched, () =>
            {
                // the first queued command's time starts here, not before the shard locks were taken
                ctx.TimeMark = System.Diagnostics.Stopwatch.GetTimestamp();
                ctx.Reply.WriteArrayHeader(queue.Length);
                foreach (var (spec, args) in queue)
                {
                    replay.Load(args);
                    ctx.Args = replay;
                    ctx.Spec = spec;
                    // Blocking commands never wait inside a transaction (they try once), so this completes.
                    var pending = ctx.Server.Dispatcher.Run(ctx, spec);
                    pending.GetAwaiter().GetResult();
                }
            });
            ctx.Args = execCommand;
            ctx.Spec = execSpec;
            if (!ran)
            {
                ctx.Reply.WriteNullArray();
            }
        }
        finally
        {
            Unwatch(ctx.Server, session);
        }
    }

    /// <summary>
    /// The shards EXEC locks: those of the selected database, or of every database when a queued
    /// command may touch another one (SELECT, SWAPDB, FLUSHALL, COPY ... DB) or a key is watched in
    /// another database.
    /// </summary>
    private static Shard[] ShardsFor(CommandContext ctx, (CommandSpec Spec, byte[][] Args)[] queue, List<(Db Db, byte[] Key)> watched)
    {
        var core = ctx.Server.Store.Core;
        bool crossDatabase = queue.Any(q => (q.Spec.Flags & CommandFlags.CrossDatabase) != 0)
            || watched.Any(w => w.Db.Index != ctx.Session.Database);
        return crossDatabase ? [.. core.AllShards()] : ctx.Db.Shards;
    }

    /// <summary>Forgets the client's WATCHed keys.</summary>
    public static void Unwatch(MnemoServer server, ClientSession session)
    {
        var state = session.Transaction;
        if (state.Token is null)
        {
            return;
        }
        foreach (var (database, key) in state.Watched)
        {
            AtomicScope.Unwatch(server.Store.Core.Databases[database], key, state.Token);
        }
        state.Watched.Clear();
        state.Token = null;
    }
}
