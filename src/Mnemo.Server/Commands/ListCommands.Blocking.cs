using Mnemo.Internal.Keyspace;

namespace Mnemo.Server.Commands;

/// <summary>
/// The blocking list pops BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP on the engine's
/// <see cref="BlockingPop"/>: they answer at once when an element is there (and inside MULTI,
/// where they never wait); otherwise the client waits, first come first served, until a push,
/// the timeout, or the end of its connection. The wait holds no lock: other clients run meanwhile.
/// </summary>
internal static partial class ListCommands
{
    private const CommandFlags BlockingWrite = CommandFlags.Write | CommandFlags.Blocking;

    private static void RegisterBlocking(CommandTable table)
    {
        table.AddAsync("BLPOP", -3, BlockingWrite, 1, -2, 1, ctx => BlockingPopOne(ctx, left: true));
        table.AddAsync("BRPOP", -3, BlockingWrite, 1, -2, 1, ctx => BlockingPopOne(ctx, left: false));
        table.AddAsync("BLMOVE", 6, BlockingWrite | CommandFlags.DenyOom, 1, 2, 1, ctx =>
        {
            bool fromLeft = Side(ctx, 3);
            bool toLeft = Side(ctx, 4);
            return BlockingMove(ctx, fromLeft, toLeft, 5);
        });
        table.AddAsync("BRPOPLPUSH", 4, BlockingWrite | CommandFlags.DenyOom, 1, 2, 1, ctx => BlockingMove(ctx, fromLeft: false, toLeft: true, 3));
        table.AddAsync("BLMPOP", -5, BlockingWrite, 0, 0, 0, BlockingMultiPop);
    }

    /// <summary>BLPOP / BRPOP key [key ...] timeout: [key, element], or a null array on timeout.</summary>
    private static ValueTask BlockingPopOne(CommandContext ctx, bool left)
    {
        var timeout = BlockingTimeout.Parse(ctx, ctx.Count - 1);
        var keys = ctx.ArgArrays(1, ctx.Count - 1);
        var db = ctx.Db;
        var pending = BlockingPop.RunAsync(db, keys, ValueKind.List, timeout, () => Attempt(db, keys, left, 1), ctx.Session.Disconnected);
        return Complete(ctx, pending, result =>
        {
            if (result is not { } popped)
            {
                ctx.Reply.WriteNullArray();
                return;
            }
            ctx.Reply.WriteArrayHeader(2);
            ctx.Reply.WriteBulkString(keys[popped.KeyIndex]);
            ctx.Reply.WriteBulkString(popped.Result.Values[0]);
        });
    }

    /// <summary>BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: [key, [elements]], or a null array.</summary>
    private static ValueTask BlockingMultiPop(CommandContext ctx)
    {
        var timeout = BlockingTimeout.Parse(ctx, 1);
        var (keys, left, count) = ParseMultiPop(ctx, 2);
        var db = ctx.Db;
        var pending = BlockingPop.RunAsync(db, keys, ValueKind.List, timeout, () => Attempt(db, keys, left, count), ctx.Session.Disconnected);
        return Complete(ctx, pending, result =>
        {
            if (result is not { } popped)
            {
                ctx.Reply.WriteNullArray();
                return;
            }
            ReplyKeyAndValues(ctx.Reply, keys[popped.KeyIndex], popped.Result.Values);
        });
    }

    /// <summary>BLMOVE / BRPOPLPUSH: the moved element, or a null bulk string on timeout.</summary>
    private static ValueTask BlockingMove(CommandContext ctx, bool fromLeft, bool toLeft, int timeoutIndex)
    {
        var timeout = BlockingTimeout.Parse(ctx, timeoutIndex);
        byte[] source = ctx.ArgArray(1);
        byte[] destination = ctx.ArgArray(2);
        var db = ctx.Db;
        var pending = BlockingPop.RunAsync<byte[]>(db, [source], ValueKind.List, timeout, () =>
        {
            var value = db.ListMove(source, destination, fromLeft, toLeft, out int remaining);
            return value is null ? null : new PopAttempt<byte[]>(value, 0, remaining);
        }, ctx.Session.Disconnected);
        return Complete(ctx, pending, result => ReplyMoved(ctx, result?.Result));
    }

    private static PopAttempt<ListPopped>? Attempt(Db db, byte[][] keys, bool left, long count) =>
        db.ListPopFirst(keys, left, count) is { } popped ? new PopAttempt<ListPopped>(popped, popped.KeyIndex, popped.Remaining) : null;

    /// <summary>
    /// Replies at once when the pop completed without waiting (errors propagate to the dispatcher);
    /// otherwise waits and replies under the session's output lock (the connection loop released it).
    /// </summary>
    private static ValueTask Complete<T>(CommandContext ctx, Task<PopAttempt<T>?> pending, Action<PopAttempt<T>?> reply)
    {
        if (pending.IsCanceled)
        {
            return default; // the client went away before the command ran: nobody to answer
        }
        if (pending.IsCompleted)
        {
            reply(pending.GetAwaiter().GetResult());
            return default;
        }
        return Waited(ctx, pending, reply);
    }

    private static async ValueTask Waited<T>(CommandContext ctx, Task<PopAttempt<T>?> pending, Action<PopAttempt<T>?> reply)
    {
        PopAttempt<T>? result = null;
        string? error = null;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.Session.Disconnected.IsCancellationRequested)
        {
            return; // the client is gone or the server is stopping: nobody to answer
        }
        catch (MnemoException e)
        {
            Interlocked.Increment(ref ctx.Spec.Stats.FailedCalls);
            error = e.Message;
        }
        await ctx.Session.OutputLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (error is null)
            {
                reply(result);
            }
            else
            {
                ctx.Reply.WriteError(error);
            }
        }
        finally
        {
            ctx.Session.OutputLock.Release();
        }
    }
}

/// <summary>The timeout argument of the blocking commands, validated as Redis validates it.</summary>
internal static class BlockingTimeout
{
    /// <summary>
    /// Seconds as a float: <c>ERR timeout is not a float or out of range</c>, <c>ERR timeout is
    /// negative</c>, <c>ERR timeout is out of range</c>. Rounded up to whole milliseconds as Redis
    /// does; <see cref="TimeSpan.Zero"/> means wait forever.
    /// </summary>
    public static TimeSpan Parse(CommandContext ctx, int index)
    {
        double seconds = ctx.ArgDouble(index, RedisErrors.TimeoutNotFloat);
        if (double.IsNaN(seconds))
        {
            throw new MnemoException(RedisErrors.TimeoutNotFloat);
        }
        double ms = Math.Ceiling(seconds * 1000);
        if (ms > long.MaxValue)
        {
            throw new MnemoException(OutOfRange);
        }
        if (ms < 0)
        {
            throw new MnemoException(RedisErrors.TimeoutNegative);
        }
        if (ms > long.MaxValue - ctx.Server.Store.Core.NowMs())
        {
            throw new MnemoException(OutOfRange); // the deadline would overflow
        }
        // Beyond what TimeSpan holds the wait is, in practice, forever.
        const long MaxMs = long.MaxValue / TimeSpan.TicksPerMillisecond;
        return ms >= MaxMs ? TimeSpan.Zero : TimeSpan.FromTicks((long)ms * TimeSpan.TicksPerMillisecond);
    }

    private const string OutOfRange = "ERR timeout is out of range";
}
