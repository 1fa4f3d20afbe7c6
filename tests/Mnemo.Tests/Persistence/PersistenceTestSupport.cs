using System.Text.Json.Nodes;
using Mnemo.Internal.Keyspace;
using Mnemo.Persistence;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Persistence;

/// <summary>A temporary data directory and helpers to open stores on it and fill them with random data.</summary>
public sealed class DataDirectory : IDisposable
{
    public DataDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mnemo-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public List<string> Warnings { get; } = [];

    public MnemoStore Open(DurabilityMode mode = DurabilityMode.Journal, JournalFsync fsync = JournalFsync.EverySecond,
        TimeProvider? clock = null, IReadOnlyList<SaveRule>? saveRules = null, string? path = null) =>
        new(new MnemoStoreOptions
        {
            TimeProvider = clock ?? TimeProvider.System,
            ActiveExpiryInterval = TimeSpan.Zero,
            Persistence = new MnemoPersistenceOptions
            {
                Directory = path ?? Path,
                Mode = mode,
                Fsync = fsync,
                SaveRules = saveRules ?? [],
                Log = m => { lock (Warnings) { Warnings.Add(m); } },
            },
        });

    public string[] Files(string pattern = "*") =>
        [.. Directory.GetFiles(Path, pattern).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Random writes of every value type, with TTLs, to build stores worth persisting.</summary>
public static class RandomWorkload
{
    public static void Run(MnemoStore store, Random random, int operations, TimeSpan? maxTtl = null)
    {
        var ttl = maxTtl ?? TimeSpan.FromHours(2);
        for (int n = 0; n < operations; n++)
        {
            var db = store.GetDatabase(random.Next(3));
            string key = "k" + random.Next(40);
            try
            {
                Apply(db, random, key, ttl);
            }
            catch (MnemoException)
            {
                // wrong type, not an integer, no such key: Redis refuses, and so do we
            }
        }
    }

    private static void Apply(IMnemoDatabase db, Random random, string key, TimeSpan ttl)
    {
        string member = "m" + random.Next(12);
        switch (random.Next(20))
        {
            case 0: db.StringSet(key, RandomBytes(random)); break;
            case 1: db.StringSet(key, "v" + random.Next(100), TimeSpan.FromMilliseconds(1 + random.Next((int)ttl.TotalMilliseconds))); break;
            case 2: db.StringIncrement(key, random.Next(-5, 6)); break;
            case 3: db.StringAppend(key, "+" + random.Next(9)); break;
            case 4: db.ListRightPush(key, [member, RandomBytes(random)]); break;
            case 5: db.ListLeftPush(key, member); break;
            case 6: db.ListLeftPop(key); break;
            case 7: db.SetAdd(key, [member, "x" + random.Next(5)]); break;
            case 8: db.SetRemove(key, member); break;
            case 9: db.HashSet(key, member, RandomBytes(random)); break;
            case 10: db.HashDelete(key, member); break;
            case 11: db.SortedSetAdd(key, member, Math.Round(random.NextDouble() * 100, 3)); break;
            case 12: db.SortedSetIncrement(key, member, 1.5); break;
            case 13: db.SortedSetRemove(key, member); break;
            case 14: db.KeyExpire(key, TimeSpan.FromMilliseconds(1 + random.Next((int)ttl.TotalMilliseconds))); break;
            case 15: db.KeyPersist(key); break;
            case 16: db.KeyDelete(key); break;
            case 17: db.KeyRename(key, "k" + random.Next(40)); break;
            case 18: db.HashIncrement(key, "count", 1); break;
            default:
                var engine = ((MnemoDatabase)db).Engine;
                var document = new JsonObject { ["n"] = random.Next(1000), ["tags"] = new JsonArray("a", member), ["nested"] = new JsonObject { ["ok"] = random.Next(2) == 0 } };
                engine.JsonEdit(System.Text.Encoding.UTF8.GetBytes(key), (_, _) => new JsonEditOutcome<bool>(true, true, document));
                break;
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 24)];
        random.NextBytes(bytes);
        return bytes;
    }
}
