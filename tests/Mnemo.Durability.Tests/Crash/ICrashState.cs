namespace Mnemo.Durability.Tests.Crash;

/// <summary>
/// Read access to a recovered store for <see cref="CrashVerifier"/>: the embedded store here, a
/// RESP connection to a restarted server for the server crash test (GET, MGET, LRANGE, KEYS).
/// </summary>
public interface ICrashState
{
    /// <summary>GET as an integer; null when the key does not exist.</summary>
    long? GetInteger(string key);

    /// <summary>MGET: each value, null for a missing key.</summary>
    IReadOnlyList<string?> GetStrings(IReadOnlyList<string> keys);

    /// <summary>LRANGE key 0 -1.</summary>
    IReadOnlyList<string> ListRange(string key);

    /// <summary>KEYS pattern.</summary>
    IReadOnlyList<string> Keys(string pattern);
}

/// <summary><see cref="ICrashState"/> over an embedded database.</summary>
public sealed class EmbeddedCrashState(IMnemoDatabase db) : ICrashState
{
    public long? GetInteger(string key) => (long?)db.StringGet(key);

    public IReadOnlyList<string?> GetStrings(IReadOnlyList<string> keys) =>
        [.. db.StringGet([.. keys.Select(k => (MnemoKey)k)]).Select(v => (string?)v)];

    public IReadOnlyList<string> ListRange(string key) => [.. db.ListRange(key).Select(v => (string)v!)];

    public IReadOnlyList<string> Keys(string pattern) => [.. db.Keys(pattern).Select(k => k.ToString())];
}
