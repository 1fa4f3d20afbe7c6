using System.Globalization;
using Mnemo.Server.Tests.Infrastructure;
using Mnemo.Tests.Contract;

namespace Mnemo.Server.Tests.Contract;

/// <summary>Sorted-set methods as Redis commands (RESP2 replies: scores are bulk strings, pairs flat).</summary>
[RespTranslations]
internal static class SortedSetTranslations
{
    public static void Register(Dictionary<string, Func<Call, object?>> t)
    {
        t["SortedSetAdd(MnemoKey,MnemoValue,Double,SortedSetWhen,Boolean)"] = c =>
            c.Send("ZADD", c.Args[0], Conditions(c.Arg<SortedSetWhen>(3)), c.Arg<bool>(4) ? "CH" : null, Score(c.Arg<double>(2)), c.Args[1]).Integer > 0;
        t["SortedSetAdd(MnemoKey,SortedSetEntry[],SortedSetWhen,Boolean)"] = c =>
        {
            var words = new List<object?> { "ZADD", c.Args[0], Conditions(c.Arg<SortedSetWhen>(2)), c.Arg<bool>(3) ? "CH" : null };
            var entries = c.Arg<SortedSetEntry[]>(1);
            foreach (var entry in entries)
            {
                words.Add(Score(entry.Score));
                words.Add(entry.Element);
            }
            if (entries.Length == 0)
            {
                // No pairs: Redis's arity check (ZADD takes at least 4 arguments) would answer before
                // ZADD's own "syntax error" for a missing pair; a repeated CH reaches it.
                words.Add("CH");
                words.Add("CH");
            }
            return c.Send([.. words]).Integer;
        };
        t["SortedSetIncrement(MnemoKey,MnemoValue,Double)"] = c => Call.Double(c.Send("ZINCRBY", c.Args[0], Score(c.Arg<double>(2)), c.Args[1]));
        t["SortedSetIncrement(MnemoKey,MnemoValue,Double,SortedSetWhen)"] = c =>
            NullableScore(c.Send("ZADD", c.Args[0], Conditions(c.Arg<SortedSetWhen>(3)), "INCR", Score(c.Arg<double>(2)), c.Args[1]));
        t["SortedSetDecrement(MnemoKey,MnemoValue,Double)"] = c => Call.Double(c.Send("ZINCRBY", c.Args[0], Score(-c.Arg<double>(2)), c.Args[1]));
        t["SortedSetRemove(MnemoKey,MnemoValue)"] = c => c.Send("ZREM", c.Args[0], c.Args[1]).Integer > 0;
        t["SortedSetRemove(MnemoKey,MnemoValue[])"] = c => c.Send("ZREM", c.Args[0], c.Args[1]).Integer;
        t["SortedSetScore(MnemoKey,MnemoValue)"] = c => NullableScore(c.Send("ZSCORE", c.Args[0], c.Args[1]));
        t["SortedSetScores(MnemoKey,MnemoValue[])"] = c => c.Send("ZMSCORE", c.Args[0], c.Args[1]).Items!.Select(NullableScore).ToArray();
        t["SortedSetLength(MnemoKey,Double,Double,Exclude)"] = c =>
        {
            double min = c.Arg<double>(1), max = c.Arg<double>(2);
            var exclude = c.Arg<Exclude>(3);
            return double.IsNegativeInfinity(min) && double.IsPositiveInfinity(max) && exclude == Exclude.None
                ? c.Send("ZCARD", c.Args[0]).Integer
                : c.Send("ZCOUNT", c.Args[0], ScoreBound(min, exclude, Exclude.Start), ScoreBound(max, exclude, Exclude.Stop)).Integer;
        };
        t["SortedSetLengthByValue(MnemoKey,MnemoValue,MnemoValue,Exclude)"] = c =>
            c.Send("ZLEXCOUNT", c.Args[0], LexBound(c.Arg<MnemoValue>(1), c.Arg<Exclude>(3), Exclude.Start, "-"), LexBound(c.Arg<MnemoValue>(2), c.Arg<Exclude>(3), Exclude.Stop, "+")).Integer;
        t["SortedSetRangeByRank(MnemoKey,Int64,Int64,Order)"] = c => Call.Values(c.Send("ZRANGE", c.Args[0], c.Args[1], c.Args[2], Rev(c.Arg<Order>(3))));
        t["SortedSetRangeByRankWithScores(MnemoKey,Int64,Int64,Order)"] = c =>
            Entries(c.Arg<Order>(3) == Order.Descending
                ? c.Send("ZREVRANGE", c.Args[0], c.Args[1], c.Args[2], "WITHSCORES")
                : c.Send("ZRANGE", c.Args[0], c.Args[1], c.Args[2], "WITHSCORES"));
        t["SortedSetRangeByScore(MnemoKey,Double,Double,Exclude,Order,Int64,Int64)"] = c =>
        {
            var (min, max) = ScoreBounds(c);
            bool rev = c.Arg<Order>(4) == Order.Descending;
            return Call.Values(rev
                ? c.Send("ZREVRANGEBYSCORE", c.Args[0], max, min, Limit(c, 5))
                : c.Send("ZRANGEBYSCORE", c.Args[0], min, max, Limit(c, 5)));
        };
        t["SortedSetRangeByScoreWithScores(MnemoKey,Double,Double,Exclude,Order,Int64,Int64)"] = c =>
        {
            var (min, max) = ScoreBounds(c);
            bool rev = c.Arg<Order>(4) == Order.Descending;
            return Entries(c.Send("ZRANGE", c.Args[0], rev ? max : min, rev ? min : max, "BYSCORE", Rev(c.Arg<Order>(4)), Limit(c, 5), "WITHSCORES"));
        };
        t["SortedSetRangeByValue(MnemoKey,MnemoValue,MnemoValue,Exclude,Order,Int64,Int64)"] = c =>
        {
            var exclude = c.Arg<Exclude>(3);
            string min = LexBound(c.Arg<MnemoValue>(1), exclude, Exclude.Start, "-"), max = LexBound(c.Arg<MnemoValue>(2), exclude, Exclude.Stop, "+");
            return Call.Values(c.Arg<Order>(4) == Order.Descending
                ? c.Send("ZREVRANGEBYLEX", c.Args[0], max, min, Limit(c, 5))
                : c.Send("ZRANGE", c.Args[0], min, max, "BYLEX", Limit(c, 5)));
        };
        t["SortedSetRangeAndStore(MnemoKey,MnemoKey,MnemoValue,MnemoValue,SortedSetOrder,Exclude,Order,Int64,Nullable`1)"] = RangeAndStore;
        t["SortedSetRank(MnemoKey,MnemoValue,Order)"] = c =>
        {
            var reply = c.Send(c.Arg<Order>(2) == Order.Descending ? "ZREVRANK" : "ZRANK", c.Args[0], c.Args[1]);
            return reply.IsNull ? null : (long?)reply.Integer;
        };
        t["SortedSetRankWithScore(MnemoKey,MnemoValue,Order)"] = c =>
        {
            var reply = c.Send(c.Arg<Order>(2) == Order.Descending ? "ZREVRANK" : "ZRANK", c.Args[0], c.Args[1], "WITHSCORE");
            return reply.IsNull ? null : ((long Rank, double Score)?)(reply.Items![0].Integer, Call.Double(reply.Items[1]));
        };
        t["SortedSetRemoveRangeByRank(MnemoKey,Int64,Int64)"] = c => c.Send("ZREMRANGEBYRANK", c.Args[0], c.Args[1], c.Args[2]).Integer;
        t["SortedSetRemoveRangeByScore(MnemoKey,Double,Double,Exclude)"] = c =>
        {
            var exclude = c.Arg<Exclude>(3);
            return c.Send("ZREMRANGEBYSCORE", c.Args[0], ScoreBound(c.Arg<double>(1), exclude, Exclude.Start), ScoreBound(c.Arg<double>(2), exclude, Exclude.Stop)).Integer;
        };
        t["SortedSetRemoveRangeByValue(MnemoKey,MnemoValue,MnemoValue,Exclude)"] = c =>
        {
            var exclude = c.Arg<Exclude>(3);
            return c.Send("ZREMRANGEBYLEX", c.Args[0], LexBound(c.Arg<MnemoValue>(1), exclude, Exclude.Start, "-"), LexBound(c.Arg<MnemoValue>(2), exclude, Exclude.Stop, "+")).Integer;
        };
        t["SortedSetPop(MnemoKey,Order)"] = c =>
        {
            var entries = Entries(c.Send(PopCommand(c.Arg<Order>(1)), c.Args[0]));
            return entries.Length == 0 ? null : (SortedSetEntry?)entries[0];
        };
        t["SortedSetPop(MnemoKey,Int64,Order)"] = c => Entries(c.Send(PopCommand(c.Arg<Order>(2)), c.Args[0], c.Args[1]));
        t["SortedSetRandomMember(MnemoKey)"] = c => Call.Value(c.Send("ZRANDMEMBER", c.Args[0]));
        t["SortedSetRandomMembers(MnemoKey,Int64)"] = c => Call.Values(c.Send("ZRANDMEMBER", c.Args[0], c.Args[1]));
        t["SortedSetRandomMembersWithScores(MnemoKey,Int64)"] = c => Entries(c.Send("ZRANDMEMBER", c.Args[0], c.Args[1], "WITHSCORES"));
        t["SortedSetCombine(SetOperation,MnemoKey[],Double[],Aggregate)"] = c => Call.Values(Combine(c, withScores: false));
        t["SortedSetCombineWithScores(SetOperation,MnemoKey[],Double[],Aggregate)"] = c => Entries(Combine(c, withScores: true));
        t["SortedSetCombineAndStore(SetOperation,MnemoKey,MnemoKey[],Double[],Aggregate)"] = c =>
            CombineStore(c, c.Arg<SetOperation>(0), c.Arg<MnemoKey>(1), c.Arg<MnemoKey[]>(2), (double[]?)c.Args[3], c.Arg<Aggregate>(4));
        t["SortedSetCombineAndStore(SetOperation,MnemoKey,MnemoKey,MnemoKey,Aggregate)"] = c =>
            CombineStore(c, c.Arg<SetOperation>(0), c.Arg<MnemoKey>(1), [c.Arg<MnemoKey>(2), c.Arg<MnemoKey>(3)], null, c.Arg<Aggregate>(4));
        t["SortedSetIntersectionLength(MnemoKey[],Int64)"] = c =>
        {
            var keys = c.Arg<MnemoKey[]>(0);
            return c.Send("ZINTERCARD", keys.Length, keys, "LIMIT", c.Args[1]).Integer;
        };
        t["SortedSetScan(MnemoKey,MnemoValue,Int32,Int64)"] = Scan;
    }

