using Mnemo.Internal.Persistence;
using Mnemo.Internal.Transactions;

namespace Mnemo.Server.Commands;

/// <summary>
/// SAVE, BGSAVE, LASTSAVE, BGREWRITEAOF over the store's persistence. In Mnemo BGREWRITEAOF and
/// BGSAVE are the same operation: a point-in-time snapshot after which the journal is compacted.
/// Without a data directory SAVE, BGSAVE and BGREWRITEAOF reply with the engine's NoPersistence error.
/// </summary>
[CommandFamily]
internal static class PersistenceCommands
{
    private const CommandFlags Admin = CommandFlags.Admin | CommandFlags.NoScript;

    public static void Register(CommandTable table)
    {
        table.Add("SAVE", 1, Admin, 0, 0, 0, Save);
        table.Add("BGSAVE", -1, Admin, 0, 0, 0, BackgroundSave);
        table.Add("BGREWRITEAOF", 1, Admin, 0, 0, 0, RewriteJournal);
        table.Add("LASTSAVE", 1, CommandFlags.Loading | CommandFlags.Stale | CommandFlags.Fast, 0, 0, 0, LastSave);
    }

    private static PersistenceEngine Require(CommandContext ctx) =>
        ctx.Server.Store.Persistence ?? throw new MnemoException(RedisErrors.NoPersistence);

    /// <summary>SAVE: a snapshot now, taken on this connection's thread; the reply waits for it. Under mnemo serve's default (commands on the socket event loops) the other connections of this loop wait too, as every client of redis-server does during SAVE; connections on other loops keep running.</summary>
    private static void Save(CommandContext ctx)
    {
        var persistence = Require(ctx);
        if (Transaction.Current is not null)
        {
            // Redis refuses SAVE in MULTI; a snapshot taken in the middle of a transaction would hold half of it.
            throw new MnemoException("ERR Command not allowed inside a transaction");
        }
        persistence.Save();
        ctx.Reply.WriteOk();
    }

    /// <summary>BGSAVE [SCHEDULE]: starts a background snapshot, or schedules one after the running one (SCHEDULE, or inside EXEC).</summary>
    private static void BackgroundSave(CommandContext ctx)
    {
        bool schedule = false;
        if (ctx.Count == 2 && ctx.ArgIs(1, "SCHEDULE"u8))
        {
            schedule = true;
        }
        else if (ctx.Count > 1)
        {
            throw CommandContext.SyntaxError();
        }
        var persistence = Require(ctx);
        if (Transaction.Current is not null || (schedule && persistence.SnapshotInProgress))
        {
            ScheduleSnapshot(persistence);
            ctx.Reply.WriteSimpleString("Background saving scheduled"u8);
            return;
        }
        Observe(persistence.SaveInBackground());
        ctx.Reply.WriteSimpleString("Background saving started"u8);
    }

    /// <summary>BGREWRITEAOF: compacts the journal (a background snapshot and a fresh segment); scheduled when a snapshot is running.</summary>
    private static void RewriteJournal(CommandContext ctx)
    {
        var persistence = Require(ctx);
        if (Transaction.Current is not null || persistence.SnapshotInProgress)
        {
            ScheduleSnapshot(persistence);
            ctx.Reply.WriteSimpleString("Background append only file rewriting scheduled"u8);
            return;
        }
        try
        {
            Observe(persistence.SaveInBackground());
        }
        catch (MnemoException e) when (e.Message == RedisErrors.SnapshotInProgress)
        {
            ScheduleSnapshot(persistence); // one started between the check and the call
            ctx.Reply.WriteSimpleString("Background append only file rewriting scheduled"u8);
            return;
        }
        ctx.Reply.WriteSimpleString("Background append only file rewriting started"u8);
    }

    /// <summary>LASTSAVE: Unix time of the last successful snapshot (the start time when none was taken, or without a data directory).</summary>
    private static void LastSave(CommandContext ctx)
    {
        var status = ctx.Server.Store.GetPersistenceStatus();
        ctx.Reply.WriteInteger(status?.LastSave.ToUnixTimeSeconds() ?? ctx.Server.StartedAt.ToUnixTimeSeconds());
    }

    /// <summary>
    /// A background snapshot once the running one (if any) finished; its point in time is after
    /// this call (inside EXEC it waits for the transaction's locks, so it is after the transaction).
    /// </summary>
    private static void ScheduleSnapshot(PersistenceEngine persistence) =>
        _ = Task.Run(() =>
        {
            persistence.WaitForSnapshot();
            try
            {
                Observe(persistence.SaveInBackground());
            }
            catch (MnemoException)
            {
                // another snapshot started meanwhile: it is after the scheduling point too
            }
            catch (ObjectDisposedException)
            {
                // the store was closed meanwhile
            }
        });

    /// <summary>A failed background snapshot is recorded by the engine (INFO rdb_last_bgsave_status, MISCONF); observe the task's exception.</summary>
    private static void Observe(Task snapshot) =>
        snapshot.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
