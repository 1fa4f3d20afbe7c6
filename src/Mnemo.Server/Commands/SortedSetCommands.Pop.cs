using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Text;

namespace Mnemo.Server.Commands;

/// <summary>
/// ZPOPMIN, ZPOPMAX, ZMPOP and the blocking BZPOPMIN, BZPOPMAX, BZMPOP. The blocking forms wait
/// through the engine's <see cref="BlockingPop"/> (first come, first served; one push serves as many
/// waiting readers as it has members); inside MULTI they try once and answer nil instead of waiting.
/// </summary>
internal static partial class SortedSetCommands
{

    private static void RegisterPops(CommandTable table)
    {
        table.Add("ZPOPMIN", -2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, ctx => ZPop(ctx, max: false));
        table.Add("ZPOPMAX", -2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, ctx => ZPop(ctx, max: true));
        table.Add("ZMPOP", -4, CommandFlags.Write, 0, 0, 0, ZMPop);
        const CommandFlags blocking = CommandFlags.Write | CommandFlags.NoScript | CommandFlags.Fast | CommandFlags.Blocking;
        table.AddAsync("BZPOPMIN", -3, blocking, 1, -2, 1, ctx => BZPop(ctx, max: false));
        table.AddAsync("BZPOPMAX", -3, blocking, 1, -2, 1, ctx => BZPop(ctx, max: true));
        table.AddAsync("BZMPOP", -5, CommandFlags.Write | CommandFlags.Blocking, 0, 0, 0, BZMPop);
    }

    /// <summary>
    /// ZPOPMIN / ZPOPMAX key [count]: flat member, score pairs, except in RESP3 with a count where
    /// each pair is a nested array (Redis 7).
    /// </summary>
    private static void ZPop(CommandContext ctx, bool max)
    {
        if (ctx.Count > 3)
        {
            throw CommandContext.SyntaxError();
        }
        bool hasCount = ctx.Count == 3;
        long count = hasCount ? ctx.ArgInt64(2) : 1;
        var entries = ctx.Db.SortedSetPop(ctx.Arg(1), count, max);
        if (hasCount && ctx.Reply.IsResp3)
        {
            ReplyPairs(ctx, entries);
            return;
        }
        ctx.Reply.WriteArrayHeader(entries.Length * 2);
        foreach (var entry in entries)
        {
            ctx.ReplyValue(entry.Element);
            ctx.Reply.WriteDouble(entry.Score);
        }
    }

    /// <summary>ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: [key, [[member, score], ...]], or a nil array.</summary>
    private static void ZMPop(CommandContext ctx)
    {
        var (keys, max, count) = ParseMPop(ctx, 1);
        ReplyMPop(ctx, keys, ctx.Db.SortedSetPopFirst(keys, max, count));
    }

    /// <summary>BZPOPMIN / BZPOPMAX key [key ...] timeout: [key, member, score], or a nil array on timeout.</summary>
    private static ValueTask BZPop(CommandContext ctx, bool max)
    {
        var timeout = BlockingTimeout.Parse(ctx, ctx.Count - 1);
        var keys = ctx.ArgArrays(1, ctx.Count - 1);
        return Wait(ctx, keys, max, 1, timeout, static (ctx, keys, popped) =>
        {
            if (popped is null)
            {
                ctx.Reply.WriteNullArray();
                return;
            }
            var entry = popped.Entries[0];
            ctx.Reply.WriteArrayHeader(3);
            ctx.Reply.WriteBulkString(keys[popped.KeyIndex]);
            ctx.ReplyValue(entry.Element);
            ctx.Reply.WriteDouble(entry.Score);
        });
    }

    /// <summary>BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: ZMPOP's reply; the timeout is checked after the other arguments.</summary>
    private static ValueTask BZMPop(CommandContext ctx)
    {
        var (keys, max, count) = ParseMPop(ctx, 2);
        var timeout = BlockingTimeout.Parse(ctx, 1);
        return Wait(ctx, keys, max, count, timeout, ReplyMPop);
    }

