using System.Globalization;
using Mnemo.Server.Tests.Infrastructure;
using Mnemo.Tests.Contract;

namespace Mnemo.Server.Tests.Contract;

/// <summary>Set methods as Redis commands.</summary>
[RespTranslations]
internal static class SetTranslations
{
    public static void Register(Dictionary<string, Func<Call, object?>> t)
    {
        t["SetAdd(MnemoKey,MnemoValue)"] = c => c.Send("SADD", c.Args[0], c.Args[1]).Integer == 1;
        t["SetAdd(MnemoKey,MnemoValue[])"] = c => Many(c, "SADD", c => c.Send("SADD", c.Args[0], c.Args[1]).Integer);
        t["SetRemove(MnemoKey,MnemoValue)"] = c => c.Send("SREM", c.Args[0], c.Args[1]).Integer == 1;
        t["SetRemove(MnemoKey,MnemoValue[])"] = c => Many(c, "SREM", c => c.Send("SREM", c.Args[0], c.Args[1]).Integer);
        t["SetMembers(MnemoKey)"] = c => Call.Values(c.Send("SMEMBERS", c.Args[0]));
        t["SetContains(MnemoKey,MnemoValue)"] = c => c.Send("SISMEMBER", c.Args[0], c.Args[1]).Integer == 1;
        t["SetContains(MnemoKey,MnemoValue[])"] = c => Many(c, "SMISMEMBER", c => c.Send("SMISMEMBER", c.Args[0], c.Args[1]).Items!.Select(i => i.Integer == 1).ToArray());
        t["SetLength(MnemoKey)"] = c => c.Send("SCARD", c.Args[0]).Integer;
        t["SetPop(MnemoKey)"] = c => Call.Value(c.Send("SPOP", c.Args[0]));
        t["SetPop(MnemoKey,Int64)"] = c => Call.Values(c.Send("SPOP", c.Args[0], c.Args[1]));
        t["SetRandomMember(MnemoKey)"] = c => Call.Value(c.Send("SRANDMEMBER", c.Args[0]));
        t["SetRandomMembers(MnemoKey,Int64)"] = c => Call.Values(c.Send("SRANDMEMBER", c.Args[0], c.Args[1]));
        t["SetMove(MnemoKey,MnemoKey,MnemoValue)"] = c => c.Send("SMOVE", c.Args[0], c.Args[1], c.Args[2]).Integer == 1;
        t["SetCombine(SetOperation,MnemoKey,MnemoKey)"] = c => Call.Values(c.Send(Command(c.Arg<SetOperation>(0)), c.Args[1], c.Args[2]));
        t["SetCombine(SetOperation,MnemoKey[])"] = c => Call.Values(c.Send(Command(c.Arg<SetOperation>(0)), c.Args[1]));
        t["SetCombineAndStore(SetOperation,MnemoKey,MnemoKey,MnemoKey)"] = c =>
            c.Send(Command(c.Arg<SetOperation>(0)) + "STORE", c.Args[1], c.Args[2], c.Args[3]).Integer;
        t["SetCombineAndStore(SetOperation,MnemoKey,MnemoKey[])"] = c =>
            c.Send(Command(c.Arg<SetOperation>(0)) + "STORE", c.Args[1], c.Args[2]).Integer;
        t["SetIntersectionLength(MnemoKey[],Int64)"] = c =>
            c.Send("SINTERCARD", c.Arg<MnemoKey[]>(0).Length, c.Args[0], "LIMIT", c.Args[1]).Integer;
        t["SetScan(MnemoKey,MnemoValue,Int32)"] = c =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(c.Arg<int>(2), 1, "pageSize");
            return Scan(c, c.Arg<MnemoKey>(0), c.Arg<MnemoValue>(1), c.Arg<int>(2));
        };
        t["SetScanPage(MnemoKey,Int64,MnemoValue,Int64)"] = c =>
        {
            var (cursor, items) = ScanPage(c, "SSCAN", c.Arg<MnemoKey>(0), c.Arg<long>(1), c.Arg<MnemoValue>(2), c.Arg<long>(3));
            return new SetScanResult(cursor, Call.Values(items));
        };
    }

    /// <summary>
    /// A command taking members; with none (an arity error over RESP) the embedded call only checks
    /// the key's type and answers the empty result: SCARD does the type check.
    /// </summary>
    private static object? Many(Call c, string command, Func<Call, object?> send)
    {
        if (c.Arg<MnemoValue[]>(1).Length > 0)
        {
            return send(c);
        }
        c.Send("SCARD", c.Args[0]);
        return command == "SMISMEMBER" ? Array.Empty<bool>() : 0L;
    }

    private static string Command(SetOperation operation) => operation switch
    {
        SetOperation.Union => "SUNION",
        SetOperation.Intersect => "SINTER",
        _ => "SDIFF",
    };

    private static IEnumerable<MnemoValue> Scan(Call c, MnemoKey key, MnemoValue pattern, int pageSize)
    {
        long cursor = 0;
        do
        {
            var (next, items) = ScanPage(c, "SSCAN", key, cursor, pattern, pageSize);
            foreach (var member in Call.Values(items))
            {
                yield return member;
            }
            cursor = next;
        }
        while (cursor != 0);
    }

    /// <summary>One SSCAN / HSCAN call: the next cursor and the page's items.</summary>
    public static (long Cursor, RespReply Items) ScanPage(Call c, string command, MnemoKey key, long cursor, MnemoValue pattern, long count)
    {
        var reply = c.Send(command, key, unchecked((ulong)cursor).ToString(CultureInfo.InvariantCulture),
            pattern.IsNull ? null : new object[] { "MATCH", pattern }, "COUNT", count);
        return (unchecked((long)ulong.Parse(reply.Items![0].Text!, CultureInfo.InvariantCulture)), reply.Items[1]);
    }
}

public sealed class SetContractOverTcp() : SetContract(new ServerTarget());
