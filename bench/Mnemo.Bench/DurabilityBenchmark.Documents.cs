using System.Diagnostics;
using System.Globalization;
using Mnemo.Persistence;

namespace Mnemo.Bench;

internal static partial class DurabilityBenchmark
{
    private sealed class SmallDocument
    {
        public string? Id { get; set; }

        public string Name { get; set; } = "";

        public int Age { get; set; }

        public bool Active { get; set; }
    }

    /// <summary>Save and load of a snapshot holding <paramref name="count"/> small JSON documents of one collection (best of 3).</summary>
    private static (double Save, double Load, long Bytes) SaveAndLoadDocuments(int count)
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
                    var people = store.GetCollection<SmallDocument>("people");
                    for (int i = 0; i < count; i++)
                    {
                        people.Insert(new SmallDocument { Name = "user" + i.ToString(CultureInfo.InvariantCulture), Age = i % 90, Active = (i & 1) == 0 });
                    }
                    Collect();
                    var watch = Stopwatch.StartNew();
                    store.Save();
                    double saved = watch.Elapsed.TotalSeconds;
                    bestSave = Math.Min(bestSave, saved);
                    Console.Write(string.Create(CultureInfo.InvariantCulture, $"  documents round {round + 1}: save {saved:F3} s"));
                }
                bytes = Directory.GetFiles(directory, "dump.mnemo.*").Sum(f => new FileInfo(f).Length);
                Collect();
                var load = Stopwatch.StartNew();
                using (var loaded = new MnemoStore(options))
                {
                    double elapsed = load.Elapsed.TotalSeconds;
                    bestLoad = Math.Min(bestLoad, elapsed);
                    if (loaded.GetCollection<SmallDocument>("people").Count() != count)
                    {
                        throw new InvalidOperationException("The loaded store does not hold every document.");
                    }
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $", load {elapsed:F3} s"));
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        return (bestSave, bestLoad, bytes);
    }
}