    /// <summary>Redis's zmpopGenericCommand argument rules, from numkeys on.</summary>
    private static (byte[][] Keys, bool Max, long Count) ParseMPop(CommandContext ctx, int numKeysIndex)
    {
        if (!NumberText.TryParseInt64(ctx.Arg(numKeysIndex), out long numKeys) || numKeys < 1)
        {
            throw new MnemoException(RedisErrors.NumKeysPositive);
        }
        if (numKeys > ctx.Count - numKeysIndex - 2)
        {
            throw CommandContext.SyntaxError(); // no room for MIN|MAX
        }
        int whereIndex = numKeysIndex + (int)numKeys + 1;
        bool max = ctx.ArgIs(whereIndex, "MAX"u8);
        if (!max && !ctx.ArgIs(whereIndex, "MIN"u8))
        {
            throw CommandContext.SyntaxError();
        }
        long count = -1;
        for (int j = whereIndex + 1; j < ctx.Count; j++)
        {
            if (count == -1 && ctx.ArgIs(j, "COUNT"u8) && j + 1 < ctx.Count)
            {
                j++;
                if (!NumberText.TryParseInt64(ctx.Arg(j), out count) || count < 1)
                {
                    throw new MnemoException(RedisErrors.CountGreaterThanZero);
                }
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        return (ctx.ArgArrays(numKeysIndex + 1, whereIndex), max, count == -1 ? 1 : count);
    }

    private static void ReplyMPop(CommandContext ctx, byte[][] keys, SortedSetPopped? popped)
    {
        if (popped is null)
        {
            ctx.Reply.WriteNullArray();
            return;
        }
        ctx.Reply.WriteArrayHeader(2);
        ctx.Reply.WriteBulkString(keys[popped.KeyIndex]);
        ReplyPairs(ctx, popped.Entries);
    }

    /// <summary>
    /// Pops from the first existing key, or waits until one of the keys gets members, the timeout
    /// passes (the reply gets null) or the server stops. Completes synchronously when it need not wait.
    /// The first attempt reports WRONGTYPE; a waiting reader is served only from sorted sets, as in Redis.
    /// </summary>
    private static ValueTask Wait(CommandContext ctx, byte[][] keys, bool max, long count, TimeSpan timeout, Action<CommandContext, byte[][], SortedSetPopped?> reply)
    {
        var db = ctx.Db;
        bool retry = false;
        var pending = BlockingPop.RunAsync<SortedSetPopped>(db, keys, ValueKind.SortedSet, timeout, () =>
        {
            var popped = db.SortedSetPopFirst(keys, max, count, skipWrongType: retry);
            retry = true;
            return popped is null ? null : new PopAttempt<SortedSetPopped>(popped, popped.KeyIndex, popped.Remaining);
        }, ctx.Session.Disconnected);
        if (pending.IsCanceled)
        {
            return default; // cancelled before it ran (the server is stopping): nobody to answer
        }
        if (pending.IsCompleted)
        {
            reply(ctx, keys, pending.GetAwaiter().GetResult()?.Result);
            return default;
        }
        return ReplyWhenDone(ctx, keys, pending, reply);
    }

    private static async ValueTask ReplyWhenDone(CommandContext ctx, byte[][] keys, Task<PopAttempt<SortedSetPopped>?> pending, Action<CommandContext, byte[][], SortedSetPopped?> reply)
    {
        PopAttempt<SortedSetPopped>? result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the server is stopping: no reply
        }
        // The connection loop released the output while this client waited: take it back to write.
        await ctx.Session.OutputLock.WaitAsync().ConfigureAwait(false);
        try
        {
            reply(ctx, keys, result?.Result);
        }
        finally
        {
            ctx.Session.OutputLock.Release();
        }
    }
}
