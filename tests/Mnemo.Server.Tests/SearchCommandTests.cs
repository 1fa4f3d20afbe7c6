using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>Exact reply bytes of FT.CREATE, FT.SEARCH, FT.DROPINDEX, FT.INFO and FT._LIST (RediSearch shapes).</summary>
public sealed partial class SearchCommandTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string Ok = "+OK\r\n";

    private static string Bulk(string text) => $"${System.Text.Encoding.UTF8.GetByteCount(text)}\r\n{text}\r\n";

    private static string Array(params string[] items) => $"*{items.Length}\r\n" + string.Concat(items);

    private static string Int(long value) => $":{value}\r\n";

    private static string Err(string text) => $"-{text}\r\n";

    private static string Keys(long total, params string[] keys) => Array([Int(total), .. keys.Select(Bulk)]);

    private static void Users(RawClient c)
    {
        c.Call("HSET", "user:1", "name", "Alice Smith", "age", "30", "tags", "admin,dev", "city", "Paris");
        c.Call("HSET", "user:2", "name", "Bob Smith", "age", "25", "tags", "dev", "city", "London");
        c.Call("HSET", "user:3", "name", "Carol Jones", "age", "41", "tags", "ops, Admin", "city", "Paris");
        c.Call("HSET", "other:1", "name", "Alice Smith", "age", "30");
        c.Expect(Ok, "FT.CREATE", "users", "ON", "HASH", "PREFIX", "1", "user:", "SCHEMA",
            "name", "TEXT", "SORTABLE", "age", "NUMERIC", "SORTABLE", "tags", "TAG", "city", "AS", "town", "TAG");
    }

    [Fact]
    public void Search_hashes_by_text_tag_and_numeric()
    {
        using var c = _server.Connect();
        Users(c);
        c.Expect(Array(Int(1), Bulk("user:1"), Array(Bulk("name"), Bulk("Alice Smith"), Bulk("age"), Bulk("30"),
            Bulk("tags"), Bulk("admin,dev"), Bulk("city"), Bulk("Paris"))), "FT.SEARCH", "users", "alice");
        c.Expect(Keys(2, "user:1", "user:2"), "FT.SEARCH", "users", "smith", "NOCONTENT");
        c.Expect(Keys(2, "user:1", "user:2"), "FT.SEARCH", "users", "SMI*", "NOCONTENT");
        c.Expect(Keys(1, "user:2"), "FT.SEARCH", "users", "smith -alice", "NOCONTENT");
        c.Expect(Keys(2, "user:1", "user:3"), "FT.SEARCH", "users", "@tags:{admin}", "NOCONTENT");
        c.Expect(Keys(3, "user:1", "user:2", "user:3"), "FT.SEARCH", "users", "@tags:{admin | dev}", "NOCONTENT");
        c.Expect(Keys(2, "user:1", "user:3"), "FT.SEARCH", "users", "@town:{paris}", "NOCONTENT");
        c.Expect(Keys(2, "user:1", "user:2"), "FT.SEARCH", "users", "@age:[25 30]", "NOCONTENT");
        c.Expect(Keys(1, "user:2"), "FT.SEARCH", "users", "@age:[-inf (30]", "NOCONTENT");
        c.Expect(Keys(2, "user:1", "user:3"), "FT.SEARCH", "users", "@age:[(25 +inf]", "NOCONTENT");
        c.Expect(Keys(1, "user:1"), "FT.SEARCH", "users", "@tags:{dev} @age:[30 30]", "NOCONTENT");
        c.Expect(Keys(2, "user:2", "user:3"), "FT.SEARCH", "users", "jones | @age:[-inf 26]", "NOCONTENT");
        c.Expect(Keys(1, "user:3"), "FT.SEARCH", "users", "-(@tags:{dev})", "NOCONTENT");
        c.Expect(Keys(1, "user:1"), "FT.SEARCH", "users", "@name:(alice smith)", "NOCONTENT");
        c.Expect(Keys(1, "user:1"), "FT.SEARCH", "users", "\"alice smith\"", "NOCONTENT");
        c.Expect(Keys(0), "FT.SEARCH", "users", "\"smith alice\"", "NOCONTENT");
        c.Expect(Keys(3, "user:1", "user:2", "user:3"), "FT.SEARCH", "users", "*", "NOCONTENT");
        c.Expect(Keys(0), "FT.SEARCH", "users", "nobody");
    }

    [Fact]
    public void Return_sortby_and_limit()
    {
        using var c = _server.Connect();
        Users(c);
        c.Expect(Array(Int(3),
            Bulk("user:2"), Array(Bulk("name"), Bulk("Bob Smith")),
            Bulk("user:1"), Array(Bulk("name"), Bulk("Alice Smith")),
            Bulk("user:3"), Array(Bulk("name"), Bulk("Carol Jones"))),
            "FT.SEARCH", "users", "*", "RETURN", "1", "name", "SORTBY", "age");
        c.Expect(Array(Int(3),
            Bulk("user:1"), Array(Bulk("years"), Bulk("30"))),
            "FT.SEARCH", "users", "*", "RETURN", "1", "age", "AS", "years", "SORTBY", "age", "DESC", "LIMIT", "1", "1");
        c.Expect(Array(Int(3), Bulk("user:3"), Array(Bulk("town"), Bulk("Paris"))),
            "FT.SEARCH", "users", "*", "RETURN", "1", "town", "SORTBY", "name", "DESC", "LIMIT", "0", "1");
        c.Expect(Keys(3), "FT.SEARCH", "users", "*", "LIMIT", "0", "0");
        c.Expect(Keys(3, "user:1", "user:2", "user:3"), "FT.SEARCH", "users", "*", "RETURN", "0");
        c.Expect(Err("Property `nope` not loaded nor in schema"), "FT.SEARCH", "users", "*", "SORTBY", "nope");
        c.Expect(Err("Bad arguments for LIMIT: Value is outside acceptable bounds"), "FT.SEARCH", "users", "*", "LIMIT", "-1", "2");
        c.Expect(Err("Unknown argument `BOGUS` at position 2 for <main>"), "FT.SEARCH", "users", "*", "BOGUS");
    }

    [Fact]
    public void Json_documents_by_path_with_aliases()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "item:1", "$", """{"title":"Red shoes","price":50,"tags":["shoes","red"],"meta":{"brand":"Acme"}}""");
        c.Expect(Ok, "JSON.SET", "item:2", "$", """{"title":"Blue shirt","price":20,"tags":["shirt","blue"],"meta":{"brand":"Zed"}}""");
        c.Expect(Ok, "FT.CREATE", "items", "ON", "JSON", "PREFIX", "1", "item:", "SCHEMA",
            "$.title", "AS", "title", "TEXT", "$.price", "AS", "price", "NUMERIC", "SORTABLE",
            "$.tags[*]", "AS", "tags", "TAG", "$.meta.brand", "AS", "brand", "TAG");
        c.Expect(Array(Int(1), Bulk("item:1"), Array(Bulk("$"), Bulk("""{"title":"Red shoes","price":50,"tags":["shoes","red"],"meta":{"brand":"Acme"}}"""))),
            "FT.SEARCH", "items", "@tags:{red}");
        c.Expect(Array(Int(2), Bulk("item:2"), Array(Bulk("title"), Bulk("Blue shirt"), Bulk("price"), Bulk("20")),
            Bulk("item:1"), Array(Bulk("title"), Bulk("Red shoes"), Bulk("price"), Bulk("50"))),
            "FT.SEARCH", "items", "*", "RETURN", "2", "title", "price", "SORTBY", "price", "ASC");
        c.Expect(Array(Int(1), Bulk("item:2"), Array(Bulk("b"), Bulk("Zed"))),
            "FT.SEARCH", "items", "@brand:{zed}", "RETURN", "3", "$.meta.brand", "AS", "b");
        c.Expect(Keys(1, "item:1"), "FT.SEARCH", "items", "@price:[40 60] shoes", "NOCONTENT");
    }

    [Fact]
    public void Errors_use_redisearch_texts()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "FT.CREATE", "idx", "SCHEMA", "t", "TEXT");
        c.Expect(Err("Index already exists"), "FT.CREATE", "idx", "SCHEMA", "t", "TEXT");
        c.Expect(Err("Unknown Index name"), "FT.INFO", "nope");
        c.Expect(Err("Unknown Index name"), "FT.DROPINDEX", "nope");
        c.Expect(Err("nope: no such index"), "FT.SEARCH", "nope", "*");
        c.Expect(Err("Invalid field type for field `t`"), "FT.CREATE", "x", "SCHEMA", "t", "GEOX");
        c.Expect(Err("Field `t` does not have a type"), "FT.CREATE", "x", "SCHEMA", "t");
        c.Expect(Err("Fields arguments are missing"), "FT.CREATE", "x", "SCHEMA");
        c.Expect(Err("No schema found"), "FT.CREATE", "x", "ON", "HASH");
        c.Expect(Err("Unknown argument `FOO`"), "FT.CREATE", "x", "FOO", "SCHEMA", "t", "TEXT");
        c.Expect(Err("Duplicate field in schema - t"), "FT.CREATE", "x", "SCHEMA", "t", "TEXT", "t", "TAG");
        c.Expect(Err("ERR Syntax error at offset 5 near the end of the query: unterminated tag list (missing '}')"), "FT.SEARCH", "idx", "@t:{a");
        c.Expect(Err("ERR wrong number of arguments for 'ft.search' command"), "FT.SEARCH", "idx");
        c.Expect(Array(Bulk("idx")), "FT._LIST");
    }

    [Fact]
    public void Info_list_and_dropindex()
    {
        using var c = _server.Connect();
        Users(c);
        c.Expect(Array(
            Bulk("index_name"), Bulk("users"),
            Bulk("index_options"), Array(),
            Bulk("index_definition"), Array(Bulk("key_type"), Bulk("HASH"), Bulk("prefixes"), Array(Bulk("user:")), Bulk("default_score"), Bulk("1")),
            Bulk("attributes"), Array(
                Array(Bulk("identifier"), Bulk("name"), Bulk("attribute"), Bulk("name"), Bulk("type"), Bulk("TEXT"), Bulk("WEIGHT"), Bulk("1"), Bulk("SORTABLE")),
                Array(Bulk("identifier"), Bulk("age"), Bulk("attribute"), Bulk("age"), Bulk("type"), Bulk("NUMERIC"), Bulk("SORTABLE")),
                Array(Bulk("identifier"), Bulk("tags"), Bulk("attribute"), Bulk("tags"), Bulk("type"), Bulk("TAG"), Bulk("SEPARATOR"), Bulk(",")),
                Array(Bulk("identifier"), Bulk("city"), Bulk("attribute"), Bulk("town"), Bulk("type"), Bulk("TAG"), Bulk("SEPARATOR"), Bulk(","))),
            Bulk("num_docs"), Bulk("3"),
            Bulk("num_terms"), Bulk("10"),
            Bulk("num_records"), Bulk("17"),
            Bulk("hash_indexing_failures"), Bulk("0"),
            Bulk("indexing"), Bulk("0"),
            Bulk("percent_indexed"), Bulk("1")), "FT.INFO", "users");
        c.Call("HSET", "user:9", "age", "old");
        Assert.Equal("1", c.Call("FT.INFO", "users").Items![15].Text);
        c.Expect(Ok, "FT.CREATE", "second", "SCHEMA", "x", "TEXT");
        c.Expect(Array(Bulk("users"), Bulk("second")), "FT._LIST");
        c.Expect(Ok, "FT.DROPINDEX", "users");
        c.Expect(Int(1), "EXISTS", "user:1");
        c.Expect(Ok, "FT.DROPINDEX", "second", "DD");
        c.Expect(Int(0), "EXISTS", "user:1", "other:1");
        c.Expect(Array(), "FT._LIST");
        c.Expect(Err("ERR syntax error"), "FT.DROPINDEX", "x", "KEEP");
    }

    [Fact]
    public void Resp3_list_is_a_set()
    {
        using var c = _server.Connect();
        c.Call("HELLO", "3");
        c.Expect(Ok, "FT.CREATE", "idx", "SCHEMA", "t", "TEXT");
        c.Expect("~1\r\n$3\r\nidx\r\n", "FT._LIST");
    }
}
