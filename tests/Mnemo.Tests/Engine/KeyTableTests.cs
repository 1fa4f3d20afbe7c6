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
        var seen = new HashSet<long>();
        for (int n = 0; n < 20_000; n++)
        {
            int index = table.RandomVolatileEntry(Random.Shared);
            ref var slot = ref table.At(index);
            Assert.True(slot.ExpiresAt > 0);
            Assert.Equal(index, FindVolatile(table, slot.VolatilePos));
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

    private static int FindVolatile(KeyTable table, int pos)
    {
        // The slot's VolatilePos must point back at the slot: sample until that position is drawn.
        for (int n = 0; n < 1_000_000; n++)
        {
            int index = table.RandomVolatileEntry(Random.Shared);
            if (table.At(index).VolatilePos == pos)
            {
                return index;
            }
        }
        return -1;
    }
}