    private static object? RangeAndStore(Call c)
    {
        var source = c.Arg<MnemoKey>(0);
        var destination = c.Arg<MnemoKey>(1);
        var start = c.Arg<MnemoValue>(2);
        var stop = c.Arg<MnemoValue>(3);
        var by = c.Arg<SortedSetOrder>(4);
        var exclude = c.Arg<Exclude>(5);
        bool rev = c.Arg<Order>(6) == Order.Descending;
        long skip = c.Arg<long>(7);
        var take = (long?)c.Args[8];
        object min = start, max = stop;
        string? kind = null;
        if (by == SortedSetOrder.ByScore)
        {
            min = start.IsNull ? "-inf" : ((exclude & Exclude.Start) != 0 ? "(" : "") + start;
            max = stop.IsNull ? "+inf" : ((exclude & Exclude.Stop) != 0 ? "(" : "") + stop;
            kind = "BYSCORE";
        }
        else if (by == SortedSetOrder.ByLex)
        {
            min = LexBound(start, exclude, Exclude.Start, "-");
            max = LexBound(stop, exclude, Exclude.Stop, "+");
            kind = "BYLEX";
        }
        bool swap = rev && by != SortedSetOrder.ByRank; // reversed score and lex ranges are written max first
        object[]? limit = skip != 0 || take is not null ? ["LIMIT", skip, take ?? -1] : null;
        return c.Send("ZRANGESTORE", destination, source, swap ? max : min, swap ? min : max, kind, rev ? "REV" : null, limit).Integer;
    }

