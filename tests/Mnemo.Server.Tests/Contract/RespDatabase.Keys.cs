using System.Globalization;
using Mnemo.Server.Tests.Infrastructure;
using Mnemo.Tests.Contract;

namespace Mnemo.Server.Tests.Contract;

/// <summary>Key and keyspace methods as Redis commands (DEL ... SWAPDB's database-level siblings).</summary>
[RespTranslations]
internal static class KeyTranslations
{
    public static void Register(Dictionary<string, Func<Call, object?>> t)
    {
        t["KeyDelete(MnemoKey)"] = c => c.Send("DEL", c.Args[0]).Integer == 1;
        t["KeyDelete(MnemoKey[])"] = c => c.Send("DEL", c.Args[0]).Integer;
        t["KeyUnlink(MnemoKey[])"] = c => c.Send("UNLINK", c.Args[0]).Integer;
        t["KeyExists(MnemoKey)"] = c => c.Send("EXISTS", c.Args[0]).Integer == 1;
        t["KeyExists(MnemoKey[])"] = c => c.Send("EXISTS", c.Args[0]).Integer;
        t["KeyType(MnemoKey)"] = c => TypeOf(c.Send("TYPE", c.Args[0]).Text!);
        t["KeyTouch(MnemoKey)"] = c => c.Send("TOUCH", c.Args[0]).Integer == 1;
        t["KeyTouch(MnemoKey[])"] = c => c.Send("TOUCH", c.Args[0]).Integer;
        t["KeyRename(MnemoKey,MnemoKey,When)"] = c => c.Arg<When>(2) switch
        {
            When.Always => c.Send("RENAME", c.Args[0], c.Args[1]).Type == '+',
            When.NotExists => c.Send("RENAMENX", c.Args[0], c.Args[1]).Integer == 1,
            _ => throw new ArgumentException("RENAME supports When.Always and When.NotExists (RENAMENX) only.", "when"),
        };
        t["KeyCopy(MnemoKey,MnemoKey,Int32,Boolean)"] = c =>
        {
            int database = c.Arg<int>(2);
            return c.Send("COPY", c.Args[0], c.Args[1], database == -1 ? null : new object[] { "DB", database },
                c.Arg<bool>(3) ? "REPLACE" : null).Integer == 1;
        };
        t["Keys(MnemoValue)"] = c => Keys(c.Send("KEYS", Pattern(c.Arg<MnemoValue>(0))));
        t["KeyScan(UInt64,MnemoValue,Int32,Nullable`1)"] = c =>
            Scan(c, c.Arg<ulong>(0), c.Arg<MnemoValue>(1), c.Arg<int>(2), (MnemoType?)c.Args[3]);
        t["EnumerateKeys(MnemoValue,Int32,Nullable`1)"] = c =>
        {
            int pageSize = c.Arg<int>(1);
            if (pageSize < 1)
            {
                throw new ArgumentOutOfRangeException("pageSize", "The page size must be at least 1.");
            }
            return Enumerate(c, c.Arg<MnemoValue>(0), pageSize, (MnemoType?)c.Args[2]);
        };
        t["KeyRandom()"] = c => c.Send("RANDOMKEY") is { IsNull: false } reply ? new MnemoKey(reply.Bytes!) : (MnemoKey?)null;
        t["DatabaseSize()"] = c => c.Send("DBSIZE").Integer;
        t["FlushDatabase()"] = c => c.Send("FLUSHDB");
    }

    private static MnemoType TypeOf(string name) => name switch
    {
        "string" => MnemoType.String,
        "list" => MnemoType.List,
        "set" => MnemoType.Set,
        "hash" => MnemoType.Hash,
        "zset" => MnemoType.SortedSet,
        "none" => MnemoType.None,
        _ => throw new InvalidOperationException($"Unexpected TYPE reply '{name}'."),
    };

    private static string TypeName(MnemoType type) => type switch
    {
        MnemoType.String => "string",
        MnemoType.List => "list",
        MnemoType.Set => "set",
        MnemoType.Hash => "hash",
        MnemoType.SortedSet => "zset",
        _ => "none",
    };

    private static object Pattern(MnemoValue pattern) => pattern.IsNull ? "*" : pattern;

    private static MnemoKey[] Keys(RespReply reply) => [.. reply.Items!.Select(k => new MnemoKey(k.Bytes!))];

    private static KeyScanResult Scan(Call c, ulong cursor, MnemoValue pattern, int count, MnemoType? type)
    {
        var reply = c.Send("SCAN", cursor.ToString(CultureInfo.InvariantCulture), pattern.IsNull ? null : new object[] { "MATCH", pattern },
            "COUNT", count, type is { } t ? new object[] { "TYPE", TypeName(t) } : null);
        return new KeyScanResult(ulong.Parse(reply.Items![0].Text!, CultureInfo.InvariantCulture), Keys(reply.Items[1]));
    }

    private static IEnumerable<MnemoKey> Enumerate(Call c, MnemoValue pattern, int pageSize, MnemoType? type)
    {
        ulong cursor = 0;
        do
        {
            var page = Scan(c, cursor, pattern, pageSize, type);
            foreach (var key in page.Keys)
            {
                yield return key;
            }
            cursor = page.Cursor;
        }
        while (cursor != 0);
    }
}

public sealed class KeyContractOverTcp() : KeyContract(new ServerTarget());
