using Mnemo.Persistence;
using Mnemo.Tests.Infrastructure;
using Mnemo.Tests.Persistence;
using static Mnemo.Tests.Export.ExportTestSupport;

namespace Mnemo.Tests.Export;

/// <summary>An export taken while writers run holds exactly the changes up to its sequence.</summary>
public sealed class ExportPointInTimeTests
{
    [Fact]
    public async Task Export_during_concurrent_writes_equals_a_replay_of_the_stream_up_to_its_sequence()
    {
        for (int round = 0; round < 6; round++)
        {
            var clock = new ManualClock();
            var recorder = new ChangeRecorder();
            using var store = NewStore(clock);
            store.SubscribeChanges(recorder);
            RandomWorkload.Run(store, new Random(round), 300);

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 3).Select(w => Task.Run(() =>
            {
                var random = new Random((round * 10) + w);
                while (!stop.IsCancellationRequested)
                {
                    RandomWorkload.Run(store, random, 20);
                    ExportImportRoundTripTests.BinaryWorkload(store, random, 2);
                }
            })).ToArray();
            while (recorder.LastSequence < 2000)
            {
                await Task.Delay(1);
            }
            long before = recorder.LastSequence;
            string text = ExportText(store, null, out var result);
            long sequenceAfterExport = recorder.LastSequence;
            while (recorder.LastSequence < sequenceAfterExport + 500)
            {
                await Task.Delay(1);
            }
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            Assert.InRange(result.Sequence, before, sequenceAfterExport);
            Assert.True(recorder.LastSequence > result.Sequence + 400, "writes continued after the export's point");
            using var replay = NewStore(clock);
            replay.ApplyChanges(recorder.Records.Take(checked((int)result.Sequence)));
            using var imported = NewStore(clock);
            ImportText(imported, text);
            Assert.Equal(StoreDump.Of(replay), StoreDump.Of(imported));
            Assert.NotEqual(StoreDump.Of(store), StoreDump.Of(imported));
        }
    }

    [Fact]
    public async Task Export_and_snapshots_of_a_persistent_store_take_turns()
    {
        var clock = new ManualClock();
        using var dir = new DataDirectory();
        using var store = dir.Open(DurabilityMode.Journal, JournalFsync.EverySecond, clock);
        RandomWorkload.Run(store, new Random(5), 500);
        var expected = StoreDump.Of(store);
        var exports = Enumerable.Range(0, 4).Select(_ => Task.Run(() => ExportText(store))).ToArray();
        for (int i = 0; i < 4; i++)
        {
            try
            {
                await store.SaveInBackground();
            }
            catch (MnemoException)
            {
                // an export holds the capture: BGSAVE is refused as in progress
            }
        }
        foreach (var export in exports)
        {
            using var copy = NewStore(clock);
            ImportText(copy, await export);
            Assert.Equal(expected, StoreDump.Of(copy));
        }
        store.Save();
        store.Dispose();
        using var reopened = dir.Open(DurabilityMode.Journal, JournalFsync.EverySecond, clock);
        Assert.Equal(expected, StoreDump.Of(reopened));
    }

    [Fact]
    public void A_data_directory_is_exported_without_being_changed()
    {
        var clock = new ManualClock();
        using var dir = new DataDirectory();
        List<string> expected;
        using (var store = dir.Open(DurabilityMode.Journal, JournalFsync.Always, clock))
        {
            RandomWorkload.Run(store, new Random(21), 300);
            store.Save();
            RandomWorkload.Run(store, new Random(22), 300);
            expected = StoreDump.Of(store);
        }
        var segment = Directory.GetFiles(dir.Path, "journal-*").Single();
        File.AppendAllText(segment, "torn"); // a torn final write
        var before = Snapshot(dir.Path);
        var warnings = new List<string>();

        using var output = new MemoryStream();
        var result = MnemoStore.ExportDirectory(dir.Path, output, log: warnings.Add);
        Assert.Equal(before, Snapshot(dir.Path));
        Assert.Single(warnings);
        Assert.Contains("Read-only", warnings[0], StringComparison.Ordinal);
        Assert.Equal(expected.Count, result.Keys);
        output.Position = 0;
        // Expiries are absolute: the import compares on the same clock the store used.
        using var copy = NewStore(clock);
        copy.Import(output);
        Assert.Equal(expected, StoreDump.Of(copy));
        Assert.Throws<DirectoryNotFoundException>(() => MnemoStore.ExportDirectory(Path.Combine(dir.Path, "missing"), Stream.Null));
    }

    private static List<string> Snapshot(string directory) =>
        [.. Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(f => f + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))];
}
