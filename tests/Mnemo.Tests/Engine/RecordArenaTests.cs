using System.Globalization;
using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>
/// Small string records live in chunks of a per-table arena (<c>RecordArena</c>) at an offset, and
/// move to new chunks when released records outweigh live ones. These tests try to make a command
/// read or write a record at a stale place: random string commands with compactions in between,
/// against a model; the memory given back; a GET racing compactions.
/// </summary>
public sealed class RecordArenaTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_string_commands_with_compactions_in_between_match_a_model(int seed)
    {
        using var store = new MnemoStore(new MnemoStoreOptions { ShardsPerDatabase = 2, ActiveExpiryInterval = TimeSpan.Zero });
        var db = store.GetDatabase();
        var other = store.GetDatabase(1);
        var engine = ((MnemoDatabase)db).Engine;
        var model = new Dictionary<string, byte[]>();
        var random = new Random(seed);
        int compactions = 0;
        for (int step = 0; step < 6_000; step++)
        {
            string key = "k" + random.Next(40).ToString(CultureInfo.InvariantCulture);
            string second = "k" + random.Next(40).ToString(CultureInfo.InvariantCulture);
            model.TryGetValue(key, out var current);
            bool isText = current is not null && !Internal.Text.NumberText.TryParseInt64(current, out _);
            switch (random.Next(13))
            {
                case 0:
                case 1:
                case 2:
                    // Lengths on both sides of the arena's limit: records over 512 bytes stand alone.
                    var value = RandomBytes(random, random.Next(4) == 0 ? random.Next(400, 700) : random.Next(0, 40));
                    db.StringSet(key, value);
                    model[key] = value;
                    break;
                case 3:
                    long number = random.Next(-1000, 1000);
                    db.StringSet(key, number);
                    model[key] = Encoding.ASCII.GetBytes(number.ToString(CultureInfo.InvariantCulture));
                    break;
                case 4:
                    var suffix = RandomBytes(random, random.Next(1, 30));
                    db.StringAppend(key, suffix);
                    model[key] = [.. current ?? [], .. suffix];
                    break;
                case 5 when current is null || !isText:
                    long total = db.StringIncrement(key, 7);
                    model[key] = Encoding.ASCII.GetBytes(total.ToString(CultureInfo.InvariantCulture));
                    break;
                case 6:
                    int offset = random.Next(0, 50);
                    var patch = RandomBytes(random, random.Next(1, 10));
                    db.StringSetRange(key, offset, patch);
                    var patched = new byte[Math.Max(current?.Length ?? 0, offset + patch.Length)];
                    current?.CopyTo(patched, 0);
                    patch.CopyTo(patched, offset);
                    model[key] = patched;
                    break;
                case 7:
                    db.KeyDelete(key);
                    model.Remove(key);
                    break;
                case 8 when current is not null:
                    db.KeyRename(key, second);
                    model.Remove(key);
                    model[second] = current;
                    break;
                case 9 when current is not null:
                    // Copies to a key of either shard, and to another database.
                    if (key != second)
                    {
                        db.KeyCopy(key, second, replace: true);
                        model[second] = current;
                    }
                    Assert.True(db.KeyCopy(key, "away", 1, replace: true));
                    Assert.Equal(current, (byte[]?)other.StringGet("away"));
                    break;
                case 10:
                    Assert.Equal(current, (byte[]?)db.StringGetDelete(key));
                    model.Remove(key);
                    break;
                case 11:
                    // A TTL (that never comes due here): the key joins the table's volatile index.
                    var expiring = RandomBytes(random, random.Next(0, 40));
                    db.StringSet(key, expiring, TimeSpan.FromHours(1));
                    model[key] = expiring;
                    if (random.Next(2) == 0)
                    {
                        db.KeyPersist(key);
                    }
                    break;
                case 12:
                    // A transaction that writes, deletes and renames, then throws: all of it is undone.
                    using (var tx = db.CreateTransaction(key, second))
                    {
                        Assert.Throws<InvalidOperationException>(() => tx.Execute(t =>
                        {
                            t.StringSet(key, RandomBytes(random, 20));
                            t.StringAppend(second, "more");
                            t.KeyRename(key, second);
                            t.KeyDelete(second);
                            throw new InvalidOperationException("roll back");
                        }));
                    }
                    break;
            }
            if (random.Next(40) == 0)
            {
                foreach (var shard in engine.Shards)
                {
                    using (shard.Lock())
                    {
                        shard.Table.CompactRecords();
                    }
                }
                compactions++;
            }
            if (step % 500 == 0)
            {
                AssertSame(db, engine, model);
            }
        }
        AssertSame(db, engine, model);
        Assert.True(compactions > 50);
    }

    [Fact]
    public void Records_released_in_bulk_are_compacted_away_when_the_lock_is_released()
    {
        // No active expiry: its thread would take the shard locks (and so may compact) while this reads the tables.
        using var store = new MnemoStore(new MnemoStoreOptions { ShardsPerDatabase = 2, ActiveExpiryInterval = TimeSpan.Zero });
        var db = store.GetDatabase();
        var engine = ((MnemoDatabase)db).Engine;
        var value = new byte[40];
        for (int i = 0; i < 20_000; i++)
        {
            db.StringSet(Key(i), value);
        }
        long loaded = engine.Shards.Sum(s => s.Table.ArenaLiveBytes);
        Assert.True(loaded > 20_000 * 40, $"{loaded} bytes in the arenas"); // the records are there, not in arrays of their own
        for (int i = 0; i < 20_000; i++)
        {
            if (i % 10 != 0)
            {
                db.KeyDelete(Key(i));
            }
        }
        // Each shard compacted once its holes passed both 64 KB and its live bytes, at the release
        // of the DEL that crossed the line; the DELs after it left fewer holes than that.
        foreach (var shard in engine.Shards)
        {
            Assert.True(shard.Table.ArenaDeadBytes < Math.Max(RecordArena.MinimumCompactionBytes, shard.Table.ArenaLiveBytes) + 100,
                $"shard {shard.Ordinal}: {shard.Table.ArenaDeadBytes} bytes of holes next to {shard.Table.ArenaLiveBytes} live");
            shard.Table.Validate();
        }
        Assert.InRange(engine.Shards.Sum(s => s.Table.ArenaLiveBytes), loaded / 10 - 100, loaded / 10 + 100);
        for (int i = 0; i < 20_000; i++)
        {
            Assert.Equal(i % 10 == 0, db.KeyExists(Key(i)));
        }
        Assert.Equal(value, (byte[]?)db.StringGet(Key(20)));
    }

    [Fact]
    public void A_loaded_snapshot_puts_small_strings_in_the_arena()
    {
        using var dir = new Persistence.DataDirectory();
        var big = new byte[600];
        using (var store = dir.Open(Mnemo.Persistence.DurabilityMode.Snapshot))
        {
            var db = store.GetDatabase();
            for (int i = 0; i < 1_000; i++)
            {
                db.StringSet(Key(i), i % 2 == 0 ? Encoding.ASCII.GetBytes("v" + i) : i); // raw and int-encoded
            }
            db.StringSet("big", big);
            store.Save();
        }
        using var loaded = dir.Open(Mnemo.Persistence.DurabilityMode.Snapshot);
        var engine = ((MnemoDatabase)loaded.GetDatabase()).Engine;
        long arena = 0;
        foreach (var shard in engine.Shards)
        {
            shard.Table.Validate();
            arena += shard.Table.ArenaLiveBytes;
        }
        // 1,000 small records of 1 + 7-9 key bytes + 4 + 2-8 value bytes; the 600-byte value stands alone.
        Assert.InRange(arena, 1_000 * 14, 1_000 * 22);
        Assert.Equal("v10", loaded.GetDatabase().StringGet(Key(10)).ToString());
        Assert.Equal(11, (long)loaded.GetDatabase().StringGet(Key(11)));
        Assert.Equal(big, (byte[]?)loaded.GetDatabase().StringGet("big"));
    }

    [Fact]
    public async Task Gets_racing_compactions_only_ever_see_whole_values()
    {
        using var store = new MnemoStore(new MnemoStoreOptions { ShardsPerDatabase = 2 });
        var db = store.GetDatabase();
        var engine = ((MnemoDatabase)db).Engine;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        long compactions = 0, reads = 0;
        for (int k = 0; k < 26; k++)
        {
            db.StringSet(Key(k), new string((char)('a' + k), 5)); // every key exists from here on
        }
        // Every value of key k is k's letter repeated: a torn read shows another letter or a wrong length.
        var writer = DedicatedThread.Run(() =>
        {
            var random = new Random(1);
            while (!stop.IsCancellationRequested)
            {
                int k = random.Next(26);
                db.StringSet(Key(k), new string((char)('a' + k), 5 + (random.Next(4) * 10)));
            }
        });
        var compactor = DedicatedThread.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var shard in engine.Shards)
                {
                    using (shard.Lock())
                    {
                        shard.Table.CompactRecords();
                    }
                }
                compactions++;
            }
        });
        var reader = DedicatedThread.Run(() =>
        {
            var random = new Random(2);
            while (!stop.IsCancellationRequested)
            {
                int k = random.Next(26);
                string text = db.StringGet(Key(k)).ToString(); // "" when missing
                Assert.True(text.Length is 5 or 15 or 25 or 35 && text.All(c => c == 'a' + k), $"torn value '{text}' for key {k}");
                reads++;
            }
        });
        await Task.WhenAll(writer, compactor, reader);
        Assert.True(compactions > 100 && reads > 10_000, $"{compactions} compactions, {reads} values read");
    }

    private static string Key(int i) => "key:" + i.ToString(CultureInfo.InvariantCulture);

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static void AssertSame(IMnemoDatabase db, Db engine, Dictionary<string, byte[]> model)
    {
        foreach (var shard in engine.Shards)
        {
            using (shard.Lock())
            {
                shard.Table.Validate();
            }
        }
        Assert.Equal(model.Count, db.DatabaseSize());
        foreach (var (key, value) in model)
        {
            Assert.Equal(value, (byte[]?)db.StringGet(key));
            Assert.Equal(value.Length, db.StringLength(key));
        }
    }
}
