using Mnemo.Documents;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Documents;

/// <summary>
/// <c>Db.ObjectDocumentsUtf8</c> (the batched candidate fetch of index plans: keys grouped by
/// shard, one lock per run) must answer exactly what one <c>ObjectDocumentUtf8</c> per key
/// answers: documents, nothing for absent, expired, non-object or other-type keys, duplicates
/// and any order of keys.
/// </summary>
public sealed class BatchedFetchTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly MnemoStore _store;

    public BatchedFetchTests()
    {
        _store = new MnemoStore(new MnemoStoreOptions { TimeProvider = _clock, ActiveExpiryInterval = TimeSpan.Zero });
    }

    public void Dispose() => _store.Dispose();

    public sealed class Doc
    {
        public string? Id { get; set; }

        public int N { get; set; }
    }

    [Fact]
    public void Batched_fetch_equals_one_fetch_per_key()
    {
        var docs = _store.GetCollection<Doc>("d");
        var db = ((MnemoDatabase)_store.GetDatabase()).Engine;
        var random = new Random(12345);
        for (int i = 0; i < 600; i++)
        {
            var expiry = random.Next(5) == 0 ? TimeSpan.FromSeconds(random.Next(1, 20)) : (TimeSpan?)null;
            docs.Insert(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), new Doc { N = i }, expiry);
        }
        _store.GetDatabase().StringSet("d:str", "not a document");
        for (int step = 0; step < 30; step++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            int count = random.Next(0, 400);
            var keys = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                string id = random.Next(10) switch
                {
                    0 => "missing" + random.Next(50),
                    1 => "str",
                    _ => random.Next(600).ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                };
                keys[i] = System.Text.Encoding.UTF8.GetBytes("d:" + id);
            }
            var expected = keys.Select(db.ObjectDocumentUtf8).ToArray();
            var actual = new byte[]?[count];
            db.ObjectDocumentsUtf8(keys, actual);
            for (int i = 0; i < count; i++)
            {
                Assert.Same(expected[i], actual[i]);
            }
        }
    }

    [Fact]
    public void Indexed_range_never_returns_expired_documents_and_keeps_id_order()
    {
        var docs = _store.GetCollection<Doc>("e");
        docs.EnsureIndex("n", new IndexOptions { Kind = IndexKind.Ordered });
        for (int i = 0; i < 300; i++)
        {
            docs.Insert("k" + (299 - i).ToString("D3", System.Globalization.CultureInfo.InvariantCulture), new Doc { N = i % 7 },
                i % 3 == 0 ? TimeSpan.FromSeconds(5) : null);
        }
        Assert.Equal(300, docs.Find(Query.Field("n") < 7).Count);
        _clock.Advance(TimeSpan.FromSeconds(6));
        var found = docs.Find(Query.Field("n") < 4);
        var expected = Enumerable.Range(0, 300).Where(i => i % 3 != 0 && i % 7 < 4)
            .Select(i => "k" + (299 - i).ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, found.Select(d => d.Id!).ToList());
        var plan = docs.Explain(Query.Field("n") < 4);
        Assert.Equal("IndexRange", plan.Strategy);
        Assert.Equal(expected.Count, plan.Returned);
    }
}
