using System.Globalization;
using Mnemo.Tests.Contract;

namespace Mnemo.Server.Tests.Contract;

/// <summary>String methods as Redis commands.</summary>
[RespTranslations]
internal static class StringTranslations
{
    public static void Register(Dictionary<string, Func<Call, object?>> t)
    {
        t["StringGet(MnemoKey)"] = c => Call.Value(c.Send("GET", c.Args[0]));
        t["StringGet(MnemoKey[])"] = c => Call.Values(c.Send("MGET", c.Args[0]));
        t["StringSet(MnemoKey,MnemoValue,Nullable`1,When,Boolean)"] = c =>
        {
            var expiry = (TimeSpan?)c.Args[2];
            var reply = c.Send("SET", c.Args[0], c.Args[1], expiry is { } e ? new object[] { "PX", Call.Seconds(e) } : null,
                Condition(c.Arg<When>(3)), c.Arg<bool>(4) && expiry is null ? "KEEPTTL" : null);
            return !reply.IsNull;
        };
        t["StringSet(MnemoKey,MnemoValue,DateTimeOffset,When)"] = c =>
            !c.Send("SET", c.Args[0], c.Args[1], "PXAT", c.Arg<DateTimeOffset>(2).ToUnixTimeMilliseconds(), Condition(c.Arg<When>(3))).IsNull;
        t["StringSet(IEnumerable`1,When)"] = c =>
        {
            var pairs = ((IEnumerable<KeyValuePair<MnemoKey, MnemoValue>>)c.Args[0]!).SelectMany(p => new object[] { p.Key, p.Value }).ToList();
            var reply = c.Send(c.Arg<When>(1) == When.NotExists ? "MSETNX" : "MSET", pairs);
            return reply.Type == '+' || reply.Integer == 1;
        };
        t["StringSetAndGet(MnemoKey,MnemoValue,Nullable`1,When,Boolean)"] = c =>
        {
            var expiry = (TimeSpan?)c.Args[2];
            return Call.Value(c.Send("SET", c.Args[0], c.Args[1], Condition(c.Arg<When>(3)), "GET",
                expiry is { } e ? new object[] { "PX", Call.Seconds(e) } : null, c.Arg<bool>(4) && expiry is null ? "KEEPTTL" : null));
        };
        t["StringGetDelete(MnemoKey)"] = c => Call.Value(c.Send("GETDEL", c.Args[0]));
        t["StringGetSetExpiry(MnemoKey,Nullable`1)"] = c =>
            Call.Value(c.Args[1] is TimeSpan e ? c.Send("GETEX", c.Args[0], "PX", Call.Seconds(e)) : c.Send("GETEX", c.Args[0], "PERSIST"));
        t["StringGetSetExpiry(MnemoKey,DateTimeOffset)"] = c =>
            Call.Value(c.Send("GETEX", c.Args[0], "PXAT", c.Arg<DateTimeOffset>(1).ToUnixTimeMilliseconds()));
        t["StringIncrement(MnemoKey,Int64)"] = c => c.Send("INCRBY", c.Args[0], c.Args[1]).Integer;
        t["StringDecrement(MnemoKey,Int64)"] = c => c.Send("DECRBY", c.Args[0], c.Args[1]).Integer;
        t["StringIncrement(MnemoKey,Double)"] = c => double.Parse(c.Send("INCRBYFLOAT", c.Args[0], c.Args[1]).Text!, CultureInfo.InvariantCulture);
        t["StringAppend(MnemoKey,MnemoValue)"] = c => c.Send("APPEND", c.Args[0], c.Args[1]).Integer;
        t["StringLength(MnemoKey)"] = c => c.Send("STRLEN", c.Args[0]).Integer;
        t["StringGetRange(MnemoKey,Int64,Int64)"] = c => Call.Value(c.Send("GETRANGE", c.Args[0], c.Args[1], c.Args[2]));
        t["StringSetRange(MnemoKey,Int64,MnemoValue)"] = c => c.Send("SETRANGE", c.Args[0], c.Args[1], c.Args[2]).Integer;
    }

    private static string? Condition(When when) => when switch
    {
        When.NotExists => "NX",
        When.Exists => "XX",
        _ => null,
    };
}

public sealed class StringContractOverTcp() : StringContract(new ServerTarget());
