using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Documents;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Documents;

public sealed class DocumentRoundTripTests
{
    private static AllTypes Sample(int seed)
    {
        var random = new Random(seed);
        long ticks = new DateTime(2001, 1, 1).Ticks + random.NextInt64(0, TimeSpan.TicksPerDay * 365 * 30);
        return new AllTypes
        {
            Utc = new DateTime(ticks + 1, DateTimeKind.Utc),          // odd tick: full precision
            Local = new DateTime(ticks + 3, DateTimeKind.Local),
            Unspecified = new DateTime(ticks + 7, DateTimeKind.Unspecified),
            Offset = new DateTimeOffset(ticks + 9, TimeSpan.FromMinutes(random.Next(-12, 14) * 60 + 30)),
            Money = 1234567.8900m + random.Next(100),                // trailing zeros are kept
            BigMoney = decimal.MaxValue - random.Next(1000),
            Guid = Guid.NewGuid(),
            Color = (Color)random.Next(3),
            Maybe = random.Next(),
            Nothing = null,
            MaybeDate = new DateTime(ticks, DateTimeKind.Utc),
            Ratio = random.NextDouble() / 3,
            Big = long.MaxValue - random.Next(1000),
            Child = new Nested { Label = "c\u00e9\u4e2d\"\\", Amount = 0.1m, Numbers = [1, -2, int.MaxValue] },
            Items = [new Nested { Label = "i", Amount = -3.50m }, new Nested()],
            Map = new Dictionary<string, int> { ["a"] = 1, ["b.c"] = 2 },
            Jagged = [[1, 2], [], [3]],
        };
    }

    private static void AssertSame(AllTypes expected, AllTypes actual)
    {
        static void SameDate(DateTime e, DateTime a)
        {
            Assert.Equal(e.Kind, a.Kind);
            Assert.Equal(e.Ticks, a.Ticks);
        }
        SameDate(expected.Utc, actual.Utc);
        SameDate(expected.Local, actual.Local);
        SameDate(expected.Unspecified, actual.Unspecified);
        SameDate(expected.MaybeDate!.Value, actual.MaybeDate!.Value);
        Assert.Equal(expected.Offset.Ticks, actual.Offset.Ticks);
        Assert.Equal(expected.Offset.Offset, actual.Offset.Offset);
        Assert.Equal(expected.Money, actual.Money);
        Assert.Equal(expected.Money.Scale, actual.Money.Scale);
        Assert.Equal(expected.BigMoney, actual.BigMoney);
        Assert.Equal(expected.Guid, actual.Guid);
        Assert.Equal(expected.Color, actual.Color);
        Assert.Equal(expected.Maybe, actual.Maybe);
        Assert.Null(actual.Nothing);
        Assert.Equal(expected.Ratio, actual.Ratio);
        Assert.Equal(expected.Big, actual.Big);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(JsonSerializer.Serialize(expected, DocumentJson.Options), JsonSerializer.Serialize(actual, DocumentJson.Options));
    }

    [Fact]
    public void Every_type_round_trips_exactly_through_memory()
    {
        using var store = new MnemoStore();
        var things = store.GetCollection<AllTypes>("things");
        for (int seed = 0; seed < 50; seed++)
        {
            var doc = Sample(seed);
            string id = things.Insert(doc);
            AssertSame(doc, things.Get(id)!);
            AssertSame(doc, things.Find(Query.Field("guid") == doc.Guid).Single());
            AssertSame(doc, things.Find(Query.Field("utc") == doc.Utc).Single());
        }
    }

    [Fact]
    public void Every_type_round_trips_exactly_through_the_change_stream()
    {
        using var primary = new MnemoStore();
        using var replica = new MnemoStore();
        var recorder = new ChangeRecorder();
        primary.SubscribeChanges(recorder);
        var source = primary.GetCollection<AllTypes>("things");
        var docs = new List<AllTypes>();
        for (int seed = 0; seed < 30; seed++)
        {
            var doc = Sample(seed);
            source.Insert(doc, seed % 3 == 0 ? TimeSpan.FromHours(1) : null);
            docs.Add(doc);
        }
        source.Update(docs[1].Id!, Update.Set("money", 99.990m).ThenIncrement("big", -5).ThenPush("items", new Nested { Label = "pushed" }));
        docs[1].Money = 99.990m;
        docs[1].Big -= 5;
        docs[1].Items.Add(new Nested { Label = "pushed" });
        source.Delete(docs[2].Id!);
        source.Replace(docs[3].Id!, docs[4].WithId(docs[3].Id!));

        replica.ApplyChanges(recorder.Records);
        var target = replica.GetCollection<AllTypes>("things");
        Assert.Equal(source.Count(), target.Count());
        foreach (var expected in source.FindAll())
        {
            AssertSame(expected, target.Get(expected.Id!)!);
            Assert.Equal(source.GetTimeToLive(expected.Id!).HasValue, target.GetTimeToLive(expected.Id!).HasValue);
        }
        AssertSame(docs[1], target.Get(docs[1].Id!)!);
        Assert.False(target.Exists(docs[2].Id!));
        Assert.Equal(
            primary.GetCollection("things").FindAll().Select(o => o.ToJsonString()),
            replica.GetCollection("things").FindAll().Select(o => o.ToJsonString()));
    }