    private static RespReply Combine(Call c, bool withScores)
    {
        var keys = c.Arg<MnemoKey[]>(1);
        // With no keys, "ZUNION 0 WITHSCORES" gets past the arity check to Redis's "at least 1 input key".
        return c.Send(CombineCommand(c.Arg<SetOperation>(0)), keys.Length, keys, Weights((double[]?)c.Args[2]), AggregateOption(c.Arg<Aggregate>(3)), withScores || keys.Length == 0 ? "WITHSCORES" : null);
    }

    private static long CombineStore(Call c, SetOperation operation, MnemoKey destination, MnemoKey[] keys, double[]? weights, Aggregate aggregate)
    {
        // With no keys, the destination as one more argument gets past the arity check to Redis's "at least 1 input key".
        return c.Send(CombineCommand(operation) + "STORE", destination, keys.Length, keys, Weights(weights), AggregateOption(aggregate), keys.Length == 0 ? (object)destination : null).Integer;
    }

    private static List<SortedSetEntry> Scan(Call c)
    {
        var key = c.Arg<MnemoKey>(0);
        var pattern = c.Arg<MnemoValue>(1);
        int pageSize = c.Arg<int>(2);
        long cursor = c.Arg<long>(3);
        if (cursor < 0)
        {
            // The API's cursor is signed; Redis reads "-1" as the unsigned 2^64 - 1, so the refusal is the API's own.
            throw new MnemoException(RedisErrors.InvalidCursor);
        }
        var result = new List<SortedSetEntry>();
        string next = cursor.ToString(CultureInfo.InvariantCulture);
        do
        {
            var reply = c.Send("ZSCAN", key, next, pattern.IsNull ? null : new object[] { "MATCH", pattern }, "COUNT", pageSize);
            next = reply.Items![0].Text!;
            result.AddRange(Entries(reply.Items[1]));
        }
        while (next != "0");
        return result;
    }

