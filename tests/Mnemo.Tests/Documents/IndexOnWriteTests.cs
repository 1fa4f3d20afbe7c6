using Mnemo.Documents;

namespace Mnemo.Tests.Documents;

/// <summary>
/// Index values of typed inserts are read from the serialized element (not the node): the answers
/// of indexed queries must equal those of the same queries over an unindexed copy, for every kind
/// of value (integers, fractions, decimals, strings, booleans, nulls, nested and array paths).
/// </summary>
public sealed class IndexOnWriteTests
{
    public sealed class Inner
    {
        public string? Code { get; set; }
    }

    public sealed class Item
    {
        public string? Id { get; set; }

        public long Whole { get; set; }

        public double Fraction { get; set; }

        public decimal Money { get; set; }

        public string? Name { get; set; }

        public bool Flag { get; set; }

        public int? Maybe { get; set; }

        public Inner? Inner { get; set; }

        public List<int> List { get; set; } = [];
    }

    [Fact]
    public void Indexed_and_scanned_answers_agree_for_every_value_kind()
    {
        using var store = new MnemoStore();
        var indexed = store.GetCollection<Item>("indexed");
        var plain = store.GetCollection<Item>("plain");
        string[] fields = ["whole", "fraction", "money", "name", "flag", "maybe", "inner.code", "list.1"];
        foreach (var f in fields)
        {
            indexed.EnsureIndex(f, new IndexOptions { Kind = IndexKind.Ordered });
        }
        var random = new Random(5);
        var items = new List<Item>();
        for (int i = 0; i < 300; i++)
        {
            var item = new Item
            {
                Whole = random.Next(-5, 5) * 1_000_000_000_000L,
                Fraction = random.Next(-3, 3) / 4.0,
                Money = random.Next(0, 4) + 0.1m,
                Name = random.Next(4) == 0 ? null : "n" + random.Next(5),
                Flag = random.Next(2) == 0,
                Maybe = random.Next(3) == 0 ? null : random.Next(3),
                Inner = random.Next(4) == 0 ? null : new Inner { Code = "c" + random.Next(3) },
                List = [.. Enumerable.Range(0, random.Next(3)).Select(_ => random.Next(3))],
            };
            string id = "i" + i;
            indexed.Insert(id, item);
            plain.Insert(id, item);
            items.Add(item);
        }
        // Replace some through the same path.
        for (int i = 0; i < 300; i += 7)
        {
            var item = items[i];
            item.Name = "n" + random.Next(5);
            item.Whole = 3;
            indexed.Replace("i" + i, item);
            plain.Replace("i" + i, item);
        }
        var queries = new List<Query>();
        foreach (var f in fields)
        {
            QueryValue[] values = [(string?)null, 0, 1, 2, -1_000_000_000_000L, 3, 0.25, -0.5, 1.1m, 2.1m, "n1", "c2", true, false];
            foreach (var value in values)
            {
                queries.Add(Query.Field(f) == value);
                queries.Add(Query.Field(f) < value);
                queries.Add(Query.Field(f) >= value);
            }
        }
        foreach (var q in queries)
        {
            var a = indexed.FindIds(q).Order(StringComparer.Ordinal).ToList();
            var b = plain.FindIds(q).Order(StringComparer.Ordinal).ToList();
            Assert.True(a.SequenceEqual(b), $"{q}: indexed [{string.Join(",", a)}] vs scan [{string.Join(",", b)}]");
        }
        Assert.NotEqual("CollectionScan", indexed.Explain(Query.Field("money") == 1.1m).Strategy);
    }
}
