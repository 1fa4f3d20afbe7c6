using Mnemo;
using Mnemo.Changes;
using Mnemo.Persistence;

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

// Persistence: a journal (every write reaches the file before the call returns) plus snapshots
var dataDir = Path.Combine(Path.GetTempPath(), "mnemo-tour-" + Guid.NewGuid().ToString("N"));
var persistent = new MnemoStoreOptions
{
    Persistence = new MnemoPersistenceOptions { Directory = dataDir, Mode = DurabilityMode.Journal, Fsync = JournalFsync.EverySecond },
};
using (var durable = new MnemoStore(persistent))
{
    durable.GetDatabase().StringSet("greeting", "survives restarts", TimeSpan.FromDays(1));
    durable.Save(); // a point-in-time snapshot; the journal is compacted behind it
    durable.GetDatabase().ListRightPush("log", "after the snapshot");
    durable.Backup(dataDir + "-backup"); // a consistent copy another store can start from
}
using (var reopened = new MnemoStore(persistent))
{
    var status = reopened.GetPersistenceStatus()!;
    Console.WriteLine($"after restart: {reopened.GetDatabase().StringGet("greeting")}, log={reopened.GetDatabase().ListLength("log")} (snapshot keys {status.RecoveredKeys}, journal records {status.RecoveredRecords})");
    var export = new MemoryStream();
    reopened.Export(export); // human-readable JSON lines, one key per line
    Console.WriteLine($"export: {System.Text.Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length} lines");
}
Directory.Delete(dataDir, recursive: true);
Directory.Delete(dataDir + "-backup", recursive: true);

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
