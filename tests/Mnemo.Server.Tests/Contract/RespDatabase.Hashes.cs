using Mnemo.Server.Tests.Infrastructure;
using Mnemo.Tests.Contract;

namespace Mnemo.Server.Tests.Contract;

/// <summary>Hash methods as Redis commands.</summary>
[RespTranslations]
internal static class HashTranslations
{
    public static void Register(Dictionary<string, Func<Call, object?>> t)
    {
        t["HashSet(MnemoKey,MnemoValue,MnemoValue,When)"] = c => c.Arg<When>(3) switch
        {
            When.Exists => throw new ArgumentException("Redis has no HSET XX: use When.Always or When.NotExists (HSETNX).", "when"),
            When.NotExists => c.Send("HSETNX", c.Args[0], c.Args[1], c.Args[2]).Integer == 1,
            _ => c.Send("HSET", c.Args[0], c.Args[1], c.Args[2]).Integer == 1,
        };
        t["HashSet(MnemoKey,HashEntry[])"] = c =>
        {
            var entries = c.Arg<HashEntry[]>(1);
            return entries.Length == 0
                ? TypeChecked(c, 0L)
                : c.Send("HSET", c.Args[0], entries.Select(e => new object[] { e.Name, e.Value })).Integer;
        };
        t["HashSetIfNotExists(MnemoKey,MnemoValue,MnemoValue)"] = c => c.Send("HSETNX", c.Args[0], c.Args[1], c.Args[2]).Integer == 1;
        t["HashGet(MnemoKey,MnemoValue)"] = c => Call.Value(c.Send("HGET", c.Args[0], c.Args[1]));
        t["HashGet(MnemoKey,MnemoValue[])"] = c => c.Arg<MnemoValue[]>(1).Length == 0 ? TypeChecked(c, Array.Empty<MnemoValue>()) : Call.Values(c.Send("HMGET", c.Args[0], c.Args[1]));
        t["HashGetAll(MnemoKey)"] = c => Entries(c.Send("HGETALL", c.Args[0]));
        t["HashDelete(MnemoKey,MnemoValue)"] = c => c.Send("HDEL", c.Args[0], c.Args[1]).Integer == 1;
        t["HashDelete(MnemoKey,MnemoValue[])"] = c => c.Arg<MnemoValue[]>(1).Length == 0 ? TypeChecked(c, 0L) : c.Send("HDEL", c.Args[0], c.Args[1]).Integer;
        t["HashExists(MnemoKey,MnemoValue)"] = c => c.Send("HEXISTS", c.Args[0], c.Args[1]).Integer == 1;
        t["HashLength(MnemoKey)"] = c => c.Send("HLEN", c.Args[0]).Integer;
        t["HashKeys(MnemoKey)"] = c => Call.Values(c.Send("HKEYS", c.Args[0]));
        t["HashValues(MnemoKey)"] = c => Call.Values(c.Send("HVALS", c.Args[0]));
        t["HashIncrement(MnemoKey,MnemoValue,Int64)"] = c => c.Send("HINCRBY", c.Args[0], c.Args[1], c.Args[2]).Integer;
        t["HashDecrement(MnemoKey,MnemoValue,Int64)"] = c =>
            c.Arg<long>(2) == long.MinValue
                ? throw new MnemoException(RedisErrors.Overflow) // the negated amount does not exist (as the embedded API)
                : c.Send("HINCRBY", c.Args[0], c.Args[1], -c.Arg<long>(2)).Integer;
        t["HashIncrement(MnemoKey,MnemoValue,Double)"] = c => Call.Double(c.Send("HINCRBYFLOAT", c.Args[0], c.Args[1], Float(c.Arg<double>(2))));
        t["HashDecrement(MnemoKey,MnemoValue,Double)"] = c => Call.Double(c.Send("HINCRBYFLOAT", c.Args[0], c.Args[1], Float(-c.Arg<double>(2))));
        t["HashStringLength(MnemoKey,MnemoValue)"] = c => c.Send("HSTRLEN", c.Args[0], c.Args[1]).Integer;
        t["HashRandomField(MnemoKey)"] = c => Call.Value(c.Send("HRANDFIELD", c.Args[0]));
        t["HashRandomFields(MnemoKey,Int64)"] = c => Call.Values(c.Send("HRANDFIELD", c.Args[0], c.Args[1]));
        t["HashRandomFieldsWithValues(MnemoKey,Int64)"] = c => Entries(c.Send("HRANDFIELD", c.Args[0], c.Args[1], "WITHVALUES"));
        t["HashScan(MnemoKey,MnemoValue,Int32)"] = c =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(c.Arg<int>(2), 1, "pageSize");
            return Scan(c, c.Arg<MnemoKey>(0), c.Arg<MnemoValue>(1), c.Arg<int>(2));
        };
        t["HashScanPage(MnemoKey,Int64,MnemoValue,Int64)"] = c =>
        {
            var (cursor, items) = SetTranslations.ScanPage(c, "HSCAN", c.Arg<MnemoKey>(0), c.Arg<long>(1), c.Arg<MnemoValue>(2), c.Arg<long>(3));
            return new HashScanResult(cursor, Entries(items));
        };
    }

    /// <summary>
    /// The answer of a call given no fields (an arity error over RESP): the embedded call only checks
    /// the key's type, as HLEN does here.
    /// </summary>
    private static T TypeChecked<T>(Call c, T empty)
    {
        c.Send("HLEN", c.Args[0]);
        return empty;
    }

    /// <summary>A double as HINCRBYFLOAT takes it (NaN as "nan", which Redis refuses as the embedded API does).</summary>
    private static object Float(double value) => double.IsNaN(value) ? "nan" : value;

    /// <summary>A flat field/value array (RESP2 HGETALL, HRANDFIELD WITHVALUES, HSCAN) as entries.</summary>
    private static HashEntry[] Entries(RespReply reply)
    {
        var items = reply.Items ?? [];
        var entries = new HashEntry[items.Count / 2];
        for (int e = 0; e < entries.Length; e++)
        {
            entries[e] = new HashEntry(Call.Value(items[2 * e]), Call.Value(items[(2 * e) + 1]));
        }
        return entries;
    }

    private static IEnumerable<HashEntry> Scan(Call c, MnemoKey key, MnemoValue pattern, int pageSize)
    {
        long cursor = 0;
        do
        {
            var (next, items) = SetTranslations.ScanPage(c, "HSCAN", key, cursor, pattern, pageSize);
            foreach (var entry in Entries(items))
            {
                yield return entry;
            }
            cursor = next;
        }
        while (cursor != 0);
    }
}

public sealed class HashContractOverTcp() : HashContract(new ServerTarget());
