using System.Text;
using Mnemo.Internal.Text;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>
/// Parses the arguments of the sorted-set commands whose option rules are intricate (ZADD, the
/// ZRANGE family, ZUNION/ZINTER/ZDIFF), with Redis 7's checks, order of checks and error texts,
/// so the server's handlers only pass the arguments after the key through.
/// </summary>
internal static class SortedSetArguments
{
    /// <summary>ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]: <paramref name="args"/> start after the key.</summary>
    public static (ZAddFlags Flags, ScoredMember[] Entries) ParseZAdd(IReadOnlyList<byte[]> args)
    {
        var flags = ZAddFlags.None;
        int i = 0;
        for (; i < args.Count; i++)
        {
            var flag = Flag(args[i]) switch
            {
                "NX" => ZAddFlags.Nx,
                "XX" => ZAddFlags.Xx,
                "GT" => ZAddFlags.Gt,
                "LT" => ZAddFlags.Lt,
                "CH" => ZAddFlags.Ch,
                "INCR" => ZAddFlags.Incr,
                _ => ZAddFlags.None,
            };
            if (flag == ZAddFlags.None)
            {
                break;
            }
            flags |= flag;
        }
        int elements = args.Count - i;
        if (elements % 2 != 0)
        {
            Db.Throw(RedisErrors.Syntax);
        }
        Db.ValidateZAddOptions(flags, elements / 2);
        var entries = new ScoredMember[elements / 2];
        for (int e = 0; e < entries.Length; e++)
        {
            if (!TryParseScore(args[i + (2 * e)], out double score))
            {
                Db.Throw(RedisErrors.NotFloat);
            }
            entries[e] = new ScoredMember(score, args[i + (2 * e) + 1]);
        }
        return (flags, entries);
    }

    /// <summary>
    /// ZRANGE / ZRANGESTORE and the legacy forms: <paramref name="args"/> are the two bounds and the
    /// options. <paramref name="by"/> and <paramref name="reverse"/> are fixed by legacy commands
    /// (ZRANGEBYSCORE: Score, false; ZREVRANGEBYLEX: Lex, true) and null for ZRANGE, where options choose.
    /// </summary>
    public static (ZRangeQuery Query, bool WithScores) ParseZRange(IReadOnlyList<byte[]> args, ZRangeBy? by, bool? reverse, bool store)
    {
        if (args.Count < 2)
        {
            Db.Throw(RedisErrors.Syntax);
        }
        bool withScores = false, limited = false;
        long offset = 0, count = -1;
        var rangeBy = by;
        bool? direction = reverse;
        for (int j = 2; j < args.Count; j++)
        {
            int left = args.Count - j - 1;
            string option = Flag(args[j]);
            if (!store && option == "WITHSCORES")
            {
                withScores = true;
            }
            else if (option == "LIMIT" && left >= 2)
            {
                bool numbers = NumberText.TryParseInt64(args[j + 1], out offset) & NumberText.TryParseInt64(args[j + 2], out count);
                if (!numbers)
                {
                    Db.Throw(RedisErrors.NotInteger);
                }
                limited = count != -1; // Redis tells "no LIMIT" by a count of -1
                j += 2;
            }
            else if (reverse is null && option == "REV")
            {
                direction = true;
            }
            else if (by is null && option == "BYLEX")
            {
                rangeBy = ZRangeBy.Lex;
            }
            else if (by is null && option == "BYSCORE")
            {
                rangeBy = ZRangeBy.Score;
            }
            else
            {
                Db.Throw(RedisErrors.Syntax);
            }
        }
        var kind = rangeBy ?? ZRangeBy.Rank;
        bool rev = direction ?? false;
        if (limited && kind == ZRangeBy.Rank)
        {
            Db.Throw(RedisErrors.ZRangeLimitNeedsScoreOrLex);
        }
        if (withScores && kind == ZRangeBy.Lex)
        {
            Db.Throw(RedisErrors.ZRangeWithScoresByLex);
        }
        // Reversed score and lex ranges are written max first.
        var (min, max) = rev && kind != ZRangeBy.Rank ? (args[1], args[0]) : (args[0], args[1]);
        switch (kind)
        {
            case ZRangeBy.Score:
                if (!ScoreRange.TryParse(min, max, out var score))
                {
                    Db.Throw(RedisErrors.MinMaxNotFloat);
                }
                return (ZRangeQuery.ByScore(score, rev, offset, count), withScores);
            case ZRangeBy.Lex:
                if (!LexRange.TryParse(min, max, out var lex))
                {
                    Db.Throw(RedisErrors.MinMaxNotLex);
                }
                return (ZRangeQuery.ByLex(lex, rev, offset, count), withScores);
            default:
                bool ranks = NumberText.TryParseInt64(min, out long start) & NumberText.TryParseInt64(max, out long stop);
                if (!ranks)
                {
                    Db.Throw(RedisErrors.NotInteger);
                }
                return (ZRangeQuery.ByRank(start, stop, rev), withScores);
        }
    }

