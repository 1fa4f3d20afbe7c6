using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Text;
using Mnemo.Internal.Values;

namespace Mnemo.Bench;

/// <summary>
/// Splits an embedded GET and SET into layers, timed on the same 1M random keys as
/// <see cref="EmbeddedComparison"/>, so the cost of each layer is the difference between two
/// lines of one run: the public API (string key), the engine with a pre-encoded key
/// (<see cref="Db.Get"/> / <see cref="Db.Set"/>), the bare table lookup under the shard lock, the
/// key encoding alone, the value copy GET must make, inserts into a fresh store, and the
/// Dictionary peer beside them. Rounds alternate the layers; the best of each counts. Throughput
/// is per second of the thread's CPU time (wall time is printed beside it), so a layer does not
/// look slower because another process held the core.
/// </summary>
internal static class EmbeddedPieces
{
    private const int Rounds = 5;

    public static int Run(string[] args)
    {
        int count = BenchArgs.Int(args, "--keys", 1_000_000);
        int rounds = BenchArgs.Int(args, "--rounds", Rounds);
        string? only = BenchArgs.Text(args, "--only"); // time only the layers whose name contains it (for perf)
        // Diagnosis only (the "embedded" comparison always uses the default): fewer shards put a
        // shard's entries, written in insertion order, in fewer concurrent memory streams.
        var options = new MnemoStoreOptions { ShardsPerDatabase = BenchArgs.Int(args, "--shards", new MnemoStoreOptions().ShardsPerDatabase) };
        var (keys, values, random) = BenchArgs.EmbeddedKeys(count);
        // The engine layer's pre-encoded keys are allocated in creation order and shuffled with the
        // strings, so reading them costs the same cache miss as reading the shuffled strings.
        var created = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            created[i] = Encoding.UTF8.GetBytes(keys[i]);
        }
        var writeOrder = Enumerable.Range(0, count).ToArray();
        random.Shuffle(writeOrder);
        keys = [.. writeOrder.Select(i => keys[i])];
        var writeBytes = writeOrder.Select(i => created[i]).ToArray();
        var readOrder = Enumerable.Range(0, count).ToArray();
        random.Shuffle(readOrder);
        var readKeys = new string[count];
        var readBytes = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            readKeys[i] = new string(keys[readOrder[i]].AsSpan());
            readBytes[i] = Encoding.UTF8.GetBytes(readKeys[i]);
        }
        Console.WriteLine($"Embedded pieces: {count:N0} keys, 10-byte values, random order, one thread, best of {rounds} rounds, {options.ShardsPerDatabase} shards");

        using var store = new MnemoStore(options);
        var db = store.GetDatabase();
        var engine = ((MnemoDatabase)db).Engine;
        var dict = new Dictionary<string, byte[]>();
        var gate = new Lock();
        for (int i = 0; i < count; i++)
        {
            db.StringSet(keys[i], values[i]);
            dict[keys[i]] = values[i];
        }

        var results = new Dictionary<string, double>();
        var collections = new Dictionary<string, int>();
        var olderCollections = new Dictionary<string, string>();
        var wall = new Dictionary<string, double>();
        var pauses = new Dictionary<string, double>();
        void Record(string name, Func<double> measure)
        {
            if (only is null || name.Contains(only, StringComparison.Ordinal))
            {
                results[name] = Math.Max(results.GetValueOrDefault(name), measure());
                wall[name] = Math.Max(wall.GetValueOrDefault(name), LastWallOps);
                collections[name] = LastGen0;
                olderCollections[name] = LastGen1And2;
                pauses[name] = LastPauseMs;
            }
        }
        var setOptions = new SetOptions(SetCondition.Always, 0);
        long sink = 0;
        int shift = 32 - System.Numerics.BitOperations.Log2((uint)engine.Shards.Length);
        var reused = new byte[64];
        for (int round = 0; round < rounds; round++)
        {
            Record("get 1 api", () => Measure(count, i => sink += db.StringGet(readKeys[i]).Length));
            // What the API adds to the engine: its own layers (1b: a byte[] key, nothing to encode)
            // and the UTF-8 encoding of a string key alone (1c).
            Record("get 1b api byte[] key", () => Measure(count, i => sink += db.StringGet(readBytes[i]).Length));
            Record("get 1c encode+engine", () => Measure(count, i =>
            {
                Span<byte> scratch = stackalloc byte[256];
                sink += engine.Get(scratch[..EncodeKey(readKeys[i], scratch)]).Length;
            }));
            // Every layer uses what it computes (sink): Db.Get inlines into this lambda, and with
            // its result unused the loop ran at 310-330 ns instead of 520-550.
            Record("get 2 engine", () => Measure(count, i => sink += engine.Get(readBytes[i]).Length));
            Record("get 3 lock+find", () => Measure(count, i =>
            {
                var key = readBytes[i];
                int hash = KeyHash.Compute(key);
                var shard = engine.Shards[(uint)hash >> shift];
                using (shard.Lock())
                {
                    sink += shard.Table.Find(key, hash);
                }
            }));
            // What GET adds to the lookup: the value copy into the returned MnemoValue
            // (Db.ReadString; values up to 14 bytes sit inside the struct), and for comparison an
            // allocation alone (4a, what a larger value's copy costs on top) and a copy into a
            // reused array (4b).
            Record("get 4 find+copy", () => Measure(count, i =>
            {
                var key = readBytes[i];
                int hash = KeyHash.Compute(key);
                var shard = engine.Shards[(uint)hash >> shift];
                using (shard.Lock())
                {
                    int index = shard.Table.Find(key, hash);
                    sink += Db.ReadString(ref shard.Table.At(index)).Length;
                }
            }));
            Record("get 4a find+alloc only", () => Measure(count, i =>
            {
                var key = readBytes[i];
                int hash = KeyHash.Compute(key);
                var shard = engine.Shards[(uint)hash >> shift];
                using (shard.Lock())
                {
                    sink += shard.Table.Find(key, hash);
                }
                Keep = new byte[10];
            }));
            Record("get 4b find+copy, no alloc", () => Measure(count, i =>
            {
                var key = readBytes[i];
                int hash = KeyHash.Compute(key);
                var shard = engine.Shards[(uint)hash >> shift];
                using (shard.Lock())
                {
                    int index = shard.Table.Find(key, hash);
                    ref var slot = ref shard.Table.At(index);
                    StringRecord.Value((byte[])slot.Item!, slot.Offset).CopyTo(reused);
                }
            }));
            Record("get 5 encode only", () => Measure(count, i =>
            {
                Span<byte> scratch = stackalloc byte[256];
                sink += EncodeKey(readKeys[i], scratch);
            }));
            // The same GETs with some work of the caller's before each (CallerWork). A loop of bare
            // GETs overlaps one GET's cache misses with the next only while a GET stays short; the
            // Dictionary crosses that line with this much work, the engine with far less.
            // docs/benchmarks.md, "Why the embedded GET's instruction count matters (session 7)".
            Record("get 1w api + caller work", () => Measure(count, i =>
            {
                long work = CallerWork(i);
                sink += db.StringGet(readKeys[i]).Length + work;
            }));
            Record("get 2w engine + caller work", () => Measure(count, i =>
            {
                long work = CallerWork(i);
                sink += engine.Get(readBytes[i]).Length + work;
            }));
            Record("get 9w dict + caller work", () => Measure(count, i =>
            {
                long work = CallerWork(i);
                lock (gate)
                {
                    sink += (dict.TryGetValue(readKeys[i], out _) ? 1 : 0) + work;
                }
            }));
            // The Dictionary hands out its stored array; Mnemo returns a copy. This peer copies too.
            Record("get 9v dict + value copy", () => Measure(count, i =>
            {
                lock (gate)
                {
                    sink += dict.TryGetValue(readKeys[i], out var value) ? MnemoValue.FromBytes(value).Length : 0;
                }
            }));
            Record("get 9 dict", () => Measure(count, i =>
            {
                lock (gate)
                {
                    sink += dict.TryGetValue(readKeys[i], out _) ? 1 : 0;
                }
            }));
            // Two threads reading at once (wall time; the cpu columns are wall-based too): the
            // API's GET reads without the shard lock, the Dictionary peer queues on its one lock.
            Record("get 8p api, 2 threads", () => MeasureParallel(count, 2, i => db.StringGet(readKeys[i]).Length));
            Record("get 8p dict, 2 threads", () => MeasureParallel(count, 2, i =>
            {
                lock (gate)
                {
                    return dict.TryGetValue(readKeys[i], out _) ? 1 : 0;
                }
            }));
            // Inserts into a fresh store, as the "embedded" comparison's SET phase does; the GC
            // columns show what promoting one new record per key costs.
            Record("set 0 insert api", () =>
            {
                using var fresh = new MnemoStore(options);
                var freshDb = fresh.GetDatabase();
                return Measure(count, i => freshDb.StringSet(keys[i], values[i]));
            });
            Record("set 0 insert dict", () =>
            {
                var freshDict = new Dictionary<string, byte[]>();
                return Measure(count, i =>
                {
                    lock (gate)
                    {
                        freshDict[keys[i]] = values[i];
                    }
                });
            });
            Record("set 1 api", () => Measure(count, i => db.StringSet(keys[i], values[i])));
            // The API with a byte[] key (no UTF-8 encoding; the same cold key object as the engine
            // layer reads), and the engine fed the string key encoded on the stack: together they
            // split the API's extra cost into per-call work and the key it reads.
            Record("set 1b api byte[] key", () => Measure(count, i => db.StringSet(writeBytes[i], values[i])));
            Record("set 2 engine", () => Measure(count, i => engine.Set(writeBytes[i], values[i], setOptions)));
            Record("set 2b engine string key", () => Measure(count, i =>
            {
                Span<byte> scratch = stackalloc byte[256];
                engine.Set(scratch[..EncodeKey(keys[i], scratch)], values[i], setOptions);
            }));
            Record("set 9 dict", () => Measure(count, i =>
            {
                lock (gate)
                {
                    dict[keys[i]] = values[i];
                }
            }));
        }
        GC.KeepAlive(sink);

        Console.WriteLine();
        Console.WriteLine($"{"layer",-26} {"ops/cpu-s",14} {"cpu ns/op",9} {"wall ops/s",14} {"gen0 GCs",9} {"gen1/2",7} {"GC ms",7}");
        foreach (var (name, ops) in results.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{name,-26} {ops,14:N0} {1e9 / ops,9:F0} {wall[name],14:N0} {collections[name],9} {olderCollections[name],7} {pauses[name],7:F1}");
        }
        if (only is not null)
        {
            return 0;
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pieces: get_api_vs_dict={results["get 1 api"] / results["get 9 dict"]:F2} get_engine_vs_dict={results["get 2 engine"] / results["get 9 dict"]:F2} " +
            $"with_caller_work_api_vs_dict={results["get 1w api + caller work"] / results["get 9w dict + caller work"]:F2} " +
            $"find_vs_dict={results["get 3 lock+find"] / results["get 9 dict"]:F2} find_copy_vs_dict={results["get 4 find+copy"] / results["get 9 dict"]:F2} " +
            $"insert_vs_dict={results["set 0 insert api"] / results["set 0 insert dict"]:F2} set_api_vs_dict={results["set 1 api"] / results["set 9 dict"]:F2} " +
            $"set_engine_vs_dict={results["set 2 engine"] / results["set 9 dict"]:F2} " +
            $"two_threads_get_api_vs_dict={results["get 8p api, 2 threads"] / results["get 8p dict, 2 threads"]:F2}"));
        return 0;
    }

    private static long ParallelSink;

    private static int LastGen0;

    private static string LastGen1And2 = "";

    private static double LastWallOps;

    private static double LastPauseMs;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>
    /// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID): unlike wall time it does not
    /// count the time the thread waits for a core that other processes hold, so layers compare
    /// fairly on a shared machine. Workstation GC collects gen0 on this thread, so it is included.
    /// </summary>
    private static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Stopwatch.GetTimestamp() * (1_000_000_000 / Stopwatch.Frequency); // elsewhere: wall time
        }
        ClockGetTime(3, out var time);
        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    private static byte[]? Keep;

    /// <summary>
    /// Thirty dependent multiply-xorshift rounds (120-210 instructions, as the JIT unrolls them or
    /// not): arithmetic standing in for what a caller does between GETs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long CallerWork(int i)
    {
        ulong x = (ulong)i;
        for (int round = 0; round < 30; round++)
        {
            x = (x ^ (x >> 7)) * 0x9E3779B97F4A7C15UL;
        }
        return (long)x;
    }

    /// <summary>A string key's bytes as the API makes them for an ASCII key (<see cref="AsciiKey"/>).</summary>
    private static int EncodeKey(string key, Span<byte> scratch) =>
        AsciiKey.TryNarrow(key, scratch) ? key.Length : throw new InvalidOperationException("benchmark keys are ASCII");

    /// <summary>
    /// <see cref="Measure"/> split over <paramref name="threads"/> threads started together (thread
    /// t runs operations t, t + threads, ...); returns operations per wall-clock second. Each
    /// thread sums the operations' results itself: one shared sink would be a cache line both
    /// threads write on every operation.
    /// </summary>
    private static double MeasureParallel(int count, int threads, Func<int, long> operation)
    {
        var gc = GcMark.AfterFullCollection();
        using var start = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            long sum = 0;
            for (int i = t; i < count; i += threads)
            {
                sum += operation(i);
            }
            Interlocked.Add(ref ParallelSink, sum);
        })).ToList();
        workers.ForEach(w => w.Start());
        start.SignalAndWait();
        var watch = Stopwatch.StartNew();
        workers.ForEach(w => w.Join());
        LastWallOps = count / watch.Elapsed.TotalSeconds;
        gc.RecordSince();
        return LastWallOps;
    }

    private static double Measure(int count, Action<int> operation)
    {
        var gc = GcMark.AfterFullCollection();
        long cpuStart = ThreadCpuNanoseconds();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            operation(i);
        }
        double wallSeconds = watch.Elapsed.TotalSeconds;
        double seconds = (ThreadCpuNanoseconds() - cpuStart) / 1e9;
        LastWallOps = count / wallSeconds;
        gc.RecordSince();
        return count / seconds;
    }

    /// <summary>The GC's counters at the start of a measurement.</summary>
    private readonly record struct GcMark(int Gen0, int Gen1, int Gen2, TimeSpan Pause)
    {
        /// <summary>Collects everything first, so that a layer does not pay for the garbage of the one before.</summary>
        public static GcMark AfterFullCollection()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        }

        /// <summary>Sets the GC columns of the layer just measured.</summary>
        public void RecordSince()
        {
            LastGen0 = GC.CollectionCount(0) - Gen0;
            LastGen1And2 = $"{GC.CollectionCount(1) - Gen1}/{GC.CollectionCount(2) - Gen2}"; // of the gen0 count, how many went further
            LastPauseMs = (GC.GetTotalPauseDuration() - Pause).TotalMilliseconds;
        }
    }
}
