using System.Text.Json.Nodes;
using Mnemo.Documents;
using Mnemo.Tests.Infrastructure;
using static Mnemo.Documents.Query;

namespace Mnemo.Tests.Documents;

public sealed class DocumentCollectionTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly MnemoStore _store;
    private readonly DocumentCollection<User> _users;

    public DocumentCollectionTests()
    {
        _store = new MnemoStore(new MnemoStoreOptions { TimeProvider = _clock, ActiveExpiryInterval = TimeSpan.Zero });
        _users = _store.GetCollection<User>("users");
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Insert_generates_sortable_unique_ids_and_sets_them_on_the_object()
    {
        var ids = new List<string>();
        for (int i = 0; i < 2000; i++)
        {
            var u = new User { Name = "u" + i, Age = i };
            ids.Add(_users.Insert(u));
            Assert.Equal(ids[^1], u.Id);
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.All(ids, id => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", id));
        Assert.Equal(ids, _users.FindAll().Select(u => u.Id));
    }

    [Fact]
    public void Documents_live_in_the_keyspace_as_json_with_the_id()
    {
        _users.Insert("alice", new User { Name = "Alice", Age = 30 });
        var db = _store.GetDatabase();
        Assert.Equal(MnemoType.Json, db.KeyType("users:alice"));
        Assert.Equal("users:alice", _users.KeyOf("alice"));
        var raw = _store.GetCollection("users").Get("alice")!;
        Assert.Equal("alice", (string?)raw["id"]);
        Assert.Equal("Alice", (string?)raw["name"]);
        Assert.Equal(30, (int)raw["age"]!);
    }

    [Fact]
    public void Get_TryGet_Exists_Replace_Upsert_Delete()
    {
        Assert.Null(_users.Get("x"));
        Assert.False(_users.TryGet("x", out _));
        Assert.False(_users.Exists("x"));
        Assert.False(_users.Replace("x", new User { Name = "X" }));
        Assert.False(_users.Exists("x"));

        _users.Upsert("x", new User { Name = "X", Age = 1 });
        Assert.True(_users.TryGet("x", out var got));
        Assert.Equal("X", got!.Name);
        Assert.Equal("x", got.Id);

        Assert.True(_users.Replace("x", new User { Name = "Y", Age = 2 }));
        Assert.Equal("Y", _users.Get("x")!.Name);
        _users.Upsert("x", new User { Name = "Z" });
        Assert.Equal("Z", _users.Get("x")!.Name);

        var u = _users.Get("x")!;
        u.Name = "W";
        Assert.True(_users.Replace(u));
        Assert.Equal("W", _users.Get("x")!.Name);

        Assert.True(_users.Delete("x"));
        Assert.False(_users.Delete("x"));
        Assert.False(_users.Exists("x"));
        Assert.Equal(0, _users.Count());
    }

    [Fact]
    public void Insert_of_an_existing_id_is_refused_and_changes_nothing()
    {
        _users.Insert("a", new User { Name = "first" });
        var ex = Assert.Throws<MnemoException>(() => _users.Insert("a", new User { Name = "second" }));
        Assert.Contains("users:a", ex.Message);
        Assert.Equal("first", _users.Get("a")!.Name);
        var dup = new User { Id = "a", Name = "third" };
        Assert.Throws<MnemoException>(() => _users.Insert(dup));
        Assert.Equal("first", _users.Get("a")!.Name);
    }

    [Fact]
    public void Results_are_copies()
    {
        _users.Insert("a", new User { Name = "A", Tags = ["x"] });
        var copy = _users.Get("a")!;
        copy.Tags.Add("y");
        copy.Name = "changed";
        Assert.Equal(["x"], _users.Get("a")!.Tags);

        var raw = _store.GetCollection("users");
        var node = raw.Get("a")!;
        node["name"] = "mutated";
        ((JsonArray)node["tags"]!).Add("z");
        Assert.Equal("A", (string?)raw.Get("a")!["name"]);
        Assert.Single(raw.Find(All)[0]["tags"]!.AsArray());

        var input = new JsonObject { ["name"] = "B" };
        string id = raw.Insert(input);
        input["name"] = "after insert";
        Assert.Equal("B", (string?)raw.Get(id)!["name"]);
        Assert.Equal(id, (string?)input["_id"]);
    }

    [Fact]
    public void InsertMany_returns_ids_in_order_and_is_all_or_nothing()
    {
        var ids = _users.InsertMany([new User { Name = "a" }, new User { Name = "b" }, new User { Name = "c" }]);
        Assert.Equal(3, ids.Count);
        Assert.Equal(["a", "b", "c"], ids.Select(id => _users.Get(id)!.Name));

        _users.Insert("taken", new User { Name = "t" });
        Assert.Throws<MnemoException>(() => _users.InsertMany([new User { Id = "n1", Name = "n1" }, new User { Id = "taken", Name = "dup" }]));
        Assert.False(_users.Exists("n1"));
        Assert.Equal(4, _users.Count());
    }

    [Fact]
    public void Update_operators_set_unset_increment_push_pull()
    {
        _users.Insert("a", new User { Name = "A", Age = 10, Tags = ["x", "y", "x"] });
        Assert.True(_users.Update("a", Update.Set("name", "B").ThenIncrement("age", 5).ThenPush("tags", "z").ThenPull("tags", "x")));
        var u = _users.Get("a")!;
        Assert.Equal("B", u.Name);
        Assert.Equal(15, u.Age);
        Assert.Equal(["y", "z"], u.Tags);

        Assert.True(_users.Update("a", Update.Set("address", new Address { City = "Paris", Zip = 75000 }).ThenIncrement("score", 1.5m)));
        u = _users.Get("a")!;
        Assert.Equal("Paris", u.Address!.City);
        Assert.Equal(1.5, u.Score);

        Assert.True(_users.Update("a", Update.Set("address.city", "Lyon").ThenUnset("email").ThenUnset("score")));
        u = _users.Get("a")!;
        Assert.Equal("Lyon", u.Address!.City);
        Assert.Null(u.Score);

        var raw = _store.GetCollection("things");
        raw.Insert("t", new JsonObject { ["n"] = 1 });
        raw.Update("t", Update.Increment("n", 2).ThenIncrement("deep.count", 1).ThenPush("list", new JsonObject { ["k"] = 1 }));
        var t = raw.Get("t")!;
        Assert.Equal("3", t["n"]!.ToJsonString());
        Assert.Equal("1", t["deep"]!["count"]!.ToJsonString());
        Assert.Equal("""[{"k":1}]""", t["list"]!.ToJsonString());
        raw.Update("t", Update.Pull("list", new JsonObject { ["k"] = 1 }));
        Assert.Equal("[]", raw.Get("t")!["list"]!.ToJsonString());

        Assert.False(_users.Update("missing", Update.Set("name", "x")));
    }

    [Fact]
    public void Update_errors_change_nothing()
    {
        _users.Insert("a", new User { Name = "A", Age = 10, Tags = ["x"] });
        var before = _store.GetCollection("users").Get("a")!.ToJsonString();
        Assert.Throws<ArgumentException>(() => _users.Update("a", Update.Set("age", 11).ThenIncrement("name", 1)));
        Assert.Throws<ArgumentException>(() => _users.Update("a", Update.Set("age", 11).ThenPush("name", "v")));
        Assert.Throws<ArgumentException>(() => _users.Update("a", Update.Set("age", 11).ThenPull("age", 3)));
        Assert.Throws<ArgumentException>(() => _users.Update("a", Update.Set("name.first", "x")));
        var idError = Assert.Throws<ArgumentException>(() => _users.Update("a", Update.Set("id", "b")));
        Assert.Contains("id", idError.Message);
        Assert.Throws<ArgumentException>(() => Update.Set("a..b", 1));
        Assert.Equal(before, _store.GetCollection("users").Get("a")!.ToJsonString());
    }

    [Fact]
    public void UpdateMany_DeleteMany_Count()
    {
        for (int i = 0; i < 20; i++)
        {
            _users.Insert($"u{i:D2}", new User { Name = "n" + i, Age = i });
        }
        Assert.Equal(10, _users.Count(Field("age") < 10));
        Assert.Equal(10, _users.UpdateMany(Field("age") < 10, Update.Set("active", true)));
        Assert.Equal(10, _users.Count(Field("active") == true));
        Assert.Equal(0, _users.UpdateMany(Field("age") > 100, Update.Set("active", true)));
        Assert.Equal(5, _users.DeleteMany(Field("age") >= 15));
        Assert.Equal(15, _users.Count());
        Assert.Equal(15, _users.Count(null));
    }

    [Fact]
    public void Per_document_ttl_uses_the_key_expiry()
    {
        _users.Insert("short", new User { Name = "s" }, TimeSpan.FromSeconds(10));
        _users.Insert("long", new User { Name = "l" });
        Assert.Equal(TimeSpan.FromSeconds(10), _users.GetTimeToLive("short"));
        Assert.Null(_users.GetTimeToLive("long"));
        Assert.True(_users.Expire("long", TimeSpan.FromSeconds(20)));
        Assert.False(_users.Expire("none", TimeSpan.FromSeconds(20)));
        Assert.True(_store.GetDatabase().KeyTimeToLive("users:long") is { } ttl && ttl <= TimeSpan.FromSeconds(20));

        // Replace keeps the time to live, as JSON.SET does.
        Assert.True(_users.Replace("short", new User { Name = "s2" }));
        Assert.Equal(TimeSpan.FromSeconds(10), _users.GetTimeToLive("short"));

        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.False(_users.Exists("short"));
        Assert.Equal(1, _users.Count());
        Assert.True(_users.Expire("long", null));
        Assert.Null(_users.GetTimeToLive("long"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_users.Exists("long"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _users.Insert(new User(), TimeSpan.Zero));
    }

    [Fact]
    public void Bad_input_is_refused_with_what_and_where()
    {
        Assert.Throws<ArgumentException>(() => _users.Insert("", new User()));
        var tooLong = Assert.Throws<ArgumentException>(() => _users.Insert(new string('x', DocumentCollection<User>.MaxIdBytes + 1), new User()));
        Assert.Contains("512", tooLong.Message);
        _users.Insert(new string('x', DocumentCollection<User>.MaxIdBytes), new User());
        Assert.Throws<ArgumentException>(() => _users.Insert(new string('é', 300), new User())); // 600 bytes
        Assert.Throws<ArgumentNullException>(() => _users.Insert(null!));
        Assert.Throws<ArgumentException>(() => _store.GetCollection<User>(""));
        Assert.Throws<ArgumentException>(() => _store.GetCollection<User>("us*ers"));
        Assert.Throws<ArgumentException>(() => _store.GetCollection<string>("strings"));
        Assert.Throws<MnemoException>(() => _store.GetCollection<User>("users", database: 99));

        var raw = _store.GetCollection("raw");
        Assert.Throws<ArgumentException>(() => raw.Insert(new JsonObject { ["_id"] = 5 }));
        Assert.Throws<ArgumentException>(() => _users.Find(Field("a..b") == 1));
        Assert.Throws<ArgumentException>(() => Field(""));
        Assert.Throws<ArgumentException>(() => Field(new string('a', 2000)));
        Assert.Throws<ArgumentException>(() => QueryValue.FromJson(new JsonArray()));
        Assert.Throws<ArgumentException>(() => _users.Find(Field("age") < double.NaN));

        // Another type at a document key: WRONGTYPE, nothing changed.
        _store.GetDatabase().StringSet("users:str", "plain");
        Assert.Throws<MnemoWrongTypeException>(() => _users.Get("str"));
        Assert.Throws<MnemoWrongTypeException>(() => _users.Upsert("str", new User()));
        Assert.Equal("plain", (string?)_store.GetDatabase().StringGet("users:str"));
        Assert.Equal(0, _users.Count(Field("name") == "plain"));
    }

    [Fact]
    public void Types_without_an_id_property_and_source_generated_contracts()
    {
        var notes = _store.GetCollection<Note>("notes");
        string id = notes.Insert(new Note("hello", 2));
        Assert.Equal(new Note("hello", 2), notes.Get(id));
        Assert.Throws<ArgumentException>(() => notes.Replace(new Note("x", 1)));

        var users = _store.GetCollection("sg", TestJsonContext.Default.User);
        var u = new User { Name = "Gen", Age = 3, Tags = ["a"] };
        string uid = users.Insert(u);
        Assert.Equal(uid, u.Id);
        Assert.Equal("Gen", users.Get(uid)!.Name);
        Assert.Single(users.Find(Field("name") == "Gen"));
        Assert.Single(users.AsQueryable().Where(x => x.Age == 3).ToList());
    }

    [Fact]
    public void Collections_in_other_databases_are_separate()
    {
        var one = _store.GetCollection<User>("users", database: 1);
        one.Insert("a", new User { Name = "db1" });
        Assert.False(_users.Exists("a"));
        Assert.Equal(1, one.Database);
        Assert.Equal("db1", one.Get("a")!.Name);
    }
}
