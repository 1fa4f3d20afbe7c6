using System.Text.Json.Nodes;
using Mnemo.Documents;
using static Mnemo.Documents.Query;

namespace Mnemo.Tests.Documents;

public sealed class DocumentQueryTests : IDisposable
{
    private readonly MnemoStore _store = new();
    private readonly DocumentCollection<JsonObject> _docs;

    public DocumentQueryTests()
    {
        _docs = _store.GetCollection("docs");
        Add("a", """{"name":"Alice","age":30,"tags":["x","y"],"address":{"city":"Paris","zip":75001},"score":1.5}""");
        Add("b", """{"name":"Bob","age":25.0,"tags":["y"],"address":{"city":"Lyon"},"score":null}""");
        Add("c", """{"name":"Charlie","age":35,"tags":[],"flag":true}""");
        Add("d", """{"name":"alice","age":"30","items":[{"k":1},{"k":2}]}""");
        Add("e", """{"name":null,"age":1e2,"flag":false}""");
    }

    public void Dispose() => _store.Dispose();

    private void Add(string id, string json) => _docs.Insert(id, JsonNode.Parse(json)!.AsObject());

    private List<string?> Ids(Query q, FindOptions? options = null) => [.. _docs.Find(q, options).Select(d => (string?)d["_id"])];

    [Fact]
    public void Comparisons_and_mixed_number_forms()
    {
        Assert.Equal(["b"], Ids(Field("age") < 30));
        Assert.Equal(["a", "b"], Ids(Field("age") <= 30));
        Assert.Equal(["c", "e"], Ids(Field("age") > 30));
        Assert.Equal(["a", "c", "e"], Ids(Field("age") >= 30));
        Assert.Equal(["a"], Ids(Field("age") == 30));
        Assert.Equal(["a"], Ids(Field("age") == 30.0));
        Assert.Equal(["a"], Ids(Field("age") == 30m));
        Assert.Equal(["b"], Ids(Field("age") == 25L));
        Assert.Equal(["e"], Ids(Field("age") == 100));
        Assert.Equal(["d"], Ids(Field("age") == "30"));              // a string is not a number
        Assert.Equal(["d"], Ids(Field("age") >= "0"));               // ranges stay within the constant's kind
        Assert.Equal(["b", "c", "d", "e"], Ids(Field("age") != 30));
        Assert.Equal(["a"], Ids(Field("score") > 1));
    }

    [Fact]
    public void Null_missing_exists()
    {
        Assert.Equal(["b", "c", "d", "e"], Ids(Field("score") == null));
        Assert.Equal(["b", "c", "d", "e"], Ids(Field("score").IsNull()));
        Assert.Equal(["a", "b"], Ids(Field("score").Exists()));
        Assert.Equal(["c", "d", "e"], Ids(Field("score").NotExists()));
        Assert.Equal(["e"], Ids(Field("name") == null));
        Assert.Equal(["a"], Ids(Field("score") != null));
    }

    [Fact]
    public void Logic_in_not_in_strings_arrays_and_nested_paths()
    {
        Assert.Equal(["a"], Ids(Field("age") < 31 & Field("name") == "Alice"));
        Assert.Equal(["a", "c"], Ids(Field("name") == "Alice" | Field("name") == "Charlie"));
        Assert.Equal(["b", "c", "d", "e"], Ids(!(Field("name") == "Alice")));
        Assert.Equal(["a", "b"], Ids(Field("name").In("Alice", "Bob")));
        Assert.Equal(["c", "d", "e"], Ids(Field("name").NotIn("Alice", "Bob")));
        Assert.Equal(["a", "c"], Ids(Field("age").In(30, 35.0)));
        Assert.Equal(["a"], Ids(Field("name").StartsWith("Al")));
        Assert.Equal(["a", "c", "d"], Ids(Field("name").Contains("li")));
        Assert.Equal(["a", "b"], Ids(Field("tags").ContainsAny("y", "z")));
        Assert.Equal(["a"], Ids(Field("tags").ContainsAll("x", "y")));
        Assert.Empty(Ids(Field("name").ContainsAny("Alice")));
        Assert.Equal(["a"], Ids(Field("address.city") == "Paris"));
        Assert.Equal(["a"], Ids(Field("address.zip") > 70000));
        Assert.Equal(["d"], Ids(Field("items.1.k") == 2));
        Assert.Equal(["a"], Ids(Field("tags.0") == "x"));
        Assert.Equal(["c"], Ids(Field("flag") == true));
        Assert.Equal(["e"], Ids(Field("flag") == false));
        Assert.Equal(5, _docs.Count(All));
        Assert.Equal(["a", "b", "c", "d", "e"], Ids(And()));
        Assert.Equal(["a"], Ids(And(Field("age") == 30)));
        Assert.Empty(Ids(!All));
    }

