using Mnemo.Documents;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Documents;

public sealed class HashIndexTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly MnemoStore _store;
    private readonly IMnemoDatabase _db;

    public HashIndexTests()
    {
        _store = new MnemoStore(new MnemoStoreOptions { TimeProvider = _clock, ActiveExpiryInterval = TimeSpan.Zero });
        _db = _store.GetDatabase();
    }

    public void Dispose() => _store.Dispose();

    private IReadOnlyList<string> Search(string value) => _store.SearchHashIndex("idx", value);

    [Fact]
    public void Hash_index_follows_hash_writes_deletes_expiry_renames_and_flushes()
    {
        _db.HashSet("users:1", [new HashEntry("name", "ann"), new HashEntry("age", "3")]);
        _db.HashSet("users:2", "name", "bob");
        _db.StringSet("users:str", "ann");
        _db.SetAdd("users:set", "ann");
        Assert.True(_store.CreateHashIndex("idx", "users:*", "name"));
        Assert.False(_store.CreateHashIndex("idx", "users:*", "name"));
        Assert.Throws<ArgumentException>(() => _store.CreateHashIndex("idx", "users:*", "age"));
        Assert.Equal(["users:1"], Search("ann"));

        _db.HashDelete("users:1", "name");
        Assert.Empty(Search("ann"));
        _db.HashSet("users:1", "name", "ann");
        _db.HashSetIfNotExists("users:5", "name", "ann");
        Assert.Equal(["users:1", "users:5"], Search("ann"));
        _db.KeyDelete("users:5");
        Assert.Equal(["users:1"], Search("ann"));
        _db.KeyRename("users:1", "users:9");
        Assert.Equal(["users:9"], Search("ann"));
        _db.KeyRename("users:9", "gone:9");
        Assert.Empty(Search("ann"));
        _db.KeyExpire("users:2", TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(Search("bob"));
        _db.HashSet("users:7", "name", "cy");
        _db.FlushDatabase();
        Assert.Empty(Search("cy"));
        _db.HashSet("users:7", "name", "cy");
        Assert.Equal(["users:7"], Search("cy"));

        var info = _store.GetIndexes().Single();
        Assert.True(info.OnHashes);
        Assert.Equal("users:*", info.Pattern);
        Assert.Equal(["name"], info.Fields);
        Assert.Equal(1, info.Entries);
        Assert.True(info.MemoryBytes > 0);
        Assert.True(_store.DropIndex("idx"));
        Assert.Throws<ArgumentException>(() => Search("cy"));
    }

    [Fact]
    public void Hash_index_patterns_and_errors()
    {
        _db.HashSet("u:a:1", "name", "x");
        _db.HashSet("u:b:1", "name", "x");
        _store.CreateHashIndex("idx", "u:[a]:*", "name");
        Assert.Equal(["u:a:1"], Search("x"));
        _db.HashSet("u:a:2", "name", "x");
        Assert.Equal(["u:a:1", "u:a:2"], Search("x"));
        Assert.Throws<ArgumentException>(() => _store.SearchHashIndex("nope", "x"));
        Assert.Throws<ArgumentException>(() => _store.CreateHashIndex("", "u:*", "name"));
        Assert.Throws<ArgumentException>(() => _store.CreateHashIndex("i2", "", "name"));
        Assert.Throws<MnemoException>(() => _store.CreateHashIndex("i3", "u:*", "name", database: 100));

        // A collection index name cannot be searched as a hash index.
        _store.GetCollection("docs").EnsureIndex("name", new IndexOptions { Name = "docidx" });
        Assert.Throws<ArgumentException>(() => _store.SearchHashIndex("docidx", "x"));
    }
}
