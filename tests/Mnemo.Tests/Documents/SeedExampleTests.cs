using System.Text.Json.Nodes;
using Mnemo.Documents;
using static Mnemo.Documents.Query;

namespace Mnemo.Tests.Documents;

/// <summary>The seed projects' own examples (../shared/seeds), translated to C#.</summary>
public sealed class SeedExampleTests : IDisposable
{
    private readonly MnemoStore _store = new();

    public void Dispose() => _store.Dispose();

    /// <summary>memodocs: insert, get, update, delete documents by key.</summary>
    [Fact]
    public void Memodocs_document_db()
    {
        var db = _store.GetCollection("memodocs");
        var doc1 = new JsonObject { ["name"] = "Alice", ["age"] = 30, ["email"] = "alice@example.com" };
        db.Insert("user1", doc1);

        var retrieved = db.Get("user1")!;
        Assert.Equal("Alice", (string?)retrieved["name"]);
        Assert.Equal(30, (int)retrieved["age"]!);
        Assert.Equal("alice@example.com", (string?)retrieved["email"]);

        var updated = new JsonObject { ["name"] = "Alice", ["age"] = 31, ["email"] = "alice_new@example.com" };
        Assert.True(db.Replace("user1", updated));
        Assert.Equal(31, (int)db.Get("user1")!["age"]!);
        Assert.Equal("alice_new@example.com", (string?)db.Get("user1")!["email"]);

        Assert.True(db.Delete("user1"));
        Assert.Null(db.Get("user1"));
    }

    /// <summary>microdb: a table, inserts with generated ids, where('age') &lt; 30, remove by query, the Query class.</summary>
    [Fact]
    public void Microdb_table_queries()
    {
        var users = _store.GetCollection("users");
        users.Insert(new JsonObject { ["name"] = "Alice", ["age"] = 30 });
        users.Insert(new JsonObject { ["name"] = "Bob", ["age"] = 25 });
        users.Insert(new JsonObject { ["name"] = "Charlie", ["age"] = 35 });

        var results = users.Find(Field("age") < 30);
        Assert.Equal(["Bob"], results.Select(u => (string?)u["name"]));

        // Query().exists('age').value(Query.lte('age', 30)).exists('name').value('name', 'Alice')
        var complex = users.Find(Field("age").Exists() & Field("age") <= 30 & Field("name").Exists() & Field("name") == "Alice");
        Assert.Equal(["Alice"], complex.Select(u => (string?)u["name"]));

        Assert.Equal(1, users.DeleteMany(Field("age") < 30));
        Assert.Equal(["Alice", "Charlie"], users.FindAll().Select(u => (string?)u["name"]));
    }

    public sealed record PyUser(string Name, int Age, string? ID = null, Dictionary<string, string>? Extras = null);

    /// <summary>pyDBMS: typed users with name, age, ID and extras; lookup by ID and by name (indexed); removal by ID and by name.</summary>
    [Fact]
    public void Pydbms_user_database()
    {
        var database = _store.GetCollection<PyUser>("pydbms");
        database.EnsureIndex("name");
        var random = new Random(1);
        string[] names = ["Ann", "Ben", "Cid", "Dee"];
        var ids = new List<string>();
        for (int i = 0; i < 1000; i++)
        {
            var user = new PyUser(names[i % 4], random.Next(18, 90), Extras: i % 10 == 0 ? new() { ["vip"] = "yes" } : null);
            ids.Add(database.Insert(user));
        }
        Assert.All(ids, id => Assert.True(database.Exists(id)));                                  // check users by ID
        var anns = database.Find(Field("name") == "Ann");                                          // search users by name
        Assert.Equal(250, anns.Count);
        Assert.All(anns, u => Assert.Equal("Ann", u.Name));
        Assert.Equal("IndexLookup", database.Explain(Field("name") == "Ann").Strategy);
        Assert.Equal("yes", database.Get(ids[0])!.Extras!["vip"]);
        Assert.Equal(ids[0], database.Get(ids[0])!.ID);

        Assert.True(database.Delete(ids[1]));                                                      // remove by ID
        Assert.Equal(250, database.DeleteMany(Field("name") == "Cid"));                            // remove by name
        Assert.Equal(749, database.Count());
        Assert.Empty(database.Find(Field("name") == "Cid"));
    }

    /// <summary>memdb's table API: insert/upsert by table and key, get, query with a where condition and a limit.</summary>
    [Fact]
    public void Memdb_table_api()
    {
        var users = _store.GetCollection("users");
        users.Upsert("user_001", new JsonObject { ["name"] = "Alice", ["email"] = "alice@example.com" });
        var user = users.Get("user_001")!;
        Assert.Equal("Alice", (string?)user["name"]);
        Assert.Equal("alice@example.com", (string?)user["email"]);
        Assert.Single(users.Find(Field("name").Contains("Alice")));                                // data->>'name' LIKE '%Alice%'

        var calls = _store.GetCollection("calls");
        calls.Upsert("call_id_123", JsonNode.Parse("""{"caller_id":"+1234567890","callee_id":"+0987654321","status":"active","start_time":"2026-01-19T10:30:00Z","duration":180}""")!.AsObject());
        calls.Upsert("call_id_124", JsonNode.Parse("""{"status":"ended","duration":5}""")!.AsObject());
        Assert.Equal(["call_id_123"], calls.FindIds(Field("status") == "active"));                // data->>'status' = 'active'

        var leaderboard = _store.GetCollection("leaderboard");
        for (int i = 0; i < 300; i++)
        {
            leaderboard.Upsert($"player_{i}", new JsonObject { ["name"] = $"P{i}", ["score"] = i * 100, ["position"] = new JsonObject { ["x"] = i, ["y"] = 2 * i } });
        }
        var top = leaderboard.Find(Field("score") > 10000, new FindOptions { Take = 100 });      // data->'score' > 10000, limit=100
        Assert.Equal(100, top.Count);
        Assert.All(top, p => Assert.True((int)p["score"]! > 10000));
        Assert.Equal(200, leaderboard.Find(Field("position.x") >= 100).Count);
    }

    /// <summary>FastMemory: create_index('user_index', 'users:*', 'name') and search_by_index('user_index', 'John Doe') over hashes.</summary>
    [Fact]
    public void Fastmemory_hash_index()
    {
        var fm = _store.GetDatabase();
        fm.HashSet("users:1", "name", "John Doe");
        fm.HashSet("users:2", "name", "Jane Roe");
        fm.HashSet("users:3", "name", "John Doe");
        fm.HashSet("other:4", "name", "John Doe");
        Assert.True(_store.CreateHashIndex("user_index", "users:*", "name"));
        Assert.Equal(["users:1", "users:3"], _store.SearchHashIndex("user_index", "John Doe"));

        fm.HashSet("users:4", "name", "John Doe");
        fm.HashSet("users:1", "name", "Johnny");
        Assert.Equal(["users:3", "users:4"], _store.SearchHashIndex("user_index", "John Doe"));
        Assert.Equal(["users:1"], _store.SearchHashIndex("user_index", "Johnny"));
    }
}
