using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Text;

namespace Mnemo.Server.Commands;

/// <summary>The ZRANGE family, ZREMRANGEBY*, ZUNION / ZINTER / ZDIFF (and STORE forms), ZINTERCARD.</summary>
internal static partial class SortedSetCommands
{
    private static void RegisterRanges(CommandTable table)
    {
        table.Add("ZRANGE", -4, CommandFlags.ReadOnly, 1, 1, 1, ctx => ZRange(ctx, null, null));
        table.Add("ZRANGEBYSCORE", -4, CommandFlags.ReadOnly, 1, 1, 1, ctx => ZRange(ctx, ZRangeBy.Score, false));
        table.Add("ZREVRANGEBYSCORE", -4, CommandFlags.ReadOnly, 1, 1, 1, ctx => ZRange(ctx, ZRangeBy.Score, true));
        table.Add("ZRANGEBYLEX", -4, CommandFlags.ReadOnly, 1, 1, 1, ctx => ZRange(ctx, ZRangeBy.Lex, false));
        table.Add("ZREVRANGEBYLEX", -4, CommandFlags.ReadOnly, 1, 1, 1, ctx => ZRange(ctx, ZRangeBy.Lex, true));
        table.Add("ZREVRANGE", -4, CommandFlags.ReadOnly, 1, 1, 1, ctx => ZRange(ctx, ZRangeBy.Rank, true));
        table.Add("ZRANGESTORE", -5, Write, 1, 2, 1, ZRangeStore);
        table.Add("ZREMRANGEBYRANK", 4, CommandFlags.Write, 1, 1, 1, ctx => ZRemRange(ctx, ZRangeBy.Rank));
        table.Add("ZREMRANGEBYSCORE", 4, CommandFlags.Write, 1, 1, 1, ctx => ZRemRange(ctx, ZRangeBy.Score));
        table.Add("ZREMRANGEBYLEX", 4, CommandFlags.Write, 1, 1, 1, ctx => ZRemRange(ctx, ZRangeBy.Lex));
        table.Add("ZUNION", -3, CommandFlags.ReadOnly, 0, 0, 0, ctx => Combine(ctx, ZSetOperation.Union));
        table.Add("ZINTER", -3, CommandFlags.ReadOnly, 0, 0, 0, ctx => Combine(ctx, ZSetOperation.Inter));
        table.Add("ZDIFF", -3, CommandFlags.ReadOnly, 0, 0, 0, ctx => Combine(ctx, ZSetOperation.Diff));
        table.Add("ZUNIONSTORE", -4, Write, 1, 1, 1, ctx => CombineStore(ctx, ZSetOperation.Union));
        table.Add("ZINTERSTORE", -4, Write, 1, 1, 1, ctx => CombineStore(ctx, ZSetOperation.Inter));
        table.Add("ZDIFFSTORE", -4, Write, 1, 1, 1, ctx => CombineStore(ctx, ZSetOperation.Diff));
        table.Add("ZINTERCARD", -3, CommandFlags.ReadOnly, 0, 0, 0, ZInterCard);
    }

    /// <summary>
    /// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES], and the legacy
    /// forms whose kind (<paramref name="by"/>) and direction are fixed by the command.
    /// </summary>
    private static void ZRange(CommandContext ctx, ZRangeBy? by, bool? reverse)
    {
        var (query, withScores) = SortedSetArguments.ParseZRange(ctx.ArgArrays(2), by, reverse, store: false);
        ReplyEntries(ctx, ctx.Db.SortedSetRange(ctx.Arg(1), query), withScores);
    }

    /// <summary>ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count].</summary>
    private static void ZRangeStore(CommandContext ctx)
    {
        var (query, _) = SortedSetArguments.ParseZRange(ctx.ArgArrays(3), null, null, store: true);
        ctx.Reply.WriteInteger(ctx.Db.SortedSetRangeStore(ctx.Arg(1), ctx.Arg(2), query));
    }

    /// <summary>ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX key min max: the range is parsed before the key is read.</summary>
    private static void ZRemRange(CommandContext ctx, ZRangeBy by)
    {
        var (query, _) = SortedSetArguments.ParseZRange([ctx.ArgArray(2), ctx.ArgArray(3)], by, false, store: false);
        ctx.Reply.WriteInteger(ctx.Db.SortedSetRemoveRange(ctx.Arg(1), query));
    }

    /// <summary>ZUNION / ZINTER / ZDIFF numkeys key [key ...] [WEIGHTS ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES].</summary>
    private static void Combine(CommandContext ctx, ZSetOperation operation)
    {
        var (keys, weights, aggregate, withScores) = ParseCombine(ctx, 1, operation, store: false);
        ReplyEntries(ctx, ctx.Db.SortedSetCombine(operation, keys, weights, aggregate), withScores);
    }

    /// <summary>ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...].</summary>
    private static void CombineStore(CommandContext ctx, ZSetOperation operation)
    {
        var (keys, weights, aggregate, _) = ParseCombine(ctx, 2, operation, store: true);
        ctx.Reply.WriteInteger(ctx.Db.SortedSetCombineStore(operation, ctx.Arg(1), keys, weights, aggregate));
    }

    /// <summary>
    /// The engine's parser, with Redis's order of checks: numkeys, then the input keys' types
    /// (WRONGTYPE before any error in WEIGHTS, AGGREGATE or WITHSCORES), then the options.
    /// </summary>
    private static (byte[][] Keys, double[]? Weights, ZAggregate Aggregate, bool WithScores) ParseCombine(
        CommandContext ctx, int numKeysIndex, ZSetOperation operation, bool store)
    {
        var args = ctx.ArgArrays(numKeysIndex);
        try
        {
            return SortedSetArguments.ParseCombine(args, operation, store, ctx.Spec.LowerName);
        }
        catch (MnemoException)
        {
            if (NumberText.TryParseInt64(args[0], out long numKeys) && numKeys >= 1 && numKeys <= args.Length - 1)
            {
                for (int k = 1; k <= numKeys; k++)
                {
                    if (ctx.Db.KeyType(args[k]) is not (0 or ValueKind.SortedSet or ValueKind.Set))
                    {
                        Db.ThrowWrongType();
                    }
                }
            }
            throw;
        }
    }

    /// <summary>ZINTERCARD numkeys key [key ...] [LIMIT limit].</summary>
    private static void ZInterCard(CommandContext ctx)
    {
        if (!NumberText.TryParseInt64(ctx.Arg(1), out long numKeys) || numKeys < 1)
        {
            throw new MnemoException(RedisErrors.NumKeysPositive);
        }
        if (numKeys > ctx.Count - 2)
        {
            throw new MnemoException(RedisErrors.NumKeysExceedArgs);
        }
        long limit = 0;
        for (int j = 2 + (int)numKeys; j < ctx.Count; j++)
        {
            if (ctx.ArgIs(j, "LIMIT"u8) && j + 1 < ctx.Count)
            {
                j++;
                if (!NumberText.TryParseInt64(ctx.Arg(j), out limit) || limit < 0)
                {
                    throw new MnemoException(RedisErrors.LimitNegative);
                }
            }
            else
            {
                throw CommandContext.SyntaxError();
            }
        }
        ctx.Reply.WriteInteger(ctx.Db.SortedSetIntersectionCardinality(ctx.ArgArrays(2, 2 + (int)numKeys), limit));
    }
}
