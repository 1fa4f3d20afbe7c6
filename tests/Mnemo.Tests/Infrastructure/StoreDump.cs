using System.Globalization;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Tests.Infrastructure;

/// <summary>
/// Every key of every database of a store, with its type, absolute expiry and value, as sorted
/// lines: two stores with equal dumps hold exactly the same data.
/// </summary>
public static class StoreDump
{
    public static List<string> Of(MnemoStore store)
    {
        var lines = new List<string>();
        for (int d = 0; d < store.DatabaseCount; d++)
        {
            var db = store.GetDatabase(d);
            foreach (var key in db.Keys("*"))
            {
                var type = db.KeyType(key);
                long expiresAt = db.KeyExpireTimeMilliseconds(key);
                lines.Add($"{d} {Convert.ToHexString(key.ToArray())} {type} {expiresAt} {Value(db, key, type)}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string Value(IMnemoDatabase db, MnemoKey key, MnemoType type) => type switch
    {
        MnemoType.String => Hex(db.StringGet(key)),
        MnemoType.List => string.Join(",", db.ListRange(key).Select(Hex)),
        MnemoType.Set => string.Join(",", db.SetMembers(key).Select(Hex).Order(StringComparer.Ordinal)),
        MnemoType.Hash => string.Join(",", db.HashGetAll(key).Select(e => Hex(e.Name) + "=" + Hex(e.Value)).Order(StringComparer.Ordinal)),
        MnemoType.SortedSet => string.Join(",", db.SortedSetRangeByRankWithScores(key).Select(e => Hex(e.Element) + "@" + e.Score.ToString("R", CultureInfo.InvariantCulture))),
        MnemoType.Json => ((MnemoDatabase)db).Engine.JsonGet(key.ToArray(), out _)?.ToJsonString() ?? "null",
        _ => "?",
    };

    private static string Hex(MnemoValue value) => value.IsNull ? "nil" : Convert.ToHexString(value.ToArray());
}
