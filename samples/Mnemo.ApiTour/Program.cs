using Mnemo;
using Mnemo.Changes;

// docs/embedded-api.md shows this program verbatim; ./test.sh builds and runs it and checks the copy.
using var store = new MnemoStore();
var db = store.GetDatabase();

// Keys: existence, type, rename, copy, TTL, scan
db.StringSet("config:theme", "dark");
db.KeyExpire("config:theme", TimeSpan.FromHours(1));
db.KeyRename("config:theme", "settings:theme");
db.KeyCopy("settings:theme", "settings:theme:backup");
Console.WriteLine($"type={db.KeyType("settings:theme")} ttl={db.KeyTimeToLiveSeconds("settings:theme")}s exists={db.KeyExists("config:theme")}");
Console.WriteLine($"settings keys: {string.Join(", ", db.EnumerateKeys("settings:*").Select(k => k.ToString()).Order())}");
db.KeyPersist("settings:theme");

// Strings: several keys at once, bits
db.StringSet([new("a", "1"), new("b", "2")]);
Console.WriteLine($"mget: {string.Join(",", db.StringGet("a", "b", "missing").Select(v => v.IsNull ? "(nil)" : v.ToString()))}");
db.StringSetBit("logins:2026-11-22", 42, true);
db.StringSetBit("logins:2026-11-22", 7, true);
Console.WriteLine($"users who logged in: {db.StringBitCount("logins:2026-11-22")}");

// Sets: tags and their algebra
db.SetAdd("tags:post:1", ["dotnet", "redis", "cache"]);
db.SetAdd("tags:post:2", ["dotnet", "database"]);
Console.WriteLine($"common tags: {string.Join(",", db.SetCombine(SetOperation.Intersect, "tags:post:1", "tags:post:2"))}");

// Hashes: counters inside a record
db.HashSet("page:home", "views", 10);
db.HashIncrement("page:home", "views", 5);
Console.WriteLine($"views: {db.HashGet("page:home", "views")}");

// Sorted sets: ranges by score, rank, pop
db.SortedSetAdd("latency", [new SortedSetEntry("a", 12), new SortedSetEntry("b", 250), new SortedSetEntry("c", 40)]);
Console.WriteLine($"under 100 ms: {string.Join(",", db.SortedSetRangeByScore("latency", 0, 100))}, rank of b: {db.SortedSetRank("latency", "b")}");
Console.WriteLine($"slowest: {db.SortedSetPop("latency", Order.Descending)?.Element}");

// Blocking pop: a consumer waits until a producer pushes
var consumer = db.ListBlockingLeftPopAsync(["queue:mail"], TimeSpan.FromSeconds(5));
db.ListRightPush("queue:mail", "welcome:alice");
var job = await consumer;
Console.WriteLine($"consumer got {job?.Value} from {job?.Key}");

// The change stream: every write as an effect record (what the journal and replicas read)
var recorder = new ChangeCounter();
store.SubscribeChanges(recorder);
db.StringIncrement("a");
db.KeyDelete("b");
store.UnsubscribeChanges(recorder);
Console.WriteLine($"changes seen: {recorder.Count}");

// Statistics (what INFO reports)
var stats = store.GetStatistics();
Console.WriteLine($"commands={stats.CommandsProcessed} hits={stats.KeyspaceHits} misses={stats.KeyspaceMisses} keys={stats.Databases.Sum(d => d.Keys)}");

internal sealed class ChangeCounter : IChangeObserver
{
    public int Count { get; private set; }

    public void OnChanges(long firstSequence, int count, ReadOnlySpan<byte> records)
    {
        foreach (var record in ChangeReader.ReadAll(records))
        {
            Console.WriteLine($"  change #{firstSequence++}: {record.Op} db{record.Database} {System.Text.Encoding.UTF8.GetString(record.Args[0])}");
            Count++;
        }
    }
}