    [Theory]
    [InlineData(Mnemo.Persistence.DurabilityMode.Journal, false)] // journal only
    [InlineData(Mnemo.Persistence.DurabilityMode.Journal, true)]  // snapshot, then journal after it
    [InlineData(Mnemo.Persistence.DurabilityMode.Snapshot, true)] // snapshot only
    public void Every_type_round_trips_exactly_through_snapshot_and_journal(Mnemo.Persistence.DurabilityMode mode, bool save)
    {
        using var dir = new Mnemo.Tests.Persistence.DataDirectory();
        var expected = new List<AllTypes>();
        string rawId;
        const string Raw = """{"big":123456789012345678901234567890,"dec":1.10,"s":"\u00e9","arr":[1,[2,{"x":true}]]}""";
        using (var store = dir.Open(mode))
        {
            var things = store.GetCollection<AllTypes>("things");
            for (int seed = 0; seed < 20; seed++)
            {
                var doc = Sample(seed);
                things.Insert(doc, seed % 4 == 0 ? TimeSpan.FromHours(1) : null);
                expected.Add(doc);
            }
            rawId = store.GetCollection("raw").Insert(JsonNode.Parse(Raw)!.AsObject());
            if (save)
            {
                store.Save();
            }
            things.Update(expected[5].Id!, Update.Set("money", 0.500m).ThenIncrement("big", -1));
            if (mode == Mnemo.Persistence.DurabilityMode.Snapshot)
            {
                store.Save(); // snapshot-only keeps what the last snapshot holds
            }
            expected[5].Money = 0.500m;
            expected[5].Big -= 1;
        }
        using var reopened = dir.Open(mode);
        var back = reopened.GetCollection<AllTypes>("things");
        Assert.Equal(expected.Count, back.Count());
        foreach (var doc in expected)
        {
            AssertSame(doc, back.Get(doc.Id!)!);
            Assert.Equal(expected.IndexOf(doc) % 4 == 0, back.GetTimeToLive(doc.Id!).HasValue);
        }
        var raw = reopened.GetCollection("raw").Get(rawId)!;
        raw.Remove("_id");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Raw), raw));
        Assert.Equal("1.10", raw["dec"]!.ToJsonString());
    }

    [Fact]
    public void Untyped_documents_round_trip_numbers_and_text_exactly()
    {
        using var primary = new MnemoStore();
        using var replica = new MnemoStore();
        var recorder = new ChangeRecorder();
        primary.SubscribeChanges(recorder);
        var raw = primary.GetCollection("raw");
        const string json = """{"big":123456789012345678901234567890,"small":1e-300,"dec":1.10,"neg":-0.0,"s":"\u00e9\ud83d\ude00","n":null,"arr":[1,[2,{"x":true}]],"o":{"p":{"q":false}}}""";
        var node = JsonNode.Parse(json)!.AsObject();
        string id = raw.Insert(node);
        replica.ApplyChanges(recorder.Records);
        var back = replica.GetCollection("raw").Get(id)!;
        back.Remove("_id");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), back));
        Assert.Equal("1.10", back["dec"]!.ToJsonString());
        Assert.Equal("123456789012345678901234567890", back["big"]!.ToJsonString());
    }
}

internal static class AllTypesExtensions
{
    public static AllTypes WithId(this AllTypes doc, string id)
    {
        var copy = JsonSerializer.Deserialize<AllTypes>(JsonSerializer.Serialize(doc, DocumentJson.Options), DocumentJson.Options)!;
        copy.Id = id;
        return copy;
    }
}
