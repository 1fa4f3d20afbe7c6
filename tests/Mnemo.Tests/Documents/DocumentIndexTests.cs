using System.Text.Json.Nodes;
using Mnemo.Documents;
using Mnemo.Internal.Keyspace;
using Mnemo.Tests.Infrastructure;
using static Mnemo.Documents.Query;

namespace Mnemo.Tests.Documents;

public sealed class DocumentIndexTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly MnemoStore _store;
    private readonly DocumentCollection<User> _users;

    public DocumentIndexTests()
    {
        _store = new MnemoStore(new MnemoStoreOptions { TimeProvider = _clock, ActiveExpiryInterval = TimeSpan.Zero });
        _users = _store.GetCollection<User>("users");
    }

    public void Dispose() => _store.Dispose();

    private void Seed(int n)
    {
        for (int i = 0; i < n; i++)
        {
            _users.Insert($"u{i:D4}", new User { Name = "name" + (i % 10), Age = i % 50, Email = $"u{i}@example.com", Address = new Address { City = "c" + (i % 3) } });
        }
    }

    [Fact]
    public void Equality_index_is_built_over_existing_documents_and_used()
    {
        Seed(200);
        string name = _users.EnsureIndex("name");
        Assert.Equal("users.name", name);
        var plan = _users.Explain(Field("name") == "name3");
        Assert.Equal("IndexLookup", plan.Strategy);
        Assert.Equal("users.name", plan.IndexName);
        Assert.Equal(20, plan.DocumentsExamined);
        Assert.Equal(20, plan.Returned);
        Assert.Equal(_users.Find(Field("name") == "name3").Select(u => u.Id), Enumerable.Range(0, 200).Where(i => i % 10 == 3).Select(i => $"u{i:D4}"));

        var inPlan = _users.Explain(Field("name").In("name1", "name2") & Field("age") < 10);
        Assert.Equal("IndexLookup", inPlan.Strategy);
        Assert.Equal(40, inPlan.DocumentsExamined);
        Assert.Equal(_users.Count(Field("name").In("name1", "name2") & Field("age") < 10), inPlan.Returned);

        // A range on an equality index cannot use it.
        Assert.Equal("CollectionScan", _users.Explain(Field("name") > "name3").Strategy);
        Assert.False(_users.EnsureIndex("name") is not "users.name");
    }

    [Fact]
    public void Ordered_index_serves_ranges_and_sorts()
    {
        Seed(300);
        _users.EnsureIndex("age", new IndexOptions { Kind = IndexKind.Ordered });
        var range = _users.Explain(Field("age") < 10);
        Assert.Equal("IndexRange", range.Strategy);
        Assert.Equal(60, range.DocumentsExamined);
        Assert.Equal(60, range.Returned);

        var page = _users.Explain(Field("age") >= 10, new FindOptions { Sort = [new SortField("age")], Skip = 5, Take = 10 });
        Assert.Equal("IndexRange", page.Strategy);
        Assert.Equal(15, page.DocumentsExamined); // walked in order, stopped once the page was full
        Assert.Equal(10, page.Returned);

        var top = _users.Explain(All, new FindOptions { Sort = [new SortField("age", true)], Take = 3 });
        Assert.Equal("IndexOrder", top.Strategy);
        Assert.Equal(3, top.DocumentsExamined);
        var oldest = _users.Find(All, new FindOptions { Sort = [new SortField("age", true)], Take = 7 });
        Assert.Equal(["u0299", "u0249", "u0199", "u0149", "u0099", "u0049", "u0298"], oldest.Select(u => u.Id));

        Assert.Equal(_users.Count(Field("age") > 45), _users.Find(Field("age") > 45).Count);
        Assert.Equal("IndexLookup", _users.Explain(Field("age") == 7).Strategy);
    }

    [Fact]
    public void Compound_index_uses_equality_prefix_then_range()
    {
        Seed(300);
        _users.EnsureIndex(["address.city", "age"], new IndexOptions { Kind = IndexKind.Ordered, Name = "city_age" });
        var plan = _users.Explain(Field("address.city") == "c1" & Field("age") < 5);
        Assert.Equal("IndexRange", plan.Strategy);
        Assert.Equal("city_age", plan.IndexName);
        int expected = Enumerable.Range(0, 300).Count(i => i % 3 == 1 && i % 50 < 5);
        Assert.Equal(expected, plan.Returned);
        Assert.Equal(expected, plan.DocumentsExamined);
        Assert.Equal("IndexLookup", _users.Explain(Field("address.city") == "c1" & Field("age") == 4).Strategy);
        Assert.Equal("IndexRange", _users.Explain(Field("address.city") == "c2").Strategy);
        var sorted = _users.Find(Field("address.city") == "c2", new FindOptions { Sort = [new SortField("age")] });
        Assert.Equal(sorted.OrderBy(u => u.Age).ThenBy(u => u.Id, StringComparer.Ordinal).Select(u => u.Id), sorted.Select(u => u.Id));
        var info = _users.GetIndexes().Single();
        Assert.Equal(["address.city", "age"], info.Fields);
        Assert.Equal(300, info.Entries);
        Assert.True(info.MemoryBytes > 300 * 50, $"{info.MemoryBytes} bytes");
    }

    [Fact]
    public void Unique_index_refuses_duplicates_naming_index_and_value_and_changes_nothing()
    {
        _users.EnsureIndex("email", new IndexOptions { Unique = true });
        _users.Insert("a", new User { Name = "A", Email = "a@x" });
        _users.Insert("b", new User { Name = "B", Email = "b@x" });
        _users.Insert("n1", new User { Name = "no email 1" });
        _users.Insert("n2", new User { Name = "no email 2" }); // nulls do not collide

        var ex = Assert.Throws<MnemoException>(() => _users.Insert("c", new User { Name = "C", Email = "a@x" }));
        Assert.Contains("users.email", ex.Message);
        Assert.Contains("\"a@x\"", ex.Message);
        Assert.False(_users.Exists("c"));

        Assert.Throws<MnemoException>(() => _users.Replace("b", new User { Name = "B2", Email = "a@x" }));
        Assert.Equal("B", _users.Get("b")!.Name);
        Assert.Throws<MnemoException>(() => _users.Upsert("b", new User { Name = "B3", Email = "a@x" }));
        Assert.Throws<MnemoException>(() => _users.Update("b", Update.Set("email", "a@x").ThenSet("name", "B4")));
        Assert.Equal("B", _users.Get("b")!.Name);
        Assert.Throws<MnemoException>(() => _users.UpdateMany(Field("name").StartsWith("no email"), Update.Set("email", "same")));
        Assert.Equal(1, _users.Count(Field("email") == "same"));

        // Replacing a document with its own value, or freeing a value, is fine.
        Assert.True(_users.Replace("a", new User { Name = "A2", Email = "a@x" }));
        Assert.True(_users.Delete("a"));
        _users.Insert("c", new User { Name = "C", Email = "a@x" });
        Assert.True(_users.Update("b", Update.Set("email", "b2@x")));
        _users.Insert("d", new User { Name = "D", Email = "b@x" });

        // Other writers of the same keys are held to the index too (JSON.SET-style edits).
        var db = _store.Core.Databases[0];
        Assert.Throws<MnemoException>(() => db.JsonEdit("users:zz"u8, (_, _) =>
            new JsonEditOutcome<bool>(true, true, JsonNode.Parse("""{"email":"b@x"}"""))));
        Assert.False(_store.GetDatabase().KeyExists("users:zz"));

        // RENAME and COPY into the collection are held to it as well; renaming a document keeps its value.
        var keys = _store.GetDatabase();
        Assert.Throws<MnemoException>(() => keys.KeyCopy("users:d", "users:copy"));
        Assert.False(keys.KeyExists("users:copy"));
        _store.GetCollection<User>("staging").Insert("s", new User { Email = "c2@x" });
        keys.KeyRename("staging:s", "users:s");
        _store.GetCollection<User>("staging").Insert("t", new User { Email = "c2@x" });
        Assert.Throws<MnemoException>(() => keys.KeyRename("staging:t", "users:t"));
        Assert.True(keys.KeyExists("staging:t"));
        keys.KeyRename("users:s", "users:s2");
        Assert.Equal(["s2"], _users.Find(Field("email") == "c2@x").Select(u => u.Id));
        Assert.All(_store.GetIndexes(), i => Assert.Equal(_users.Count(Field("email") != null), i.Entries - _users.Count(Field("email") == null)));
    }

    [Fact]
    public void Unique_index_over_existing_duplicates_is_refused()
    {
        _users.Insert("a", new User { Email = "same" });
        _users.Insert("b", new User { Email = "same" });
        var ex = Assert.Throws<MnemoException>(() => _users.EnsureIndex("email", new IndexOptions { Unique = true }));
        Assert.Contains("users:a", ex.Message);
        Assert.Empty(_users.GetIndexes());
        _users.Insert("c", new User { Email = "same" }); // no index was left behind
    }

    [Fact]
    public void Values_an_index_cannot_hold_are_refused()
    {
        _users.EnsureIndex("address");
        _users.Insert("a", new User { Name = "no address" });
        var ex = Assert.Throws<MnemoException>(() => _users.Insert("b", new User { Address = new Address { City = "x" } }));
        Assert.Contains("users.address", ex.Message);
        Assert.Contains("users:b", ex.Message);
        Assert.False(_users.Exists("b"));

        var other = _store.GetCollection<User>("other");
        other.Insert("t", new User { Tags = ["a"] });
        Assert.Throws<MnemoException>(() => other.EnsureIndex("tags"));
        Assert.Empty(other.GetIndexes());
        Assert.Throws<ArgumentException>(() => other.EnsureIndex("tags..x"));
        Assert.Throws<ArgumentException>(() => other.EnsureIndex([]));
        other.EnsureIndex("name", new IndexOptions { Name = "n" });
        Assert.Throws<ArgumentException>(() => other.EnsureIndex("age", new IndexOptions { Name = "n" }));
    }

    [Fact]
    public void Indexes_follow_every_write_path()
    {
        _users.EnsureIndex("name");
        _users.EnsureIndex("age", new IndexOptions { Kind = IndexKind.Ordered });
        var db = _store.GetDatabase();
        for (int i = 0; i < 10; i++)
        {
            _users.Insert($"k{i}", new User { Name = "n" + i, Age = i });
        }
        void Check()
        {
            // Index answers equal a scan over the same data (a scan filter bypasses indexes).
            var viaIndex = _users.Find(Field("age") < 100).Select(u => u.Id).ToList();
            var viaScan = _users.Find(Field("age") < 100 | Field("zzz") == 1).Select(u => u.Id).ToList();
            Assert.Equal(viaScan, viaIndex);
            foreach (var u in _users.FindAll())
            {
                Assert.Contains(u.Id, _users.Find(Field("name") == u.Name).Select(x => x.Id));
            }
            Assert.Equal(_users.Count(), _store.GetIndexes().Single(i => i.Name == "users.age").Entries);
        }
        Check();
        db.KeyDelete("users:k0");
        Assert.Empty(_users.Find(Field("name") == "n0"));
        db.KeyRename("users:k1", "users:r1");
        Assert.Equal(["r1"], _users.Find(Field("name") == "n1").Select(u => u.Id));
        db.KeyRename("users:k2", "elsewhere:k2");
        Assert.Empty(_users.Find(Field("name") == "n2"));
        db.KeyCopy("users:k3", "users:c3");
        Assert.Equal(2, _users.Find(Field("name") == "n3").Count);
        db.StringSet("users:k4", "now a string");
        Assert.Empty(_users.Find(Field("name") == "n4"));
        db.KeyExpire("users:k5", TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(_users.Find(Field("name") == "n5"));
        Assert.Empty(_users.Find(Field("age") == 5));
        Check();

        // A transaction that fails is rolled back, indexes included.
        Assert.Throws<InvalidOperationException>(() => db.CreateTransaction("users:k6", "users:k7", "users:t7").Execute(t =>
        {
            t.KeyDelete("users:k6");
            t.KeyRename("users:k7", "users:t7");
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal(["k6"], _users.Find(Field("name") == "n6").Select(u => u.Id));
        Assert.Equal(["k7"], _users.Find(Field("name") == "n7").Select(u => u.Id));
        Check();

        // Whole-database operations.
        var one = _store.GetCollection<User>("users", database: 1);
        one.Insert("x", new User { Name = "in db1", Age = 1 });
        _store.SwapDatabases(0, 1);
        Assert.Equal(["x"], _users.Find(Field("age") < 100).Select(u => u.Id));
        Assert.Equal(["x"], _users.Find(Field("name") == "in db1").Select(u => u.Id));
        Assert.Equal("IndexLookup", _users.Explain(Field("name") == "in db1").Strategy);
        _store.SwapDatabases(0, 1);
        Check();
        db.FlushDatabase();
        Assert.Empty(_users.Find(Field("age") < 100));
        Assert.Equal(0, _store.GetIndexes().Single(i => i.Name == "users.age").Entries);
        _users.Insert("again", new User { Name = "n1", Age = 1 });
        Assert.Equal(["again"], _users.Find(Field("name") == "n1").Select(u => u.Id));
        _store.FlushAll();
        Assert.Empty(_users.Find(Field("name") == "n1"));
        Check();
    }

    [Fact]
    public void Indexes_follow_replayed_streams()
    {
        using var replica = new MnemoStore();
        var replicaUsers = replica.GetCollection<User>("users");
        replicaUsers.EnsureIndex("age", new IndexOptions { Kind = IndexKind.Ordered });
        var recorder = new ChangeRecorder();
        _store.SubscribeChanges(recorder);
        Seed(50);
        _users.DeleteMany(Field("age") < 10);
        _users.UpdateMany(Field("age") > 40, Update.Increment("age", 100));
        replica.ApplyChanges(recorder.Records);
        Assert.Equal(_users.Find(Field("age") > 20).Select(u => u.Id), replicaUsers.Find(Field("age") > 20).Select(u => u.Id));
        Assert.Equal("IndexRange", replicaUsers.Explain(Field("age") > 20).Strategy);
    }

    [Fact]
    public void Concurrent_inserts_never_duplicate_a_unique_value()
    {
        _users.EnsureIndex("email", new IndexOptions { Unique = true });
        const int Threads = 8;
        const int Values = 200;
        int refused = 0;
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (int v = 0; v < Values; v++)
            {
                try
                {
                    _users.Insert(new User { Name = $"t{t}", Email = $"e{v}" });
                }
                catch (MnemoException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var all = _users.FindAll();
        Assert.Equal(Values, all.Count);
        Assert.Equal(Values, all.Select(u => u.Email).Distinct().Count());
        Assert.Equal((Threads - 1) * Values, refused);
    }

    [Fact]
    public void Drop_index_and_memory_report()
    {
        Seed(100);
        _users.EnsureIndex("email", new IndexOptions { Unique = true });
        var info = _users.GetIndexes().Single();
        Assert.True(info.Unique);
        Assert.Equal(IndexKind.Equality, info.Kind);
        Assert.Equal("users:*", info.Pattern);
        Assert.False(info.OnHashes);
        Assert.InRange(info.MemoryBytes, 100 * 100, 100 * 1000);
        Assert.True(_users.DropIndex("users.email"));
        Assert.False(_users.DropIndex("users.email"));
        Assert.Empty(_users.GetIndexes());
        Assert.Equal("CollectionScan", _users.Explain(Field("email") == "u1@example.com").Strategy);
        _users.Insert("dup", new User { Email = "u1@example.com" });
    }
}
