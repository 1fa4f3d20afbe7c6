using System.Globalization;

namespace Mnemo.Durability.Tests.Crash;

/// <summary><see cref="ICrashState"/> over a RESP connection to a restarted server: GET, MGET, LRANGE, KEYS.</summary>
public sealed class RespCrashState(RespConnection connection) : ICrashState
{
    /// <summary>MGET in slices of this many keys.</summary>
    private const int Slice = 1000;

    public long? GetInteger(string key) => connection.Call("GET", key) switch
    {
        null => null,
        string s => long.Parse(s, CultureInfo.InvariantCulture),
        var other => throw Unexpected("GET", other),
    };

    public IReadOnlyList<string?> GetStrings(IReadOnlyList<string> keys)
    {
        var values = new List<string?>(keys.Count);
        for (int i = 0; i < keys.Count; i += Slice)
        {
            var reply = connection.Call(["MGET", .. keys.Skip(i).Take(Slice)]);
            values.AddRange(Strings("MGET", reply));
        }
        return values;
    }

    public IReadOnlyList<string> ListRange(string key) =>
        [.. Strings("LRANGE", connection.Call("LRANGE", key, "0", "-1")).Select(s => s ?? throw Unexpected("LRANGE", null))];

    public IReadOnlyList<string> Keys(string pattern) =>
        [.. Strings("KEYS", connection.Call("KEYS", pattern)).Select(s => s ?? throw Unexpected("KEYS", null))];

    private static IEnumerable<string?> Strings(string command, object? reply) =>
        reply is object?[] items ? items.Select(item => item as string ?? (item is null ? null : throw Unexpected(command, item))) : throw Unexpected(command, reply);

    private static InvalidDataException Unexpected(string command, object? reply) =>
        new($"{command} replied {reply ?? "nil"}");
}