    [Fact]
    public void Sort_on_several_fields_skip_take()
    {
        Add("f", """{"name":"Bob","age":20}""");
        Assert.Equal(["e", "a", "b", "f", "c", "d"], Ids(All, new FindOptions { Sort = [new SortField("name")] }));
        Assert.Equal(["d", "c", "f", "b", "a", "e"], Ids(All, new FindOptions { Sort = [Field("name").Descending(), Field("age").Ascending()] }));
        Assert.Equal(["f", "b"], Ids(Field("name") == "Bob", new FindOptions { Sort = [new SortField("age")] }));
        Assert.Equal(["b", "f"], Ids(Field("name") == "Bob", new FindOptions { Sort = [new SortField("age", true)] }));
        Assert.Equal(["a", "c"], Ids(Field("age") >= 30, new FindOptions { Sort = [new SortField("age")], Take = 2 }));
        Assert.Equal(["c", "e"], Ids(Field("age") >= 30, new FindOptions { Sort = [new SortField("age")], Skip = 1 }));
        Assert.Equal(["b", "c"], Ids(All, new FindOptions { Skip = 1, Take = 2 }));
        Assert.Empty(Ids(All, new FindOptions { Skip = 10 }));
        Assert.Empty(Ids(All, new FindOptions { Take = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _docs.Find(All, new FindOptions { Skip = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _docs.Find(All, new FindOptions { Take = -1 }));
        Assert.Throws<ArgumentException>(() => _docs.Find(All, new FindOptions { Sort = [new SortField("a.")] }));
    }

    [Fact]
    public void Matches_and_text_of_queries()
    {
        var q = Field("age") < 30 & (Field("name") == "Bob" | !Field("x").Exists());
        Assert.True(q.Matches(JsonNode.Parse("""{"age":3,"name":"Z"}""")));
        Assert.False(q.Matches(JsonNode.Parse("""{"age":3,"x":1}""")));
        Assert.Equal("(age < 30 & (name == \"Bob\" | !exists(x)))", q.ToString());
        var scan = _docs.Explain(Field("age") < 30);
        Assert.Equal("CollectionScan", scan.Strategy);
        Assert.Null(scan.IndexName);
        Assert.Equal(5, scan.DocumentsExamined);
        Assert.Equal(1, scan.Returned);
    }

    [Fact]
    public void Non_object_documents_and_other_key_types_under_the_prefix_are_not_documents()
    {
        _store.GetDatabase().StringSet("docs:plain", "x");
        _store.Core.Databases[0].JsonEdit("docs:num"u8, (_, _) => new Internal.Keyspace.JsonEditOutcome<bool>(true, true, JsonValue.Create(5)));
        Assert.Equal(MnemoType.Json, _store.GetDatabase().KeyType("docs:num"));
        Assert.Equal(5, _docs.Count());
        Assert.False(_docs.Exists("num"));
        Assert.Null(_docs.Get("num"));
        Assert.Equal(5, _docs.FindAll().Count);
    }
}
