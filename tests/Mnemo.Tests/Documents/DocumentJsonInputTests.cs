using System.Text.Json.Nodes;
using Mnemo.Documents;
using static Mnemo.Documents.Query;

namespace Mnemo.Tests.Documents;

public sealed class DocumentJsonInputTests : IDisposable
{
    private readonly MnemoStore _store = new();
    private readonly DocumentCollection<JsonObject> _docs;

    public DocumentJsonInputTests()
    {
        _docs = _store.GetCollection("docs");
        _docs.InsertJson("a", """{"name":"Alice","age":30,"tags":["x","y"],"address":{"city":"Paris"}}""");
        _docs.InsertJson("b", """{"name":"Bob","age":25,"tags":["y"]}""");
        _docs.InsertJson("c", """{"name":"Carol","age":35,"score":null}""");
    }

    public void Dispose() => _store.Dispose();

    private List<string?> Ids(string filter) => [.. _docs.Find(FromJson(filter)).Select(d => (string?)d["_id"])];

    [Fact]
    public void Json_text_in_and_out()
    {
        string id = _docs.InsertJson("""{"name":"Dan"}""");
        Assert.Equal($$"""{"name":"Dan","_id":"{{id}}"}""", _docs.GetJson(id));
        _docs.UpsertJson("e", """{"v":1}""");
        Assert.True(_docs.ReplaceJson("e", """{"v":2}"""));
        Assert.False(_docs.ReplaceJson("zz", """{"v":2}"""));
        Assert.Equal("""{"v":2,"_id":"e"}""", _docs.GetJson("e"));
        Assert.Null(_docs.GetJson("nope"));

        var bad = Assert.Throws<ArgumentException>(() => _docs.InsertJson("f", "{\"a\":\n  1,}"));
        Assert.Contains("line 2", bad.Message);
        Assert.Contains("must be a JSON object, not array", Assert.Throws<ArgumentException>(() => _docs.InsertJson("[1,2]")).Message);
        Assert.Throws<ArgumentException>(() => _docs.InsertJson("f", "42"));
        Assert.Throws<ArgumentException>(() => _docs.InsertJson("f", "null"));
        Assert.False(_docs.Exists("f"));
    }

    [Fact]
    public void Mongo_style_filters()
    {
        Assert.Equal(["a", "b", "c"], Ids("{}"));
        Assert.Equal(["b"], Ids("""{"age":{"$lt":30}}"""));
        Assert.Equal(["a"], Ids("""{"age":{"$gte":26,"$lte":30},"name":"Alice"}"""));
        Assert.Equal(["a", "c"], Ids("""{"$or":[{"name":"Alice"},{"age":{"$gt":30}}]}"""));
        Assert.Equal(["b", "c"], Ids("""{"$not":{"name":"Alice"}}"""));
        Assert.Equal(["a", "b"], Ids("""{"$and":[{"age":{"$in":[25,30]}},{"name":{"$ne":"Carol"}}]}"""));
        Assert.Equal(["c"], Ids("""{"name":{"$nin":["Alice","Bob"]}}"""));
        Assert.Equal(["c"], Ids("""{"score":{"$exists":true}}"""));
        Assert.Equal(["a", "b"], Ids("""{"score":{"$exists":false}}"""));
        Assert.Equal(["a", "b", "c"], Ids("""{"score":null}"""));
        Assert.Equal(["a"], Ids("""{"name":{"$startsWith":"Al"}}"""));
        Assert.Equal(["c"], Ids("""{"name":{"$contains":"aro"}}"""));
        Assert.Equal(["a"], Ids("""{"tags":{"$all":["x","y"]}}"""));
        Assert.Equal(["a", "b"], Ids("""{"tags":{"$any":["y"]}}"""));
        Assert.Equal(["a"], Ids("""{"address.city":{"$eq":"Paris"}}"""));
        Assert.Equal("(age >= 26 & age <= 30)", FromJson("""{"age":{"$gte":26,"$lte":30}}""").ToString());
    }

    [Fact]
    public void Filter_errors_name_the_place()
    {
        void Fails(string json, string fragment) => Assert.Contains(fragment, Assert.Throws<ArgumentException>(() => FromJson(json)).Message);
        Fails("[]", "'$'");
        Fails("""{"age":{"$lt":[1]}}""", "'$.age.$lt'");
        Fails("""{"age":{"$bad":1}}""", "unknown operator '$bad'");
        Fails("""{"$xor":[]}""", "'$.$xor'");
        Fails("""{"$or":[]}""", "non-empty array");
        Fails("""{"$or":[{"a":1},5]}""", "'$.$or[1]'");
        Fails("""{"address":{"city":"Paris"}}""", "dotted path");
        Fails("""{"a..b":1}""", "'$.a..b'");
        Fails("""{"age":{"$in":5}}""", "array of values");
        Fails("""{"age":{"$exists":1}}""", "true or false");
        Fails("""{"name":{"$startsWith":1}}""", "expected a string");
        Fails("""{"age": }""", "line 1");
    }

    [Fact]
    public void Sort_lists_parse()
    {
        Assert.Equal([new SortField("age", true), new SortField("name"), new SortField("a.b")], SortField.ParseList("-age, name,+a.b"));
        Assert.Throws<ArgumentException>(() => SortField.ParseList("age,,name"));
        Assert.Throws<ArgumentException>(() => SortField.ParseList("-"));
    }
}
