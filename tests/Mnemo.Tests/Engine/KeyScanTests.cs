using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>SCAN's guarantee: a key present for the whole iteration is returned, whatever happens to the tables meanwhile.</summary>
public sealed class KeyScanTests : IDisposable
{
    private readonly MnemoStore _store;
    private readonly IMnemoDatabase _db;

    public KeyScanTests()
    {
        _store = new MnemoStore(new MnemoStoreOptions { ShardsPerDatabase = 2, TimeProvider = new ManualClock(), ActiveExpiryInterval = TimeSpan.Zero });
        _db = _store.GetDatabase();
    }

    public void Dispose() => _store.Dispose();

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 1)]
    [InlineData(3, 25)]
    public void Keys_present_for_the_whole_scan_are_returned_while_tables_grow_and_shrink(int seed, int count)
    {
        var random = new Random(seed);
        var stable = Enumerable.Range(0, 300).Select(i => $"stable:{i}").ToList();
        foreach (var key in stable)
        {
            _db.StringSet(key, "v");
        }
        var temporary = new List<string>();
        int next = 0;
        var seen = new HashSet<string>();
        ulong cursor = 0;
        int calls = 0;
        do
        {
            var page = _db.KeyScan(cursor, count: count);
            foreach (var key in page.Keys)
            {
                seen.Add(key.ToString());
            }
            cursor = page.Cursor;
            calls++;
            // Between calls, make the tables grow a lot or shrink a lot (they rehash both ways).
            if (random.Next(3) == 0 || temporary.Count == 0)
            {
                int n = random.Next(100, 3000);
                for (int i = 0; i < n; i++)
                {
                    var key = $"temp:{next++}";
                    _db.StringSet(key, "t");
                    temporary.Add(key);
                }
            }
            else
            {
                int n = random.Next(temporary.Count / 2, temporary.Count + 1);
                _db.KeyDelete([.. temporary.Take(n).Select(k => (MnemoKey)k)]);
                temporary.RemoveRange(0, n);
            }
        }
        while (cursor != 0);
        Assert.True(calls > 5, $"only {calls} calls");
        Assert.Subset(seen, stable.ToHashSet());
        Assert.All(seen, k => Assert.True(k.StartsWith("stable:", StringComparison.Ordinal) || k.StartsWith("temp:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Keys_survive_a_scan_across_a_massive_shrink()
    {
        var stable = Enumerable.Range(0, 50).Select(i => $"s{i}").ToList();
        foreach (var key in stable)
        {
            _db.StringSet(key, "v");
        }
        var filler = Enumerable.Range(0, 20_000).Select(i => (MnemoKey)$"f{i}").ToArray();
        foreach (var key in filler)
        {
            _db.StringSet(key, "x");
        }
        var seen = new HashSet<string>();
        var first = _db.KeyScan(0, count: 100);
        seen.UnionWith(first.Keys.Select(k => k.ToString()));
        _db.KeyDelete(filler); // the tables shrink from thousands of buckets to a few
        ulong cursor = first.Cursor;
        while (cursor != 0)
        {
            var page = _db.KeyScan(cursor, count: 3);
            seen.UnionWith(page.Keys.Select(k => k.ToString()));
            cursor = page.Cursor;
        }
        Assert.Subset(seen, stable.ToHashSet());
    }

    [Fact]
    public void Keys_survive_a_scan_across_a_massive_growth()
    {
        var stable = Enumerable.Range(0, 50).Select(i => $"s{i}").ToList();
        foreach (var key in stable)
        {
            _db.StringSet(key, "v");
        }
        var seen = new HashSet<string>();
        var first = _db.KeyScan(0, count: 5);
        seen.UnionWith(first.Keys.Select(k => k.ToString()));
        for (int i = 0; i < 20_000; i++)
        {
            _db.StringSet($"f{i}", "x");
        }
        ulong cursor = first.Cursor;
        while (cursor != 0)
        {
            var page = _db.KeyScan(cursor, count: 500);
            seen.UnionWith(page.Keys.Select(k => k.ToString()));
            cursor = page.Cursor;
        }
        Assert.Subset(seen, stable.ToHashSet());
    }

    [Fact]
    public void A_cursor_past_the_last_shard_ends_the_scan()
    {
        _db.StringSet("k", "v");
        var page = _db.KeyScan(ulong.MaxValue);
        Assert.Equal(0UL, page.Cursor);
        Assert.Empty(page.Keys);
    }
}
