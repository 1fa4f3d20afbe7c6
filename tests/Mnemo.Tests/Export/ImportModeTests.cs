using Mnemo.Changes;
using Mnemo.Persistence;
using Mnemo.Tests.Infrastructure;
using Mnemo.Tests.Persistence;
using static Mnemo.Tests.Export.ExportTestSupport;

namespace Mnemo.Tests.Export;

/// <summary>Existing keys (fail, replace, skip), hand-written files, and the write path (journal, change stream).</summary>
public sealed class ImportModeTests
{
    private const string File3 = """
        {"db":0,"key":"a","type":"string","value":"new-a"}
        {"db":0,"key":"b","type":"list","value":["new-b"]}
        {"db":0,"key":"c","type":"set","value":["new-c"]}
        """;

    [Fact]
    public void Fail_mode_refuses_before_writing_anything_when_a_key_exists()
    {
        using var store = NewStore(new ManualClock());
        store.GetDatabase().HashSet("b", "f", "old");
        var before = StoreDump.Of(store);
        var error = Assert.Throws<MnemoImportException>(() => ImportText(store, File3));
        Assert.Equal(2, error.LineNumber);
        Assert.Equal("key \"b\" already exists in database 0 (import with mode Replace or Skip to allow that)", error.Problem);
        Assert.Equal(before, StoreDump.Of(store));
    }

    [Fact]
    public void Replace_mode_replaces_any_type_and_its_expiry()
    {
        var clock = new ManualClock();
        using var store = NewStore(clock);
        var db = store.GetDatabase();
        db.HashSet("b", "f", "old");
        db.KeyExpire("b", TimeSpan.FromSeconds(100));
        db.StringSet("c", "old");
        var result = ImportText(store, File3, new ImportOptions { Mode = ImportMode.Replace });
        Assert.Equal(new ImportResult(3, 2, 0, 0), result);
        Assert.Equal("new-a", (string?)db.StringGet("a"));
        Assert.Equal(["new-b"], db.ListRange("b").Select(v => (string?)v));
        Assert.Null(db.KeyTimeToLive("b"));
        Assert.True(db.SetContains("c", "new-c"));
    }

    [Fact]
    public void Skip_mode_keeps_existing_keys()
    {
        using var store = NewStore(new ManualClock());
        var db = store.GetDatabase();
        db.HashSet("b", "f", "old");
        var result = ImportText(store, File3, new ImportOptions { Mode = ImportMode.Skip });
        Assert.Equal(new ImportResult(2, 0, 1, 0), result);
        Assert.Equal("old", (string?)db.HashGet("b", "f"));
        Assert.Equal("new-a", (string?)db.StringGet("a"));
    }

    [Fact]
    public void A_hand_written_file_without_header_with_relative_and_iso_expiries_imports()
    {
        var clock = new ManualClock(); // 2030-01-01T00:00:00Z
        using var store = NewStore(clock);
        string text = "\uFEFF{\"key\":\"plain\",\"type\":\"string\",\"value\":\"v\"}\r\n"
            + "   \r\n"
            + "{\"key\":\"rel\",\"type\":\"string\",\"value\":\"v\",\"ttl_ms\":5000}\r\n"
            + "{\"db\":1,\"key\":\"iso\",\"type\":\"hash\",\"value\":{\"f\":\"1\"},\"expires_at\":\"2030-01-01T01:00:00Z\"}\n"
            + "{\"key\":\"past\",\"type\":\"zset\",\"value\":[[\"m\",\"+inf\"]],\"expires_at\":\"2029-12-31T23:59:59Z\"}";
        var result = ImportText(store, text);
        Assert.Equal(new ImportResult(3, 0, 0, 1), result);
        Assert.Equal(TimeSpan.FromSeconds(5), store.GetDatabase().KeyTimeToLive("rel"));
        Assert.Equal(TimeSpan.FromHours(1), store.GetDatabase(1).KeyTimeToLive("iso"));
        Assert.Null(store.GetDatabase().KeyTimeToLive("plain"));
        Assert.False(store.GetDatabase().KeyExists("past"));
    }

    [Fact]
    public void An_empty_input_imports_nothing()
    {
        using var store = NewStore(new ManualClock());
        Assert.Equal(new ImportResult(0, 0, 0, 0), ImportText(store, ""));
        Assert.Equal(new ImportResult(0, 0, 0, 0), ImportText(store, "{\"format\":\"mnemo-export\",\"version\":1}\n"));
    }

    [Fact]
    public void Each_key_is_one_atomic_batch_of_ordinary_change_records()
    {
        var clock = new ManualClock();
        using var source = NewStore(clock);
        RandomWorkload.Run(source, new Random(3), 400);
        var recorder = new ChangeRecorder();
        using var store = NewStore(clock);
        store.GetDatabase().StringSet("k1", "existing");
        store.SubscribeChanges(recorder);
        var result = ImportText(store, ExportText(source), new ImportOptions { Mode = ImportMode.Replace });
        Assert.Equal(result.Imported, recorder.Batches.Count); // one batch per key: value and expiry together
        Assert.Contains(recorder.Records, r => r.Op == ChangeOp.Expire);
        // The stream alone rebuilds the store: an import is journaled like any write.
        using var replica = NewStore(clock);
        replica.GetDatabase().StringSet("k1", "existing");
        replica.ApplyChanges(recorder.Records);
        Assert.Equal(StoreDump.Of(store), StoreDump.Of(replica));
        Assert.Equal(StoreDump.Of(source).Where(l => !l.StartsWith("0 6B31 ", StringComparison.Ordinal)), StoreDump.Of(store).Where(l => !l.StartsWith("0 6B31 ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_persistent_store_journals_the_import_and_recovers_it()
    {
        var clock = new ManualClock();
        using var source = NewStore(clock);
        RandomWorkload.Run(source, new Random(11), 500);
        ExportImportRoundTripTests.BinaryWorkload(source, new Random(12), 60);
        string text = ExportText(source);
        using var dir = new DataDirectory();
        using (var store = dir.Open(DurabilityMode.Journal, JournalFsync.Always, clock))
        {
            ImportText(store, text);
        }
        Assert.Empty(dir.Files("dump.mnemo.*")); // the journal alone carried the import
        using var reopened = dir.Open(DurabilityMode.Journal, JournalFsync.Always, clock);
        Assert.Equal(StoreDump.Of(source), StoreDump.Of(reopened));
    }
}
