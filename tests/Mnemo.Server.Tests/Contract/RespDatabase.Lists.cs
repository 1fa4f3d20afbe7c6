using System.Globalization;
using Mnemo.Tests.Contract;

namespace Mnemo.Server.Tests.Contract;

/// <summary>List methods as Redis commands (the blocking ones as BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, run synchronously).</summary>
[RespTranslations]
internal static class ListTranslations
{
    public static void Register(Dictionary<string, Func<Call, object?>> t)
    {
        t["ListLeftPush(MnemoKey,MnemoValue,When)"] = c => Push(c, "LPUSH", [c.Arg<MnemoValue>(1)]);
        t["ListLeftPush(MnemoKey,MnemoValue[],When)"] = c => Push(c, "LPUSH", c.Arg<MnemoValue[]>(1));
        t["ListRightPush(MnemoKey,MnemoValue,When)"] = c => Push(c, "RPUSH", [c.Arg<MnemoValue>(1)]);
        t["ListRightPush(MnemoKey,MnemoValue[],When)"] = c => Push(c, "RPUSH", c.Arg<MnemoValue[]>(1));
        t["ListLeftPop(MnemoKey)"] = c => Call.Value(c.Send("LPOP", c.Args[0]));
        t["ListRightPop(MnemoKey)"] = c => Call.Value(c.Send("RPOP", c.Args[0]));
        t["ListLeftPop(MnemoKey,Int64)"] = c => NullableValues(c.Send("LPOP", c.Args[0], c.Args[1]));
        t["ListRightPop(MnemoKey,Int64)"] = c => NullableValues(c.Send("RPOP", c.Args[0], c.Args[1]));
        t["ListLeftPop(MnemoKey[],Int64)"] = c => PopResult(c.Send("LMPOP", KeysWithCount(c.Arg<MnemoKey[]>(0)), "LEFT", "COUNT", c.Args[1]));
        t["ListRightPop(MnemoKey[],Int64)"] = c => PopResult(c.Send("LMPOP", KeysWithCount(c.Arg<MnemoKey[]>(0)), "RIGHT", "COUNT", c.Args[1]));
        t["ListLength(MnemoKey)"] = c => c.Send("LLEN", c.Args[0]).Integer;
        t["ListRange(MnemoKey,Int64,Int64)"] = c => Call.Values(c.Send("LRANGE", c.Args[0], c.Args[1], c.Args[2]));
        t["ListGetByIndex(MnemoKey,Int64)"] = c => Call.Value(c.Send("LINDEX", c.Args[0], c.Args[1]));
        t["ListSetByIndex(MnemoKey,Int64,MnemoValue)"] = c =>
        {
            c.Send("LSET", c.Args[0], c.Args[1], c.Args[2]);
            return null;
        };
        t["ListInsertBefore(MnemoKey,MnemoValue,MnemoValue)"] = c => c.Send("LINSERT", c.Args[0], "BEFORE", c.Args[1], c.Args[2]).Integer;
        t["ListInsertAfter(MnemoKey,MnemoValue,MnemoValue)"] = c => c.Send("LINSERT", c.Args[0], "AFTER", c.Args[1], c.Args[2]).Integer;
        t["ListRemove(MnemoKey,MnemoValue,Int64)"] = c => c.Send("LREM", c.Args[0], c.Args[2], c.Args[1]).Integer;
        t["ListTrim(MnemoKey,Int64,Int64)"] = c =>
        {
            c.Send("LTRIM", c.Args[0], c.Args[1], c.Args[2]);
            return null;
        };
        t["ListPosition(MnemoKey,MnemoValue,Int64,Int64)"] = c =>
        {
            var reply = c.Send("LPOS", c.Args[0], c.Args[1], "RANK", c.Args[2], "MAXLEN", c.Args[3]);
            return reply.IsNull ? -1L : reply.Integer;
        };
        t["ListPositions(MnemoKey,MnemoValue,Int64,Int64,Int64)"] = c =>
            c.Send("LPOS", c.Args[0], c.Args[1], "RANK", c.Args[3], "COUNT", c.Args[2], "MAXLEN", c.Args[4]).Items!.Select(i => i.Integer).ToArray();
        t["ListMove(MnemoKey,MnemoKey,ListSide,ListSide)"] = c =>
            Call.Value(c.Send("LMOVE", c.Args[0], c.Args[1], Side(c.Arg<ListSide>(2)), Side(c.Arg<ListSide>(3))));
        t["ListRightPopLeftPush(MnemoKey,MnemoKey)"] = c => Call.Value(c.Send("RPOPLPUSH", c.Args[0], c.Args[1]));

        t["ListBlockingLeftPopAsync(MnemoKey[],TimeSpan,CancellationToken)"] = c => Blocking(c, 2, () => KeyAndValue(c.Send("BLPOP", c.Args[0], Seconds(c.Arg<TimeSpan>(1)))));
        t["ListBlockingRightPopAsync(MnemoKey[],TimeSpan,CancellationToken)"] = c => Blocking(c, 2, () => KeyAndValue(c.Send("BRPOP", c.Args[0], Seconds(c.Arg<TimeSpan>(1)))));
        t["ListBlockingMoveAsync(MnemoKey,MnemoKey,ListSide,ListSide,TimeSpan,CancellationToken)"] = c => Blocking(c, 5, () =>
            Call.Value(c.Send("BLMOVE", c.Args[0], c.Args[1], Side(c.Arg<ListSide>(2)), Side(c.Arg<ListSide>(3)), Seconds(c.Arg<TimeSpan>(4)))));
        t["ListBlockingRightPopLeftPushAsync(MnemoKey,MnemoKey,TimeSpan,CancellationToken)"] = c => Blocking(c, 3, () =>
            Call.Value(c.Send("BRPOPLPUSH", c.Args[0], c.Args[1], Seconds(c.Arg<TimeSpan>(2)))));
        t["ListBlockingPopAsync(MnemoKey[],ListSide,Int64,TimeSpan,CancellationToken)"] = c => Blocking(c, 4, () =>
            PopResult(c.Send("BLMPOP", Seconds(c.Arg<TimeSpan>(3)), KeysWithCount(c.Arg<MnemoKey[]>(0)), Side(c.Arg<ListSide>(1)), "COUNT", c.Args[2])));
    }

