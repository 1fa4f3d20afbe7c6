using System.Globalization;
using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>
/// Removing an entry can compact the shard's table, moving every other entry, so an index taken
/// before a removal can name another key afterwards. Two-key moves whose destination has an
/// expired TTL (looking the destination up expires it), and an expiry whose hook writes to the
/// shard. Each test lays one shard out so that the removal compacts it.
/// </summary>
public sealed class StaleIndexTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void Smove_onto_an_expired_destination_moves_from_the_source_and_leaves_other_keys_alone()
    {
        using var store = NewStore();
        var db = store.GetDatabase();
        var keys = LayOut(store, db, (key, value) => db.SetAdd(key, value));

        Assert.True(db.SetMove(keys.Source, keys.Destination, "m"));

        Assert.False(db.KeyExists(keys.Source)); // its only member moved
        Assert.Equal(["m"], db.SetMembers(keys.Destination).Select(v => v.ToString()));
        Assert.Equal(["m"], db.SetMembers(keys.Other).Select(v => v.ToString()));
        AssertEachKeyOnce(db, keys);
    }

    [Fact]
    public void Lmove_onto_an_expired_destination_rolled_back_in_a_transaction_restores_the_source()
    {
        using var store = NewStore();
        var db = store.GetDatabase();
        var keys = LayOut(store, db, (key, value) => db.ListRightPush(key, value));

        var thrown = Assert.Throws<InvalidOperationException>(() => db.CreateTransaction(keys.Source, keys.Destination).Execute(t =>
        {
            Assert.Equal("m", t.ListMove(keys.Source, keys.Destination, ListSide.Left, ListSide.Right).ToString());
            throw new InvalidOperationException("roll back");
        }));

        Assert.Equal("roll back", thrown.Message);
        Assert.Equal(["m"], db.ListRange(keys.Source).Select(v => v.ToString()));
        Assert.Equal(["m"], db.ListRange(keys.Other).Select(v => v.ToString()));
        AssertEachKeyOnce(db, keys);
    }

    [Fact]
    public void An_expiry_hook_that_writes_to_the_shard_does_not_make_the_expiry_remove_another_key()
    {
        using var store = NewStore();
        var db = store.GetDatabase();
        // One shard: 45 fillers (indices 0-44), the expiring key (45), 6 kept keys; 52 entries, a
        // table of 64. Deleting the fillers leaves 7, under 64 / 8: the table compacts and every
        // entry moves. The hook deletes them while the expiry runs (it is called under the lock).
        var names = KeysOfOneShard(store, 52);
        string[] fillers = names[..45], kept = names[46..];
        string expiring = names[45];
        foreach (var filler in fillers)
        {
            db.StringSet(filler, "f");
        }
        db.StringSet(expiring, "e", TimeSpan.FromSeconds(1));
        foreach (var key in kept)
        {
            db.StringSet(key, "k");
        }
        int calls = 0;
        store.Core.KeyExpired = (_, key) =>
        {
            calls++;
            Assert.Equal(expiring, Encoding.UTF8.GetString(key));
            Assert.Equal(fillers.Length, db.KeyDelete([.. fillers.Select(f => (MnemoKey)f)]));
        };
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(db.StringGet(expiring).IsNull);

        Assert.Equal(1, calls);
        Assert.Equal(kept.Order(StringComparer.Ordinal), db.Keys("*").Select(k => k.ToString()).Order(StringComparer.Ordinal));
        foreach (var shard in store.Core.Databases[0].Shards)
        {
            shard.Table.Validate();
        }
    }

    private MnemoStore NewStore() =>
        new(new MnemoStoreOptions { ShardsPerDatabase = 2, ActiveExpiryInterval = TimeSpan.Zero, TimeProvider = _clock });

    private sealed record Keys(string Source, string Destination, string Other, string[] Kept);

    /// <summary>
    /// In one shard, in this order: a filler, the source (holding "m"), another key of the same
    /// type (holding "m"), 44 fillers, the destination with a TTL, 5 kept keys. The 53 entries grow
    /// the table to 64; deleting the 45 fillers leaves 8, one above the shrink threshold (64 / 8),
    /// so expiring the destination compacts the table: the source moves from index 1 to 0 and the
    /// other key takes index 1. The clock is then past the destination's TTL.
    /// </summary>
    private Keys LayOut(MnemoStore store, IMnemoDatabase db, Action<string, string> add)
    {
        var names = KeysOfOneShard(store, 53);
        var fillers = new List<string> { names[0] };
        string source = names[1], other = names[2];
        fillers.AddRange(names[3..47]);
        string destination = names[47];
        string[] kept = names[48..];

        db.StringSet(fillers[0], "f");
        add(source, "m");
        add(other, "m");
        foreach (var filler in fillers.Skip(1))
        {
            db.StringSet(filler, "f");
        }
        add(destination, "x");
        db.KeyExpire(destination, TimeSpan.FromSeconds(1));
        foreach (var key in kept)
        {
            db.StringSet(key, "k");
        }
        Assert.Equal(fillers.Count, db.KeyDelete([.. fillers.Select(f => (MnemoKey)f)]));
        _clock.Advance(TimeSpan.FromSeconds(2));
        return new Keys(source, destination, other, kept);
    }

    private static void AssertEachKeyOnce(IMnemoDatabase db, Keys keys)
    {
        var all = db.Keys("*").Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(all.Distinct().Count(), all.Count);
        Assert.Contains(keys.Other, all);
        Assert.All(keys.Kept, k => Assert.Contains(k, all));
    }

    /// <summary>Distinct key names that all hash to the shard of the first one.</summary>
    private static string[] KeysOfOneShard(MnemoStore store, int count)
    {
        int shards = store.Core.Databases[0].Shards.Length;
        int shift = 32 - System.Numerics.BitOperations.Log2((uint)shards);
        uint ShardOf(string key) => (uint)KeyHash.Compute(Encoding.UTF8.GetBytes(key)) >> shift;
        uint target = ShardOf("key:0");
        return Enumerable.Range(0, 10_000)
            .Select(i => "key:" + i.ToString(CultureInfo.InvariantCulture))
            .Where(k => ShardOf(k) == target)
            .Take(count)
            .ToArray();
    }
}