    /// <summary>
    /// ZUNION/ZINTER/ZDIFF[STORE] from numkeys on: the keys, WEIGHTS, AGGREGATE and (not for the
    /// STORE forms) WITHSCORES. <paramref name="command"/> names the command in errors.
    /// </summary>
    public static (byte[][] Keys, double[]? Weights, ZAggregate Aggregate, bool WithScores) ParseCombine(IReadOnlyList<byte[]> args, ZSetOperation operation, bool store, string command)
    {
        long numKeys = 0;
        if (args.Count == 0 || !NumberText.TryParseInt64(args[0], out numKeys))
        {
            Db.Throw(RedisErrors.NotInteger);
        }
        if (numKeys < 1)
        {
            Db.Throw(RedisErrors.InputKeyNeeded(command));
        }
        if (numKeys > args.Count - 1)
        {
            Db.Throw(RedisErrors.Syntax);
        }
        var keys = new byte[numKeys][];
        for (int k = 0; k < numKeys; k++)
        {
            keys[k] = args[1 + k];
        }
        double[]? weights = null;
        var aggregate = ZAggregate.Sum;
        bool withScores = false;
        for (int j = 1 + (int)numKeys; j < args.Count;)
        {
            int remaining = args.Count - j;
            string option = Flag(args[j]);
            if (operation != ZSetOperation.Diff && remaining >= numKeys + 1 && option == "WEIGHTS")
            {
                weights = new double[numKeys];
                for (int w = 0; w < numKeys; w++)
                {
                    if (!TryParseScore(args[j + 1 + w], out weights[w]))
                    {
                        Db.Throw(RedisErrors.WeightNotFloat);
                    }
                }
                j += 1 + (int)numKeys;
            }
            else if (operation != ZSetOperation.Diff && remaining >= 2 && option == "AGGREGATE")
            {
                aggregate = Flag(args[j + 1]) switch
                {
                    "SUM" => ZAggregate.Sum,
                    "MIN" => ZAggregate.Min,
                    "MAX" => ZAggregate.Max,
                    _ => throw new MnemoException(RedisErrors.Syntax),
                };
                j += 2;
            }
            else if (!store && option == "WITHSCORES")
            {
                withScores = true;
                j++;
            }
            else
            {
                Db.Throw(RedisErrors.Syntax);
            }
        }
        return (keys, weights, aggregate, withScores);
    }

    /// <summary>
    /// A score or weight as Redis's string2d reads it: strtod syntax, but a value that overflows to
    /// infinity or underflows to zero (ERANGE) is refused, unlike an explicit <c>inf</c>.
    /// </summary>
    public static bool TryParseScore(ReadOnlySpan<byte> text, out double value) => NumberText.TryParseDouble(text, out value);

    /// <summary>An option word in upper case (options are short ASCII; anything longer is not an option).</summary>
    private static string Flag(byte[] arg) => arg.Length is > 0 and <= 10 ? Encoding.ASCII.GetString(arg).ToUpperInvariant() : string.Empty;
}
