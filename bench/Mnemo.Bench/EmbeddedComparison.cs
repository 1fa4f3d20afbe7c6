using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Caching.Memory;

namespace Mnemo.Bench;

/// <summary>
/// The side-by-side embedded run: the same keys and 10-byte values through Mnemo, a Dictionary
/// behind a lock, ConcurrentDictionary and MemoryCache, in one process and one run. Each phase
/// runs three times in alternation; the best throughput of each counts.
/// </summary>
internal static class EmbeddedComparison
{
    private const int Rounds = 3;

    public static int Run(string[] args)
    {
        int count = BenchArgs.Int(args, "--keys", 1_000_000);
        var (keys, values, random) = BenchArgs.EmbeddedKeys(count);
        // Keys are written in one random order and read in another (as a cache sees them), the same
        // orders for every peer: reading in insertion order would measure how sequentially a peer
        // happens to lay out its entries, not its lookups.
        random.Shuffle(keys);
        var readOrder = Enumerable.Range(0, count).ToArray();
        random.Shuffle(readOrder);
        // Reads use equal but distinct string instances, as a caller that builds its key strings
        // at read time does: otherwise Dictionary-based peers compare the lookup key with itself
        // (a reference-equality hit) and skip the cache miss every real lookup pays.
        var readKeys = new string[count];
        for (int i = 0; i < count; i++)
        {
            readKeys[i] = new string(keys[readOrder[i]].AsSpan());
        }
        Console.WriteLine($"Embedded comparison: {count:N0} keys, 10-byte values, random order, one thread, best of {Rounds} rounds");
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC: {System.Runtime.GCSettings.IsServerGC}");

        var results = new Dictionary<string, double>();
        void Record(string name, double opsPerSecond)
        {
            results[name] = Math.Max(results.GetValueOrDefault(name), opsPerSecond);
        }

        for (int round = 0; round < Rounds; round++)
        {
            using (var store = new MnemoStore())
            {
                var db = store.GetDatabase();
                Record("mnemo SET", Measure(count, i => db.StringSet(keys[i], values[i])));
                Record("mnemo GET", Measure(count, i => Sink += db.StringGet(readKeys[i]).Length));
                Record("mnemo INCR", Measure(count, i => db.StringIncrement(keys[i % 1000] + ":n")));
                Record("mnemo HSET", Measure(count, i => db.HashSet("h:" + (i % 1000).ToString(CultureInfo.InvariantCulture), keys[i], values[i])));
                Record("mnemo LPUSH", Measure(count, i => db.ListLeftPush("l:" + (i % 1000).ToString(CultureInfo.InvariantCulture), values[i])));
                Record("mnemo ZADD", Measure(count, i => db.SortedSetAdd("z:" + (i % 1000).ToString(CultureInfo.InvariantCulture), keys[i], i)));
            }
            var dict = new Dictionary<string, byte[]>();
            var gate = new Lock();
            Record("dict SET", Measure(count, i =>
            {
                lock (gate)
                {
                    dict[keys[i]] = values[i];
                }
            }));
            Record("dict GET", Measure(count, i =>
            {
                lock (gate)
                {
                    Sink += dict.TryGetValue(readKeys[i], out _) ? 1 : 0;
                }
            }));
            var concurrent = new ConcurrentDictionary<string, byte[]>();
            Record("concurrent SET", Measure(count, i => concurrent[keys[i]] = values[i]));
            Record("concurrent GET", Measure(count, i => Sink += concurrent.TryGetValue(readKeys[i], out _) ? 1 : 0));
            using (var cache = new MemoryCache(new MemoryCacheOptions()))
            {
                Record("memorycache SET", Measure(count, i => cache.Set(keys[i], values[i])));
                Record("memorycache GET", Measure(count, i => Sink += cache.TryGetValue(readKeys[i], out _) ? 1 : 0));
            }
        }

        long bytesPerKey = MeasureBytesPerKey(keys, values);

        Console.WriteLine();
        Console.WriteLine($"{"operation",-18} {"ops/s",14}");
        foreach (var (name, ops) in results.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{name,-18} {ops,14:N0}");
        }
        Console.WriteLine($"{"bytes per key",-18} {bytesPerKey,14:N0}");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"embedded: get_vs_dict={results["mnemo GET"] / results["dict GET"]:F2} set_vs_dict={results["mnemo SET"] / results["dict SET"]:F2} " +
            $"get_vs_memorycache={results["mnemo GET"] / results["memorycache GET"]:F2} set_vs_memorycache={results["mnemo SET"] / results["memorycache SET"]:F2} bytes_per_key={bytesPerKey}"));
        return 0;
    }

    /// <summary>
    /// Every GET's result goes here (Mnemo's value length, the peers' found flag), so that no
    /// layer can be shortened by the JIT dropping work whose result is unused.
    /// </summary>
    private static long Sink;

    private static double Measure(int count, Action<int> operation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            operation(i);
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Managed heap growth per key after a full GC, loading every key with SET into a fresh store.</summary>
    private static long MeasureBytesPerKey(string[] keys, byte[][] values)
    {
        var store = new MnemoStore();
        var db = store.GetDatabase();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < keys.Length; i++)
        {
            db.StringSet(keys[i], values[i]);
        }
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(store);
        store.Dispose();
        return (after - before) / keys.Length;
    }
}
