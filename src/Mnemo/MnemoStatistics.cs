namespace Mnemo;

/// <summary>Counters of a store (what the server's INFO stats and keyspace sections report).</summary>
/// <param name="CommandsProcessed">Operations executed through the embedded API or the server.</param>
/// <param name="KeyspaceHits">Read lookups that found their key.</param>
/// <param name="KeyspaceMisses">Read lookups that did not.</param>
/// <param name="ExpiredKeys">Keys removed because their TTL passed (lazily or by the active cycle).</param>
/// <param name="Databases">Per non-empty database: keys and keys with an expiry.</param>
public sealed record MnemoStatistics(
    long CommandsProcessed,
    long KeyspaceHits,
    long KeyspaceMisses,
    long ExpiredKeys,
    IReadOnlyList<DatabaseStatistics> Databases);

/// <summary>Key counts of one database.</summary>
/// <param name="Index">Database number.</param>
/// <param name="Keys">Number of keys.</param>
/// <param name="KeysWithExpiry">Number of keys with a TTL.</param>
public sealed record DatabaseStatistics(int Index, long Keys, long KeysWithExpiry);
