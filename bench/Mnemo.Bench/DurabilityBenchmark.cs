using System.Diagnostics;
using System.Globalization;
using Mnemo.Persistence;

namespace Mnemo.Bench;

/// <summary>
/// The durability run: (1) SAVE and load of a snapshot of N keys (default 1,000,000) with small
/// values as redis-benchmark writes them (<c>key:%012d</c>, 3-byte values), best of three;
/// (2) the longest a writer waits during a background snapshot: writer threads time every SET
/// on that store (journal, fsync every second) while SaveInBackground runs, against the same
/// writers with no snapshot running; (3) embedded SET throughput with the journal (fsync
/// every second and always) as a ratio of the same store without persistence, one thread and
/// several. Ends with one summary line.
/// </summary>
internal static partial class DurabilityBenchmark
{
    private static readonly byte[] Value = "xxx"u8.ToArray();

    public static int Run(string[] args)
    {
        int count = BenchArgs.Int(args, "--keys", 1_000_000);
        int threads = BenchArgs.Int(args, "--threads", 8);
        int stallWriters = BenchArgs.Int(args, "--stall-writers", 2);
        int shards = BenchArgs.Int(args, "--shards", 64); // ShardsPerDatabase
        double seconds = BenchArgs.Double(args, "--seconds", 2);
        string part = BenchArgs.Text(args, "--part") ?? "all"; // snapshot, documents, stall or throughput: only that part (the summary line needs all)
        var keys = new string[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = "key:" + i.ToString("D12", CultureInfo.InvariantCulture);
        }
        ShardsPerDatabase = shards;
        Console.WriteLine($"Durability: {count:N0} keys key:%012d with 3-byte values, {shards} shards per database; {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
            $"server GC: {System.Runtime.GCSettings.IsServerGC}; load average {LoadAverage()} (start)");

        double save = 0, load = 0;
        if (part is "all" or "snapshot")
        {
            (save, load, long bytes) = SaveAndLoad(keys);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"snapshot of {count:N0} keys ({bytes / 1048576.0:F1} MiB): save {save:F3} s, load {load:F3} s (best of 3)"));
        }
        if (part is "all" or "snapshot" or "documents")
        {
            var (docSave, docLoad, docBytes) = SaveAndLoadDocuments(count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"snapshot of {count:N0} small documents ({docBytes / 1048576.0:F1} MiB): save {docSave:F3} s, load {docLoad:F3} s (best of 3)"));
        }
        double stallMax = 0, stallP999 = 0;
        if (part is "all" or "stall")
        {
            (stallMax, stallP999) = ReportStalls(keys, stallWriters);
        }
        if (part is not ("all" or "throughput"))
        {
            return 0;
        }
        var throughput = new Dictionary<(string Mode, int Threads), double>();
        foreach (int t in new[] { 1, threads }.Distinct())
        {
            for (int round = 0; round < 2; round++)
            {
                foreach (var mode in new[] { "memory", "everysec", "always" })
                {
                    double rate = SetThroughput(keys, mode, t, seconds);
                    throughput[(mode, t)] = Math.Max(throughput.GetValueOrDefault((mode, t)), rate);
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine($"{"SET throughput",-24} {"threads",8} {"ops/s",14} {"vs memory",10}");
        foreach (var ((mode, t), rate) in throughput.OrderBy(p => p.Key.Threads).ThenBy(p => p.Key.Mode, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Label(mode),-24} {t,8} {rate,14:N0} {rate / throughput[("memory", t)],10:F3}"));
        }
        Console.WriteLine($"load average {LoadAverage()} (end)");
        if (part != "all")
        {
            return 0;
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"durability: save_s={save:F3} load_s={load:F3} max_stall_ms={stallMax:F2} p999_stall_ms={stallP999:F3} " +
            $"everysec_vs_memory={throughput[("everysec", threads)] / throughput[("memory", threads)]:F3} " +
            $"always_vs_memory={throughput[("always", threads)] / throughput[("memory", threads)]:F3} " +
            $"everysec_vs_memory_1t={throughput[("everysec", 1)] / throughput[("memory", 1)]:F3} threads={threads}"));
        return 0;
    }

    private static (double Max, double P999) ReportStalls(string[] keys, int writers)
    {
        var (baseMax, baseP999, max, p999, snapshots, ops) = Stalls(keys, writers);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"writer stall, {writers} writers (journal, fsync every second): during {snapshots} background snapshots " +
            $"max {max:F2} ms, p99.9 {p999:F3} ms over {ops:N0} SETs; without a snapshot max {baseMax:F2} ms, p99.9 {baseP999:F3} ms"));
        return (max, p999);
    }

    private static (double Save, double Load, long Bytes) SaveAndLoad(string[] keys)
    {
        double bestSave = double.MaxValue, bestLoad = double.MaxValue;
        long bytes = 0;
        for (int round = 0; round < 3; round++)
        {
            var directory = TemporaryDirectory();
            try
            {
                var options = Options(directory, DurabilityMode.Snapshot, JournalFsync.EverySecond);
                using (var store = new MnemoStore(options))
                {
                    var db = store.GetDatabase();
                    foreach (var key in keys)
                    {
                        db.StringSet(key, Value);
                    }
                    Collect();
                    var cpu = Cpu();
                    var watch = Stopwatch.StartNew();
                    store.Save();
                    double saved = watch.Elapsed.TotalSeconds;
                    bestSave = Math.Min(bestSave, saved);
                    Console.Write(string.Create(CultureInfo.InvariantCulture, $"  round {round + 1}: save {saved:F3} s (cpu {(Cpu() - cpu).TotalSeconds:F3} s)"));
                }
                bytes = Directory.GetFiles(directory, "dump.mnemo.*").Sum(f => new FileInfo(f).Length);
                Collect();
                var loadCpu = Cpu();
                var load = Stopwatch.StartNew();
                using (var loaded = new MnemoStore(options))
                {
                    double elapsed = load.Elapsed.TotalSeconds;
                    var cpu = Cpu() - loadCpu;
                    bestLoad = Math.Min(bestLoad, elapsed);
                    if (loaded.GetDatabase().DatabaseSize() != keys.Length)
                    {
                        throw new InvalidOperationException("The loaded store does not hold every key.");
                    }
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $", load {elapsed:F3} s (cpu {cpu.TotalSeconds:F3} s)"));
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        return (bestSave, bestLoad, bytes);
    }

    private static (double BaseMax, double BaseP999, double Max, double P999, int Snapshots, long Ops) Stalls(string[] keys, int writers)
    {
        var directory = TemporaryDirectory();
        try
        {
            using var store = new MnemoStore(Options(directory, DurabilityMode.Journal, JournalFsync.EverySecond));
            var db = store.GetDatabase();
            foreach (var key in keys)
            {
                db.StringSet(key, Value);
            }
            store.Save(); // start from a compacted journal
            Collect();
            int phase = 0; // 0 warm-up, 1 baseline, 2 snapshots, 3 stop
            var samples = new List<long>[writers, 3];
            var threads = new Thread[writers];
            for (int w = 0; w < writers; w++)
            {
                int writer = w;
                for (int p = 0; p < 3; p++)
                {
                    samples[writer, p] = new List<long>(1 << 20);
                }
                threads[w] = new Thread(() =>
                {
                    var random = new Random(writer);
                    int current;
                    while ((current = Volatile.Read(ref phase)) < 3)
                    {
                        var key = keys[random.Next(keys.Length)];
                        long started = Stopwatch.GetTimestamp();
                        db.StringSet(key, Value);
                        samples[writer, current].Add(Stopwatch.GetTimestamp() - started);
                    }
                });
                threads[w].Start();
            }
            Thread.Sleep(500);
            Volatile.Write(ref phase, 1);
            var gcPause = GC.GetTotalPauseDuration();
            var baselineWatch = Stopwatch.StartNew();
            Thread.Sleep(2000);
            var baselineGc = GC.GetTotalPauseDuration() - gcPause;
            double baselineSeconds = baselineWatch.Elapsed.TotalSeconds;
            Volatile.Write(ref phase, 2);
            gcPause = GC.GetTotalPauseDuration();
            var snapshotWatch = Stopwatch.StartNew();
            int snapshots = 0;
            double longestBegin = 0;
            for (; snapshots < 3; snapshots++)
            {
                // The synchronous part of BGSAVE holds every shard lock while it fixes the point in time.
                long begin = Stopwatch.GetTimestamp();
                var saving = store.SaveInBackground();
                longestBegin = Math.Max(longestBegin, Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
                saving.GetAwaiter().GetResult();
            }
            var snapshotGc = GC.GetTotalPauseDuration() - gcPause;
            double snapshotSeconds = snapshotWatch.Elapsed.TotalSeconds;
            Volatile.Write(ref phase, 3);
            foreach (var thread in threads)
            {
                thread.Join();
            }
            var (baseMax, baseP999, _) = Percentiles(samples, 1);
            var (max, p999, ops) = Percentiles(samples, 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  snapshots: {snapshotSeconds / snapshots:F3} s each, longest BGSAVE call (all shard locks held) {longestBegin:F2} ms, " +
                $"GC pauses {snapshotGc.TotalMilliseconds:F0} ms in {snapshotSeconds:F2} s (without snapshots {baselineGc.TotalMilliseconds:F0} ms in {baselineSeconds:F2} s)"));
            return (baseMax, baseP999, max, p999, snapshots, ops);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (double MaxMs, double P999Ms, long Count) Percentiles(List<long>[,] samples, int phase)
    {
        var all = new List<long>();
        for (int w = 0; w < samples.GetLength(0); w++)
        {
            all.AddRange(samples[w, phase]);
        }
        all.Sort();
        double ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return (ms(all[^1]), ms(all[(int)Math.Min(all.Count - 1, Math.Ceiling(all.Count * 0.999) - 1)]), all.Count);
    }

    private static double SetThroughput(string[] keys, string mode, int threads, double seconds)
    {
        string? directory = mode == "memory" ? null : TemporaryDirectory();
        try
        {
            var options = directory is null
                ? new MnemoStoreOptions { ActiveExpiryInterval = TimeSpan.Zero, ShardsPerDatabase = ShardsPerDatabase }
                : Options(directory, DurabilityMode.Journal, mode == "always" ? JournalFsync.Always : JournalFsync.EverySecond);
            long total = 0;
            using (var store = new MnemoStore(options))
            {
                var db = store.GetDatabase();
                Collect();
                bool stop = false;
                var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
                {
                    var random = new Random(t);
                    long done = 0;
                    while (!Volatile.Read(ref stop))
                    {
                        for (int i = 0; i < 64; i++)
                        {
                            db.StringSet(keys[random.Next(keys.Length)], Value);
                        }
                        done += 64;
                    }
                    Interlocked.Add(ref total, done);
                })).ToArray();
                var watch = Stopwatch.StartNew();
                foreach (var worker in workers)
                {
                    worker.Start();
                }
                Thread.Sleep(TimeSpan.FromSeconds(seconds));
                Volatile.Write(ref stop, true);
                foreach (var worker in workers)
                {
                    worker.Join();
                }
                return total / watch.Elapsed.TotalSeconds;
            }
        }
        finally
        {
            if (directory is not null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static int ShardsPerDatabase { get; set; } = 64;

    private static MnemoStoreOptions Options(string directory, DurabilityMode mode, JournalFsync fsync) => new()
    {
        ActiveExpiryInterval = TimeSpan.Zero,
        ShardsPerDatabase = ShardsPerDatabase,
        Persistence = new MnemoPersistenceOptions { Directory = directory, Mode = mode, Fsync = fsync, SaveRules = [], CompactAfterBytes = 0 },
    };

    private static string Label(string mode) => mode switch
    {
        "memory" => "no persistence",
        "everysec" => "journal, fsync 1/s",
        _ => "journal, fsync always",
    };

    private static string TemporaryDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "mnemo-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>CPU time of the whole process (all threads): less sensitive than wall time to other load on the machine.</summary>
    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
