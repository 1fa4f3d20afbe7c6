using Mnemo.Documents;
using static Mnemo.Documents.Query;

namespace Mnemo.Tests.Documents;

/// <summary>The examples of docs/documents.md, compiled and run (keep them in step).</summary>
public sealed class DocumentsGuideTests
{
    public sealed class User
    {
        public string? Id { get; set; }

        public string Name { get; set; } = "";

        public int Age { get; set; }
    }

    [Fact]
    public void Tour()
    {
        using var store = new MnemoStore();
        var users = store.GetCollection<User>("users");           // database 0; GetCollection<User>("users", database: 2)
        string id = users.Insert(new User { Name = "Alice", Age = 30 });   // id generated, also set on the object
        users.Insert("bob", new User { Name = "Bob", Age = 25 }, expiry: TimeSpan.FromHours(1));
        User? alice = users.Get(id);                               // a copy: changing it changes nothing stored
        users.Update("bob", Update.Set("email", "bob@example.com").ThenIncrement("age", 1).ThenPush("tags", "new"));
        users.EnsureIndex("age", new IndexOptions { Kind = IndexKind.Ordered });
        List<User> young = users.Find(Field("age") < 30 & Field("name") == "Bob");
        List<User> page = users.Find(Field("age") >= 18, new FindOptions { Sort = [new SortField("age", Descending: true)], Skip = 10, Take = 10 });
        List<User> viaLinq = users.AsQueryable().Where(u => u.Age < 30).OrderBy(u => u.Name).Take(10).ToList();
        QueryPlan plan = users.Explain(Field("age") < 30);         // IndexRange on users.age, documents examined, returned
        users.DeleteMany(Field("age") > 100);

        Assert.Equal("Alice", alice!.Name);
        Assert.Equal(26, Assert.Single(young).Age);
        Assert.Empty(page);
        Assert.Equal("Bob", Assert.Single(viaLinq).Name);
        Assert.Equal(("IndexRange", "users.age", 1L, 1L), (plan.Strategy, plan.IndexName, plan.DocumentsExamined, plan.Returned));
        Assert.Equal(2, users.Count());
    }

    [Fact]
    public void Hash_index()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.HashSet("users:1", "name", "John Doe");
        store.CreateHashIndex("user_index", "users:*", "name");
        IReadOnlyList<string> keys = store.SearchHashIndex("user_index", "John Doe");   // ["users:1"]
        Assert.Equal(["users:1"], keys);
    }
}
