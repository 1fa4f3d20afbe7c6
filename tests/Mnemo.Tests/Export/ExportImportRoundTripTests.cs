using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Mnemo.Internal.Keyspace;
using Mnemo.Tests.Infrastructure;
using Mnemo.Tests.Persistence;
using static Mnemo.Tests.Export.ExportTestSupport;

namespace Mnemo.Tests.Export;

/// <summary>Export then import reproduces the store: every type, TTLs, binary keys and values, filters.</summary>
public sealed class ExportImportRoundTripTests
{
    [Fact]
    public void Random_stores_of_every_type_round_trip_exactly()
    {
        for (int seed = 0; seed < 25; seed++)
        {
            var clock = new ManualClock();
            using var original = NewStore(clock);
            RandomWorkload.Run(original, new Random(seed), 500);
            var expected = StoreDump.Of(original);
            Assert.True(expected.Count > 20, "the workload should leave many keys");

            string text = ExportText(original, null, out var exported);
            Assert.Equal(expected.Count, exported.Keys);
            using var copy = NewStore(clock);
            var imported = ImportText(copy, text);
            Assert.Equal(new ImportResult(expected.Count, 0, 0, 0), imported);
            Assert.Equal(expected, StoreDump.Of(copy));
        }
    }

    [Fact]
    public void Round_trip_is_a_property_over_workloads_and_binary_data()
    {
        var gen = Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(1, 300));
        Prop.ForAll(Arb.From(gen), input =>
        {
            var (seed, operations) = input;
            var clock = new ManualClock();
            using var original = NewStore(clock);
            var random = new Random(seed);
            RandomWorkload.Run(original, random, operations);
            BinaryWorkload(original, random, operations / 10);
            using var copy = NewStore(clock);
            ImportText(copy, ExportText(original));
            return StoreDump.Of(copy).SequenceEqual(StoreDump.Of(original));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Binary_keys_members_fields_and_values_round_trip_as_base64()
    {
        var clock = new ManualClock();
        using var original = NewStore(clock);
        BinaryWorkload(original, new Random(7), 200);
        var db = original.GetDatabase(1);
        byte[] bad = [0xFF, 0xFE, 0x00, 0x80];
        db.StringSet(bad, bad);
        db.StringSet("empty", "");
        db.StringSet("number", 12345);
        db.HashSet("mixed", [new HashEntry(bad, "text"), new HashEntry("f", bad)]);
        db.SortedSetAdd("scores", [new SortedSetEntry("top", double.PositiveInfinity), new SortedSetEntry("bottom", double.NegativeInfinity),
            new SortedSetEntry(bad, -0.0), new SortedSetEntry("tiny", 5e-324), new SortedSetEntry("huge", double.MaxValue)]);
        db.ListRightPush("text", ["héllo wörld ✓ 😀", "quote\" backslash\\ newline\n tab\t nul\0"]);
        var expected = StoreDump.Of(original);

        string text = ExportText(original);
        Assert.Contains("{\"db\":1,\"key\":{\"base64\":\"//4AgA==\"},\"type\":\"string\",\"value\":{\"base64\":\"//4AgA==\"}}", text, StringComparison.Ordinal);
        Assert.Contains("\"value\":[[{\"base64\":\"//4AgA==\"},\"text\"],[\"f\",{\"base64\":\"//4AgA==\"}]]", text, StringComparison.Ordinal);
        Assert.Contains("\"value\":[[\"bottom\",\"-inf\"],", text, StringComparison.Ordinal);
        Assert.Contains("[\"top\",\"inf\"]]", text, StringComparison.Ordinal);
        Assert.Contains("héllo wörld ✓", text, StringComparison.Ordinal); // readable, not escaped
        Assert.Contains("\"value\":\"12345\"", text, StringComparison.Ordinal); // strings are always JSON strings

        using var copy = NewStore(clock);
        ImportText(copy, text);
        Assert.Equal(expected, StoreDump.Of(copy));
        Assert.Equal(-0.0, copy.GetDatabase(1).SortedSetScore("scores", bad));
        Assert.True(double.IsNegative(copy.GetDatabase(1).SortedSetScore("scores", bad)!.Value));
    }

    [Fact]
    public void A_line_has_the_documented_shape()
    {
        var clock = new ManualClock(); // 2030-01-01T00:00:00Z
        using var store = NewStore(clock);
        var db = store.GetDatabase(2);
        db.HashSet("user:1", [new HashEntry("name", "Ann")]);
        db.KeyExpire("user:1", TimeSpan.FromSeconds(5));
        var lines = Lines(ExportText(store, null, out var result));
        long at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(2, lines.Length);
        Assert.Equal($"{{\"format\":\"mnemo-export\",\"version\":1,\"exported_at_ms\":{at},\"exported_at\":\"2030-01-01T00:00:00.000Z\",\"sequence\":0,\"databases\":16}}", lines[0]);
        Assert.Equal($"{{\"db\":2,\"key\":\"user:1\",\"type\":\"hash\",\"expires_at_ms\":{at + 5000},\"expires_at\":\"2030-01-01T00:00:05.000Z\",\"ttl_ms\":5000,\"value\":{{\"name\":\"Ann\"}}}}", lines[1]);
        Assert.Equal(new ExportResult(0, 0, 0, 1, 0, 0, 0, clock.GetUtcNow()), result);
    }

    [Fact]
    public void Json_documents_round_trip_including_null_and_unicode()
    {
        var clock = new ManualClock();
        using var store = NewStore(clock);
        var engine = ((MnemoDatabase)store.GetDatabase()).Engine;
        void Put(string key, JsonNode? root) =>
            engine.JsonEdit(Encoding.UTF8.GetBytes(key), (_, _) => new JsonEditOutcome<bool>(true, true, root));
        Put("doc", new JsonObject { ["name"] = "Zoë 😀", ["list"] = new JsonArray(1, 2.5, true, null), ["n"] = new JsonObject() });
        Put("null", null);
        Put("scalar", JsonValue.Create(42));
        store.GetDatabase().KeyExpire("doc", TimeSpan.FromMinutes(1));
        var expected = StoreDump.Of(store);
        string text = ExportText(store, null, out var result);
        Assert.Equal(3, result.Documents);
        Assert.Contains("\"type\":\"json\",\"value\":null}", text, StringComparison.Ordinal);
        using var copy = NewStore(clock);
        ImportText(copy, text);
        Assert.Equal(expected, StoreDump.Of(copy));
    }

    [Fact]
    public void Keys_that_expired_before_the_import_are_skipped_and_others_keep_their_deadline()
    {
        var clock = new ManualClock();
        using var store = NewStore(clock);
        var db = store.GetDatabase();
        db.StringSet("soon", "1", TimeSpan.FromSeconds(10));
        db.ListRightPush("later", "x");
        db.KeyExpire("later", TimeSpan.FromHours(1));
        db.SetAdd("forever", "m");
        var deadline = db.KeyExpireTime("later");
        string text = ExportText(store);

        clock.Advance(TimeSpan.FromSeconds(30));
        using var copy = NewStore(clock);
        var result = ImportText(copy, text);
        Assert.Equal(new ImportResult(2, 0, 0, 1), result);
        var target = copy.GetDatabase();
        Assert.False(target.KeyExists("soon"));
        Assert.Equal(deadline, target.KeyExpireTime("later"));
        Assert.Equal(TimeSpan.FromMinutes(59.5), target.KeyTimeToLive("later"));
        Assert.Null(target.KeyTimeToLive("forever"));
    }

    [Fact]
    public void Keys_already_expired_in_the_store_are_not_exported()
    {
        var clock = new ManualClock();
        using var store = NewStore(clock);
        store.GetDatabase().StringSet("gone", "1", TimeSpan.FromSeconds(1));
        store.GetDatabase().StringSet("kept", "2");
        clock.Advance(TimeSpan.FromSeconds(2)); // "gone" is still in its table: nobody touched it
        var lines = Lines(ExportText(store, null, out var result));
        Assert.Equal(1, result.Keys);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"kept\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_and_a_pattern_select_what_is_exported()
    {
        var clock = new ManualClock();
        using var store = NewStore(clock);
        store.GetDatabase(0).StringSet("user:1", "a");
        store.GetDatabase(3).StringSet("user:2", "b");
        store.GetDatabase(3).StringSet("order:1", "c");
        store.GetDatabase(3).ListRightPush("user:list", "d");

        ExportText(store, new ExportOptions { Database = 3 }, out var one);
        Assert.Equal(3, one.Keys);
        var lines = Lines(ExportText(store, new ExportOptions { Database = 3, Pattern = "user:*" }, out var both));
        Assert.Equal((1L, 1L, 2L), (both.Strings, both.Lists, both.Keys));
        Assert.All(lines.Skip(1), l => Assert.StartsWith("{\"db\":3,\"key\":\"user:", l, StringComparison.Ordinal));
        ExportText(store, new ExportOptions { Pattern = "user:?" }, out var any);
        Assert.Equal(2, any.Keys);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Export(Stream.Null, new ExportOptions { Database = 16 }));
    }

    /// <summary>Keys, values, members and fields that are not UTF-8, or are, in every type.</summary>
    internal static void BinaryWorkload(MnemoStore store, Random random, int operations)
    {
        for (int n = 0; n < operations; n++)
        {
            var db = store.GetDatabase(random.Next(3));
            byte[] key = Bytes(random);
            try
            {
                switch (random.Next(5))
                {
                    case 0: db.StringSet(key, Bytes(random)); break;
                    case 1: db.ListRightPush(key, [Bytes(random), Bytes(random)]); break;
                    case 2: db.SetAdd(key, [Bytes(random), Bytes(random)]); break;
                    case 3: db.HashSet(key, [new HashEntry(Bytes(random), Bytes(random))]); break;
                    default: db.SortedSetAdd(key, Bytes(random), random.Next(3) == 0 ? double.NegativeInfinity : random.NextDouble() * 1e6); break;
                }
                if (random.Next(3) == 0)
                {
                    db.KeyExpire(key, TimeSpan.FromSeconds(1 + random.Next(10_000)));
                }
            }
            catch (MnemoException)
            {
                // a key of another type
            }
        }
    }

    private static byte[] Bytes(Random random)
    {
        // Half text (with multi-byte characters), half arbitrary bytes (mostly not UTF-8).
        if (random.Next(2) == 0)
        {
            return Encoding.UTF8.GetBytes("t" + random.Next(30) + (random.Next(4) == 0 ? "é😀" : ""));
        }
        var bytes = new byte[random.Next(1, 6)];
        random.NextBytes(bytes);
        return bytes;
    }
}
