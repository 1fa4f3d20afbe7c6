using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>A minimal collection value, standing in for the list, set, hash and sorted-set families.</summary>
internal sealed class TestCollection(byte[] key, ValueKind kind, List<string> items) : CollectionValue(key)
{
    public List<string> Items { get; } = items;

    public override ValueKind Kind => kind;

    public override int Count => Items.Count;

    public override CollectionValue Clone() => new TestCollection(Key, kind, [.. Items]);
}

/// <summary>Key commands on collection values: TYPE, RENAME, COPY, SWAPDB, SCAN TYPE, WRONGTYPE from bit commands, blocked-reader wake-ups.</summary>
public sealed class KeysCollectionTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly MnemoStore _store;
    private readonly IMnemoDatabase _db;

    public KeysCollectionTests()
    {
        _store = new MnemoStore(new MnemoStoreOptions { TimeProvider = _clock, ActiveExpiryInterval = TimeSpan.Zero });
        _db = _store.GetDatabase();
    }

    public void Dispose() => _store.Dispose();

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private TestCollection Add(string key, ValueKind kind, params string[] items) => Add(0, key, kind, items);

    private TestCollection Add(int database, string key, ValueKind kind, params string[] items)
    {
        var db = _store.Core.Database(database);
        var bytes = B(key);
        int hash = KeyHash.Compute(bytes);
        var shard = db.ShardOf(hash);
        var value = new TestCollection(bytes, kind, [.. items]);
        using (shard.Lock())
        {
            shard.Table.Add(hash, value, kind);
        }
        return value;
    }

    private TestCollection? Find(int database, string key)
    {
        var db = _store.Core.Database(database);
        var bytes = B(key);
        int hash = KeyHash.Compute(bytes);
        var shard = db.ShardOf(hash);
        using (shard.Lock())
        {
            int i = db.FindLive(shard, bytes, hash);
            return i < 0 ? null : (TestCollection)shard.Table.At(i).Item!;
        }
    }

    [Fact]
    public void Type_reports_each_collection_kind()
    {
        Add("l", ValueKind.List, "a");
        Add("s", ValueKind.Set, "a");
        Add("h", ValueKind.Hash, "a");
        Add("z", ValueKind.SortedSet, "a");
        Assert.Equal(MnemoType.List, _db.KeyType("l"));
        Assert.Equal(MnemoType.Set, _db.KeyType("s"));
        Assert.Equal(MnemoType.Hash, _db.KeyType("h"));
        Assert.Equal(MnemoType.SortedSet, _db.KeyType("z"));
        Assert.Equal(4, _db.KeyExists("l", "s", "h", "z"));
        Assert.Equal(4, _db.KeyDelete("l", "s", "h", "z"));
        Assert.Equal(0, _db.DatabaseSize());
    }

    [Fact]
    public void Bit_commands_on_a_collection_are_wrongtype_and_change_nothing()
    {
        var list = Add("l", ValueKind.List, "a", "b");
        _db.StringSet("s", "x");
        _db.StringSet("dst", "keep");
        Assert.Throws<MnemoWrongTypeException>(() => _db.StringSetBit("l", 3, true));
        Assert.Throws<MnemoWrongTypeException>(() => _db.StringGetBit("l", 3));
        Assert.Throws<MnemoWrongTypeException>(() => _db.StringBitCount("l"));
        Assert.Throws<MnemoWrongTypeException>(() => _db.StringBitPosition("l", true));
        Assert.Throws<MnemoWrongTypeException>(() => _db.StringBitOperation(BitOp.Or, "dst", "s", "l"));
        Assert.Throws<MnemoWrongTypeException>(() => _db.StringBitOperation(BitOp.Not, "dst", "l"));
        Assert.Same(list, Find(0, "l"));
        Assert.Equal(["a", "b"], list.Items);
        Assert.Equal("keep", _db.StringGet("dst").ToString());
        Assert.Equal("WRONGTYPE Operation against a key holding the wrong kind of value",
            Assert.Throws<MnemoWrongTypeException>(() => _db.StringGetBit("l", 0)).Message);
    }

    [Fact]
    public void Bitop_overwrites_a_collection_destination()
    {
        Add("l", ValueKind.List, "a");
        _db.StringSet("s", "x");
        Assert.Equal(1, _db.StringBitOperation(BitOp.Or, "l", "s"));
        Assert.Equal(MnemoType.String, _db.KeyType("l"));
        Assert.Equal("x", _db.StringGet("l").ToString());
    }

    [Fact]
    public void Rename_moves_a_collection_and_rebinds_its_key()
    {
        var list = Add("l", ValueKind.List, "a", "b");
        _db.KeyExpire("l", TimeSpan.FromSeconds(20));
        _db.StringSet("taken", "string");
        Assert.True(_db.KeyRename("l", "taken"));
        Assert.Null(Find(0, "l"));
        var moved = Find(0, "taken");
        Assert.Same(list, moved);
        Assert.Equal(B("taken"), moved!.Key);
        Assert.Equal(MnemoType.List, _db.KeyType("taken"));
        Assert.Equal(20_000, _db.KeyTimeToLiveMilliseconds("taken"));
        Assert.Equal(["taken"], _db.Keys().Select(k => k.ToString()));
    }

    [Fact]
    public void Copy_deep_copies_a_collection()
    {
        var set = Add("s", ValueKind.Set, "a", "b");
        Assert.True(_db.KeyCopy("s", "c"));
        Assert.True(_db.KeyCopy("s", "s", destinationDatabase: 2));
        var copy = Find(0, "c")!;
        var other = Find(2, "s")!;
        Assert.NotSame(set, copy);
        Assert.NotSame(set, other);
        Assert.Equal(B("c"), copy.Key);
        Assert.Equal(B("s"), set.Key);
        copy.Items.Add("only-in-copy");
        Assert.Equal(["a", "b"], set.Items);
        Assert.Equal(["a", "b"], other.Items);
        Assert.Equal(MnemoType.Set, _store.GetDatabase(2).KeyType("s"));
    }

    [Fact]
    public void Scan_type_filter_selects_collections()
    {
        for (int i = 0; i < 30; i++)
        {
            Add($"list:{i}", ValueKind.List, "x");
            Add($"zset:{i}", ValueKind.SortedSet, "x");
            _db.StringSet($"str:{i}", i);
        }
        Assert.Equal(30, _db.EnumerateKeys(type: MnemoType.List, pageSize: 4).Distinct().Count());
        Assert.All(_db.EnumerateKeys(type: MnemoType.SortedSet), k => Assert.StartsWith("zset:", k.ToString(), StringComparison.Ordinal));
        Assert.Equal(30, _db.EnumerateKeys(type: MnemoType.String).Count());
        Assert.Empty(_db.EnumerateKeys(type: MnemoType.Hash));
        Assert.Equal(11, _db.EnumerateKeys("list:1*", type: MnemoType.List).Count()); // list:1 and list:10 to list:19
    }

    [Fact]
    public async Task Rename_copy_and_swapdb_wake_readers_blocked_on_a_list_or_sorted_set()
    {
        Add("l", ValueKind.List, "a");
        Add("z", ValueKind.SortedSet, "a");
        Add("h", ValueKind.Hash, "a");
        var waiters = _store.Core.Waiters;

        var onRename = waiters.Register(0, [B("renamed")]);
        _db.KeyRename("l", "renamed");
        Assert.True(await onRename.WaitAsync(TimeSpan.Zero, default));
        waiters.Unregister(onRename);

        var onCopy = waiters.Register(1, [B("z")]);
        _db.KeyCopy("z", "z", destinationDatabase: 1);
        Assert.True(await onCopy.WaitAsync(TimeSpan.Zero, default));
        waiters.Unregister(onCopy);

        var onHash = waiters.Register(0, [B("h2")]);
        _db.KeyRename("h", "h2"); // not a blocking type: nobody is woken
        Assert.False(await onHash.WaitAsync(TimeSpan.Zero, default));
        waiters.Unregister(onHash);

        var onSwap = waiters.Register(3, [B("renamed")]);
        _store.SwapDatabases(0, 3);
        Assert.True(await onSwap.WaitAsync(TimeSpan.Zero, default));
        waiters.Unregister(onSwap);
    }

    [Fact]
    public void A_failed_transaction_undoes_a_rename_of_a_collection()
    {
        var list = Add("l", ValueKind.List, "a", "b");
        Assert.Throws<InvalidOperationException>(() => _db.CreateTransaction("l", "m").Execute(t =>
        {
            t.KeyRename("l", "m");
            throw new InvalidOperationException("abort");
        }));
        Assert.Null(Find(0, "m"));
        var restored = Find(0, "l")!;
        Assert.Equal(B("l"), restored.Key);
        Assert.Equal(["a", "b"], restored.Items);
        Assert.Equal(MnemoType.List, _db.KeyType("l"));
    }
}
