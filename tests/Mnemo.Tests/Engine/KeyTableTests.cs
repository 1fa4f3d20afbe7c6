using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Tests.Engine;

public sealed class KeyTableTests
{
    private static byte[] Key(int i) => Encoding.UTF8.GetBytes($"key:{i}");

    private static int Add(KeyTable table, int i) =>
        table.Add(KeyHash.Compute(Key(i)), StringRecord.Create(Key(i), Encoding.UTF8.GetBytes($"v{i}")), ValueKind.StringRaw);

    [Fact]
    public void Grows_and_shrinks_keeping_every_key_findable()
    {
        var table = new KeyTable();
        var model = new HashSet<int>();
        var random = new Random(7);
        for (int step = 0; step < 50_000; step++)
        {
            int i = random.Next(5_000);
            int index = table.Find(Key(i), KeyHash.Compute(Key(i)));
            Assert.Equal(model.Contains(i), index >= 0);
            if (index >= 0 && random.Next(3) == 0)
            {
                table.Remove(index);
                model.Remove(i);
            }
            else if (index < 0)
            {
                Add(table, i);
                model.Add(i);
            }
            if (step % 10_000 == 0)
            {
                // drain most keys to force shrinking
                foreach (int k in model.Where(k => k % 10 != 0).ToList())
                {
                    table.Remove(table.Find(Key(k), KeyHash.Compute(Key(k))));
                    model.Remove(k);
                }
            }
        }
        Assert.Equal(model.Count, table.Count);
        foreach (int k in model)
        {
            int index = table.Find(Key(k), KeyHash.Compute(Key(k)));
            Assert.True(index >= 0);
            Assert.Equal(Key(k), KeyTable.KeyOf(in table.At(index)).ToArray());
        }
    }

    [Fact]
    public void Volatile_index_tracks_keys_with_expiry_across_resizes()
    {
        var table = new KeyTable();
        for (int i = 0; i < 2_000; i++)
        {
            int index = Add(table, i);
            if (i % 2 == 0)
            {
                table.SetExpiry(index, 1_000 + i);
            }
        }
        Assert.Equal(1_000, table.VolatileCount);
        for (int i = 0; i < 2_000; i += 4)
        {
            table.Remove(table.Find(Key(i), KeyHash.Compute(Key(i))));
        }
        for (int i = 1; i < 2_000; i += 2)
        {
            table.Remove(table.Find(Key(i), KeyHash.Compute(Key(i))));
        }
        Assert.Equal(500, table.VolatileCount);
        Assert.Equal(500, table.Count);
        table.Validate(); // each expiring entry's position in the volatile index points back at it
        var seen = new HashSet<long>();
        for (int n = 0; n < 20_000; n++)
        {
            int index = table.RandomVolatileEntry(Random.Shared);
            ref var slot = ref table.At(index);
            Assert.True(slot.ExpiresAt > 0);
            seen.Add(slot.ExpiresAt);
        }
        Assert.Equal(500, seen.Count); // sampling reaches every volatile key
    }

    [Fact]
    public void Scan_visits_every_key_present_for_the_whole_scan_while_the_table_resizes()
    {
        var table = new KeyTable();
        for (int i = 0; i < 1_000; i++)
        {
            Add(table, i);
        }
        var seen = new HashSet<string>();
        var visited = new List<int>();
        uint cursor = 0;
        int extra = 1_000, round = 0;
        do
        {
            visited.Clear();
            cursor = table.ScanBucket(cursor, visited);
            foreach (int index in visited)
            {
                seen.Add(Encoding.UTF8.GetString(KeyTable.KeyOf(in table.At(index))));
            }
            // Between calls, grow the table a lot, then shrink it, by adding and removing other keys.
            if (++round % 50 == 0)
            {
                for (int j = 0; j < 3_000; j++)
                {
                    Add(table, extra + j);
                }
                for (int j = 0; j < 3_000; j++)
                {
                    table.Remove(table.Find(Key(extra + j), KeyHash.Compute(Key(extra + j))));
                }
                extra += 3_000;
            }
        }
        while (cursor != 0);
        for (int i = 0; i < 1_000; i++)
        {
            Assert.Contains($"key:{i}", seen);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Matches_a_dictionary_over_random_add_remove_replace_and_lookup(int seed)
    {
        // Few distinct hashes (keys collide in chains) and many keys (the table grows and shrinks),
        // so chain heads change often: every Find must agree with the model, and the entry found
        // must hold the key and the latest item (the bucket's cached head item must stay exact).
        var random = new Random(seed);
        var table = new KeyTable();
        var model = new Dictionary<int, byte[]>();
        for (int step = 0; step < 60_000; step++)
        {
            int k = random.Next(step % 20_000 < 10_000 ? 4_000 : 300);
            var key = Key(k);
            int hash = HashOf(k, key);
            int index = table.Find(key, hash);
            Assert.Equal(model.ContainsKey(k), index >= 0);
            switch (random.Next(4))
            {
                case 0 when index >= 0:
                    table.Remove(index);
                    model.Remove(k);
                    break;
                case 1 when index >= 0:
                    var replaced = StringRecord.Create(key, Encoding.UTF8.GetBytes($"r{step}"));
                    table.Replace(index, replaced, ValueKind.StringRaw);
                    model[k] = replaced;
                    break;
                default:
                    if (index < 0)
                    {
                        var item = StringRecord.Create(key, Encoding.UTF8.GetBytes($"v{step}"));
                        table.Add(hash, item, ValueKind.StringRaw);
                        model[k] = item;
                    }
                    break;
            }
            if (step % 5_000 == 4_999)
            {
                AssertSameAs(table, model);
            }
        }
        AssertSameAs(table, model);
    }

    // A third of the keys hash to one of seven values, so chains of many keys form.
    private static int HashOf(int k, byte[] key) => k % 3 == 0 ? k % 7 : KeyHash.Compute(key);

    private static void AssertSameAs(KeyTable table, Dictionary<int, byte[]> model)
    {
        Assert.Equal(model.Count, table.Count);
        foreach (var (k, item) in model)
        {
            int index = table.Find(Key(k), HashOf(k, Key(k)));
            Assert.True(index >= 0);
            Assert.Same(item, table.At(index).Item);
        }
        int live = 0;
        for (int i = 0; i < table.Used; i++)
        {
            live += table.IsLive(i) ? 1 : 0;
        }
        Assert.Equal(model.Count, live);
    }
}
