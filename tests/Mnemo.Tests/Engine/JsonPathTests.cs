using System.Text;
using System.Text.Json.Nodes;
using Mnemo.Internal.Json;

namespace Mnemo.Tests.Engine;

/// <summary>JSONPath and legacy path parsing and evaluation, and RedisJSON-style JSON text.</summary>
public sealed class JsonPathTests
{
    private const string Doc = """{"a":1,"b":[10,20,{"c":"x","a":2}],"d":{"a":{"a":3},"e":null},"k.j":true}""";

    private static JsonNode? Parse(string json) => JsonText.Parse(Encoding.UTF8.GetBytes(json));

    private static string Eval(string path, string json = Doc) =>
        JsonText.SerializeArray(JsonPath.Parse(path).Evaluate(Parse(json)).Select(m => m.Value));

    [Theory]
    [InlineData("$", "[" + Doc + "]")]
    [InlineData("$.a", "[1]")]
    [InlineData("$['a']", "[1]")]
    [InlineData("$[\"k.j\"]", "[true]")]
    [InlineData("$['k.j']", "[true]")]
    [InlineData("$.b[0]", "[10]")]
    [InlineData("$.b[-1].c", "[\"x\"]")]
    [InlineData("$.b[-4]", "[]")]
    [InlineData("$.b[3]", "[]")]
    [InlineData("$.b[*]", "[10,20,{\"c\":\"x\",\"a\":2}]")]
    [InlineData("$.b[0:2]", "[10,20]")]
    [InlineData("$.b[1:]", "[20,{\"c\":\"x\",\"a\":2}]")]
    [InlineData("$.b[:-1]", "[10,20]")]
    [InlineData("$.b[::2]", "[10,{\"c\":\"x\",\"a\":2}]")]
    [InlineData("$.d.*", "[{\"a\":3},null]")]
    [InlineData("$.d[*]", "[{\"a\":3},null]")]
    [InlineData("$..a", "[1,2,{\"a\":3},3]")]
    [InlineData("$..[0]", "[10]")]
    [InlineData("$.d..a", "[{\"a\":3},3]")]
    [InlineData("$..e", "[null]")]
    [InlineData("$.nothing.a", "[]")]
    [InlineData("$.a.b", "[]")]
    [InlineData(".", "[" + Doc + "]")]
    [InlineData(".a", "[1]")]
    [InlineData("a", "[1]")]
    [InlineData("b[2].c", "[\"x\"]")]
    [InlineData(".d.a.a", "[3]")]
    [InlineData("d.e", "[null]")]
    [InlineData("['k.j']", "[true]")]
    public void Paths_select_what_redisjson_selects(string path, string expected) => Assert.Equal(expected, Eval(path));

    [Fact]
    public void Recursive_wildcard_lists_a_node_before_its_descendants()
    {
        Assert.Equal("[{\"b\":[1]},[1],1]", Eval("$..*", "{\"a\":{\"b\":[1]}}"));
        Assert.Equal("[[[1]],[1],1]", Eval("$..[*]", "[[[1]]]"));
    }

    [Theory]
    [InlineData("$", false, "$", true)]
    [InlineData(".", true, "$", true)]
    [InlineData(".a.b", true, "$.a.b", false)]
    [InlineData("a.b", true, "$.a.b", false)]
    [InlineData("a[0]", true, "$.a[0]", false)]
    [InlineData("[0]", true, "$[0]", false)]
    [InlineData("$..a", false, "$..a", false)]
    public void Legacy_paths_normalize_as_redisjson_does(string text, bool legacy, string normalized, bool root)
    {
        var path = JsonPath.Parse(text);
        Assert.Equal(legacy, path.IsLegacy);
        Assert.Equal(normalized, path.Normalized);
        Assert.Equal(root, path.IsRoot);
        Assert.Equal(text, path.Text);
    }

    [Theory]
    [InlineData("$.a", true)]
    [InlineData("$.a[0]['b']", true)]
    [InlineData("$.a[*]", false)]
    [InlineData("$..a", false)]
    [InlineData("$.*", false)]
    [InlineData("$.a[0:1]", false)]
    public void Static_paths_name_one_place(string text, bool isStatic) => Assert.Equal(isStatic, JsonPath.Parse(text).IsStatic);

    [Theory]
    [InlineData("$.", "expected a member name after '.' but the path ends at offset 2")]
    [InlineData("$.a[", "expected an index, a quoted name, '*' or a slice after '[' but the path ends at offset 4")]
    [InlineData("$.a[1", "expected ']' but the path ends at offset 5")]
    [InlineData("$.a['x", "unterminated quoted name (missing ') at offset 6")]
    [InlineData("$a", "unexpected 'a', expected '.' or '[' at offset 1")]
    [InlineData("$.a[1:2:0]", "a slice step must be positive at offset 8")]
    [InlineData("$.a[x]", "expected an index, a quoted name, '*' or a slice after '[' but found 'x' at offset 4")]
    [InlineData("$.a[99999999999999999999]", "expected an integer index at offset 4")]
    [InlineData("$[?(@.a)]", "filter expressions ([?(...)]) are not supported at offset 2")]
    [InlineData("a..", "expected a member name after '.' but the path ends at offset 3")]
    [InlineData("a b", "unexpected ' ', expected '.' or '[' at offset 1")]
    public void Invalid_paths_say_what_and_where(string text, string message)
    {
        var e = Assert.Throws<MnemoException>(() => JsonPath.Parse(text));
        Assert.Equal($"ERR invalid JSON path '{text}': {message}", e.Message);
    }