    /// <summary>LPUSH/RPUSH (LPUSHX/RPUSHX for When.Exists), refusing what the embedded API refuses before sending.</summary>
    private static long Push(Call c, string command, MnemoValue[] values)
    {
        var when = c.Arg<When>(2);
        if (when == When.NotExists)
        {
            throw new ArgumentException("List pushes support When.Always (LPUSH/RPUSH) and When.Exists (LPUSHX/RPUSHX) only.", "when");
        }
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0 || values.Any(v => v.IsNull))
        {
            throw new ArgumentException("At least one non-null value is required.", nameof(values));
        }
        return c.Send(when == When.Exists ? command + "X" : command, c.Args[0], values).Integer;
    }

    private static string Side(ListSide side) => side == ListSide.Left ? "LEFT" : "RIGHT";

    private static object[] KeysWithCount(MnemoKey[] keys) => [keys.Length, keys];

    /// <summary>Seconds as the blocking commands take them (0 waits forever).</summary>
    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);

    private static MnemoValue[]? NullableValues(Infrastructure.RespReply reply) => reply.IsNull ? null : Call.Values(reply);

    private static ListPopResult? PopResult(Infrastructure.RespReply reply) =>
        reply.IsNull ? null : new ListPopResult(new MnemoKey(reply.Items![0].Bytes!), Call.Values(reply.Items[1]));

    private static KeyValuePair<MnemoKey, MnemoValue>? KeyAndValue(Infrastructure.RespReply reply) =>
        reply.IsNull ? null : new KeyValuePair<MnemoKey, MnemoValue>(new MnemoKey(reply.Items![0].Bytes!), Call.Value(reply.Items[1]));

    /// <summary>Runs a blocking command synchronously; its result or error comes back as the task, as the async API reports it.</summary>
    private static Task<T> Blocking<T>(Call c, int tokenIndex, Func<T> run)
    {
        if (c.Arg<CancellationToken>(tokenIndex).IsCancellationRequested)
        {
            return Task.FromCanceled<T>(c.Arg<CancellationToken>(tokenIndex));
        }
        try
        {
            return Task.FromResult(run());
        }
        catch (Exception e) when (e is MnemoException)
        {
            return Task.FromException<T>(e);
        }
    }
}

public sealed class ListContractOverTcp() : ListContract(new ServerTarget());
