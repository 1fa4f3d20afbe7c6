using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Mnemo.Bench;

/// <summary>
/// Overwrite churn: 1M keys loaded with values of 5-60 bytes, then random keys overwritten with
/// values of new lengths, so most overwrites release a record and write another. Measures Mnemo
/// and a Dictionary behind a lock that keeps its own copy of each value (as a store must), in one
/// process, with the GC's counts, pauses and the heap left after a full collection: what the
/// record arena does to the GC when values keep changing size.
/// </summary>
internal static class EmbeddedChurn
{
    public static int Run(string[] args)
    {
        int count = BenchArgs.Int(args, "--keys", 1_000_000);
        int overwrites = BenchArgs.Int(args, "--overwrites", 5_000_000);
        var keys = Enumerable.Range(0, count).Select(i => "key:" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var values = Enumerable.Range(0, 61).Select(length => new byte[length]).ToArray();
        Console.WriteLine($"Churn: {count:N0} keys, {overwrites:N0} overwrites of random keys with values of 5-60 bytes, one thread");
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC: {System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine();
        Console.WriteLine($"{"peer",-8} {"ns/overwrite",13} {"gen0",6} {"gen1",6} {"gen2",6} {"GC pause ms",12} {"heap MB",8}");

        var mnemo = MeasureMnemo(keys, values, overwrites);
        var peer = MeasureDictionary(keys, values, overwrites);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"churn: overwrite_vs_dict={peer.NanosecondsPerOverwrite / mnemo.NanosecondsPerOverwrite:F2} gc_pause_ms_mnemo={mnemo.PauseMs:F0} gc_pause_ms_dict={peer.PauseMs:F0} heap_mb_mnemo={mnemo.HeapMb} heap_mb_dict={peer.HeapMb}"));
        return 0;
    }

    // Each peer in a method of its own, so that its data is unreachable when the next one's heap is measured.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Result MeasureMnemo(string[] keys, byte[][] values, int overwrites)
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        return Measure("mnemo", keys.Length, overwrites, (i, length) => db.StringSet(keys[i], values[length]));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Result MeasureDictionary(string[] keys, byte[][] values, int overwrites)
    {
        var dict = new Dictionary<string, byte[]>();
        var gate = new Lock();
        return Measure("dict", keys.Length, overwrites, (i, length) =>
        {
            lock (gate)
            {
                dict[keys[i]] = values[length].AsSpan().ToArray();
            }
        });
    }

    private readonly record struct Result(double NanosecondsPerOverwrite, double PauseMs, long HeapMb);

    /// <summary>Loads every key, then times the overwrites; the same seed gives every peer the same sequence.</summary>
    private static Result Measure(string name, int count, int overwrites, Action<int, int> set)
    {
        var random = new Random(1);
        for (int i = 0; i < count; i++)
        {
            set(i, 5 + random.Next(56));
        }
        GC.Collect();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var pause = GC.GetTotalPauseDuration();
        var watch = Stopwatch.StartNew();
        for (int n = 0; n < overwrites; n++)
        {
            set(random.Next(count), 5 + random.Next(56));
        }
        watch.Stop();
        double pauseMs = (GC.GetTotalPauseDuration() - pause).TotalMilliseconds;
        var result = new Result(watch.Elapsed.TotalNanoseconds / overwrites, pauseMs, GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024));
        Console.WriteLine($"{name,-8} {result.NanosecondsPerOverwrite,13:F0} {GC.CollectionCount(0) - gen0,6} {GC.CollectionCount(1) - gen1,6} {GC.CollectionCount(2) - gen2,6} {pauseMs,12:F0} {result.HeapMb,8}");
        return result;
    }
}