    [Fact]
    public void Matches_know_their_place_and_replace_it()
    {
        var root = Parse(Doc);
        var matches = JsonPath.Parse("$..a").Evaluate(root);
        Assert.Equal(4, matches.Count);
        Assert.Equal("a", matches[0].Location!.Name);
        Assert.Same(root, matches[0].Location!.Parent);
        foreach (var m in matches)
        {
            root = m.Replace(root, JsonValue.Create(0));
        }
        Assert.Equal("""{"a":0,"b":[10,20,{"c":"x","a":0}],"d":{"a":0,"e":null},"k.j":true}""", JsonText.Serialize(root));
        var rootMatch = JsonPath.Parse("$").Evaluate(root).Single();
        Assert.True(rootMatch.IsRoot);
        Assert.Equal("7", JsonText.Serialize(rootMatch.Replace(root, JsonValue.Create(7))));
    }

    [Fact]
    public void Mutation_order_puts_higher_indices_first_and_children_before_their_parent()
    {
        var matches = JsonPath.Parse("$..*").Evaluate(Parse("""{"a":[[1],[2]]}"""));
        var order = JsonPath.MutationOrder(matches).Select(i => JsonText.Serialize(matches[i].Value)).ToArray();
        Assert.Equal(["2", "[2]", "1", "[1]", "[[1],[2]]"], order);
    }

    [Theory]
    [InlineData("3", "3", "integer")]
    [InlineData("-0", "0", "integer")]
    [InlineData("3.0", "3.0", "number")]
    [InlineData("1.50", "1.5", "number")]
    [InlineData("1e2", "100.0", "number")]
    [InlineData("1E+2", "100.0", "number")]
    [InlineData("0.1", "0.1", "number")]
    [InlineData("1e-5", "0.00001", "number")]
    [InlineData("1e-6", "1e-6", "number")]
    [InlineData("123456789e-15", "1.23456789e-7", "number")]
    [InlineData("1e15", "1000000000000000.0", "number")]
    [InlineData("1e16", "1e16", "number")]
    [InlineData("-2.5e20", "-2.5e20", "number")]
    [InlineData("9223372036854775807", "9223372036854775807", "integer")]
    [InlineData("18446744073709551615", "18446744073709551615", "integer")]
    [InlineData("18446744073709551616", "1.8446744073709552e19", "number")]
    public void Numbers_print_as_serde_json_prints_them(string input, string output, string kind)
    {
        var node = Parse(input);
        Assert.Equal(output, JsonText.Serialize(node));
        Assert.Equal(kind, JsonText.TypeName(node));
        // The stored text survives a round trip through any serializer (change records).
        Assert.Equal(kind, JsonText.TypeName(JsonNode.Parse(node!.ToJsonString())));
    }

    [Theory]
    [InlineData("", "ERR EOF while parsing a value at line 1 column 1")]
    [InlineData("   ", "ERR EOF while parsing a value at line 1 column 4")]
    [InlineData("x", "ERR expected value at line 1 column 1")]
    [InlineData("[1,]", "ERR expected value at line 1 column 4")]
    [InlineData("{\"a\":1}\n  x", "ERR expected value at line 2 column 3")]
    public void Invalid_json_says_where(string input, string message) =>
        Assert.Equal(message, Assert.Throws<MnemoException>(() => Parse(input)).Message);

    [Fact]
    public void Nesting_beyond_the_limit_is_refused()
    {
        Assert.NotNull(Parse(new string('[', 128) + new string(']', 128)));
        var e = Assert.Throws<MnemoException>(() => Parse(new string('[', 129) + new string(']', 129)));
        Assert.StartsWith("ERR recursion limit exceeded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_members_keep_the_last_value_and_strings_escape_like_serde()
    {
        Assert.Equal("{\"a\":2}", JsonText.Serialize(Parse("{\"a\":1,\"a\":2}")));
        Assert.Equal("\"é\\u0001\\t/<>\\\"\"", JsonText.Serialize(Parse("\"\\u00e9\\u0001\\t\\/<>\\\"\"")));
    }

    [Fact]
    public void Deep_equality_keeps_integers_and_floats_apart()
    {
        Assert.True(JsonText.DeepEquals(Parse("{\"a\":[1,\"x\",null]}"), Parse("{\"a\":[1,\"x\",null]}")));
        Assert.False(JsonText.DeepEquals(Parse("1"), Parse("1.0")));
        Assert.True(JsonText.DeepEquals(Parse("1.0"), Parse("1e0")));
        Assert.False(JsonText.DeepEquals(Parse("{\"a\":1}"), Parse("{\"b\":1}")));
        Assert.False(JsonText.DeepEquals(Parse("[1]"), Parse("[1,2]")));
    }

    [Fact]
    public void Formatting_follows_redisjson()
    {
        var node = Parse("{\"a\":[1,[]],\"b\":{}}");
        Assert.Equal("{\n  \"a\": [\n    1,\n    []\n  ],\n  \"b\": {}\n}", JsonText.Serialize(node, new JsonFormat("  ", "\n", " ")));
        Assert.Equal("{\"a\":[1,[]],\"b\":{}}", JsonText.Serialize(node, new JsonFormat("\t", null, null)).Replace("\t", "", StringComparison.Ordinal));
    }
}