    private static string CombineCommand(SetOperation operation) => operation switch
    {
        SetOperation.Union => "ZUNION",
        SetOperation.Intersect => "ZINTER",
        _ => "ZDIFF",
    };

    private static object[]? Weights(double[]? weights) => weights is null ? null : ["WEIGHTS", .. weights.Select(w => (object)Score(w))];

    private static object[]? AggregateOption(Aggregate aggregate) =>
        aggregate == Aggregate.Sum ? null : ["AGGREGATE", aggregate == Aggregate.Min ? "MIN" : "MAX"];

    private static string PopCommand(Order order) => order == Order.Descending ? "ZPOPMAX" : "ZPOPMIN";

    private static string? Rev(Order order) => order == Order.Descending ? "REV" : null;

    private static object[]? Limit(Call c, int skipIndex)
    {
        long skip = c.Arg<long>(skipIndex), take = c.Arg<long>(skipIndex + 1);
        return skip == 0 && take == -1 ? null : ["LIMIT", skip, take];
    }

    private static (string Min, string Max) ScoreBounds(Call c)
    {
        var exclude = c.Arg<Exclude>(3);
        return (ScoreBound(c.Arg<double>(1), exclude, Exclude.Start), ScoreBound(c.Arg<double>(2), exclude, Exclude.Stop));
    }

    private static string ScoreBound(double value, Exclude exclude, Exclude side) => ((exclude & side) != 0 ? "(" : "") + Score(value);

    private static string LexBound(MnemoValue value, Exclude exclude, Exclude side, string unbounded) =>
        value.IsNull ? unbounded : ((exclude & side) != 0 ? "(" : "[") + value;

    /// <summary>A score as Redis reads it: <c>+inf</c>, <c>-inf</c>, <c>nan</c> (refused by the server), or round-trip digits.</summary>
    private static string Score(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "+inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string[]? Conditions(SortedSetWhen when)
    {
        var words = new List<string>();
        if ((when & SortedSetWhen.NotExists) != 0)
        {
            words.Add("NX");
        }
        if ((when & SortedSetWhen.Exists) != 0)
        {
            words.Add("XX");
        }
        if ((when & SortedSetWhen.GreaterThan) != 0)
        {
            words.Add("GT");
        }
        if ((when & SortedSetWhen.LessThan) != 0)
        {
            words.Add("LT");
        }
        return words.Count == 0 ? null : [.. words];
    }

    private static double? NullableScore(RespReply reply) => reply.IsNull ? null : Call.Double(reply);

    /// <summary>RESP2 flat member, score pairs.</summary>
    private static SortedSetEntry[] Entries(RespReply reply)
    {
        var items = reply.Items ?? [];
        var entries = new SortedSetEntry[items.Count / 2];
        for (int e = 0; e < entries.Length; e++)
        {
            entries[e] = new SortedSetEntry(Call.Value(items[2 * e]), Call.Double(items[(2 * e) + 1]));
        }
        return entries;
    }
}

public sealed class SortedSetContractOverTcp() : SortedSetContract(new ServerTarget());
