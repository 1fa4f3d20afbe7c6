using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Documents;
using Mnemo.Internal.Documents;
using Mnemo.Internal.Values;

namespace Mnemo.Tests.Documents;

/// <summary>
/// Documents are stored as UTF-8 JSON and read without building a tree (<see cref="CompactJson"/>,
/// with <see cref="Utf8JsonReader"/> as fallback). Random documents written in several textual
/// forms (compact, indented, escaped or raw non-ASCII, every JSON number form) and random paths
/// and filters: the answers read from the bytes equal those of the node tree (the previous,
/// reference representation).
/// </summary>
public sealed class StoredJsonTests
{
    private static readonly string[] Names = ["a", "b", "c", "0", "1", "é", "x\"y", "t\\u"];

    private static readonly string[] Numbers =
        ["0", "-0", "7", "-12", "30", "29", "1.5", "30.0", "1e3", "1E-2", "-2.5e+1", "9223372036854775807", "9223372036854775808",
         "-9223372036854775809", "123456789012345678901234567890", "0.1000000000000000000000000001", "1e300"];

    private static readonly string[] Strings = ["", "s0", "s1", "a b", "é", "x\"y", "line\nbreak", "tab\t", "\u00e9t\u00e9", "\ud83d\ude00", "s0 "];

    private static string RandomText(Random r, int depth)
    {
        int pick = r.Next(depth >= 3 ? 6 : 9);
        switch (pick)
        {
            case 0:
                return "null";
            case 1:
                return r.Next(2) == 0 ? "true" : "false";
            case 2:
            case 3:
                return Numbers[r.Next(Numbers.Length)];
            case 4:
            case 5:
                return JsonSerializer.Serialize(Strings[r.Next(Strings.Length)]);
            case 6:
                var items = Enumerable.Range(0, r.Next(4)).Select(_ => RandomText(r, depth + 1));
                return "[" + string.Join(",", items) + "]";
            default:
                return RandomObject(r, depth + 1);
        }
    }

    private static string RandomObject(Random r, int depth)
    {
        var names = Names.OrderBy(_ => r.Next()).Take(r.Next(Names.Length)).ToList();
        var parts = names.Select(n => JsonSerializer.Serialize(n) + ":" + RandomText(r, depth));
        return "{" + string.Join(",", parts) + "}";
    }

    /// <summary>The same document in another textual form.</summary>
    private static byte[] Form(JsonNode node, int form) => form switch
    {
        0 => JsonDocumentValue.ToUtf8(node),
        1 => JsonSerializer.SerializeToUtf8Bytes(node, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
        _ => JsonSerializer.SerializeToUtf8Bytes(node, new JsonSerializerOptions { WriteIndented = true }),
    };

    private static string RandomPath(Random r)
    {
        string[] segments = ["a", "b", "c", "0", "1", "é", "x\"y", "t\\u", "zz"];
        return string.Join(".", Enumerable.Range(0, 1 + r.Next(3)).Select(_ => segments[r.Next(segments.Length)]));
    }

    private static QueryValue RandomConstant(Random r) => r.Next(7) switch
    {
        0 => QueryValue.Null,
        1 => r.Next(2) == 0,
        2 => (long)r.Next(-15, 40),
        3 => r.Next(-20, 40) + 0.5,
        4 => 30.0,
        5 => 1e300,
        _ => Strings[r.Next(Strings.Length)],
    };

    private static Query RandomQuery(Random r, int depth)
    {
        var field = Query.Field(RandomPath(r));
        switch (r.Next(depth > 1 ? 9 : 12))
        {
            case 0: return field == RandomConstant(r);
            case 1: return field < RandomConstant(r);
            case 2: return field <= RandomConstant(r);
            case 3: return field > RandomConstant(r);
            case 4: return field >= RandomConstant(r);
            case 5: return field.Exists();
            case 6: return field.In(RandomConstant(r), RandomConstant(r));
            case 7: return r.Next(2) == 0 ? field.StartsWith("s") : field.Contains(" ");
            case 8: return r.Next(2) == 0 ? field.ContainsAny(RandomConstant(r), RandomConstant(r)) : field.ContainsAll(RandomConstant(r));
            case 9: return !RandomQuery(r, depth + 1);
            case 10: return RandomQuery(r, depth + 1) & RandomQuery(r, depth + 1);
            default: return RandomQuery(r, depth + 1) | RandomQuery(r, depth + 1);
        }
    }

    [Fact]
    public void Field_values_read_from_the_bytes_equal_those_of_the_node_tree()
    {
        var r = new Random(20261122);
        for (int n = 0; n < 3000; n++)
        {
            var node = JsonNode.Parse(RandomObject(r, 0));
            for (int form = 0; form < 3; form++)
            {
                var utf8 = Form(node!, form);
                for (int p = 0; p < 8; p++)
                {
                    var path = FieldPath.Parse(RandomPath(r));
                    var expected = path.Value(node);
                    var actual = path.Value(utf8);
                    path.Resolve(node, out bool found);
                    string where = $"{path} in {Encoding.UTF8.GetString(utf8)}";
                    Assert.True(expected.Rank == actual.Rank && expected.CompareTo(actual) == 0, $"{where}: {expected} != {actual}");
                    Assert.True(found == path.Exists(utf8), $"{where}: exists {found}");
                }
            }
        }
    }

    [Fact]
    public void Filters_evaluated_on_the_bytes_agree_with_the_node_tree()
    {
        var r = new Random(5);
        for (int n = 0; n < 3000; n++)
        {
            var node = JsonNode.Parse(RandomObject(r, 0));
            var queries = Enumerable.Range(0, 6).Select(_ => RandomQuery(r, 0)).ToList();
            for (int form = 0; form < 3; form++)
            {
                var utf8 = Form(node!, form);
                foreach (var q in queries)
                {
                    Assert.True(q.Matches(node) == q.Evaluate(utf8), $"{q} on {Encoding.UTF8.GetString(utf8)}");
                }
            }
        }
    }

    [Fact]
    public void Canonical_form_is_compact_and_means_the_same_document()
    {
        var r = new Random(11);
        for (int n = 0; n < 2000; n++)
        {
            var node = JsonNode.Parse(RandomText(r, 0));
            foreach (int form in new[] { 0, 1, 2 })
            {
                var text = node is null ? "null"u8.ToArray() : Form(node, form);
                var canonical = JsonDocumentValue.Canonical(text);
                Assert.True(JsonNode.DeepEquals(node, JsonNode.Parse(canonical)), Encoding.UTF8.GetString(text));
                Assert.DoesNotContain(canonical, b => b == (byte)'\n');
                if (form != 2)
                {
                    Assert.Equal(text, canonical); // already compact: the same bytes
                }
                Assert.Equal(node is JsonObject, JsonDocumentValue.IsObjectText(canonical));
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":1}x")]
    [InlineData("{\"a\":1} {}")]
    [InlineData("[1,]")]
    public void Canonical_form_refuses_malformed_text(string text) =>
        Assert.ThrowsAny<JsonException>(() => JsonDocumentValue.Canonical(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Canonical_form_refuses_text_that_is_not_utf8()
    {
        // Utf8JsonReader does not check the bytes inside strings: such text was stored as is, and
        // its reads then disagreed (U+FFFD on the scanner's path, an exception on the reader's).
        byte[] text = [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)'}'];
        Assert.ThrowsAny<JsonException>(() => JsonDocumentValue.Canonical(text));
        Assert.ThrowsAny<JsonException>(() => JsonDocumentValue.Canonical([(byte)'"', 0xFF, (byte)'"']));
    }

    [Fact]
    public void Canonical_form_keeps_documents_nested_deeper_than_the_serializer_default()
    {
        var deep = Encoding.UTF8.GetBytes(new string('[', 100) + "1" + new string(']', 100));
        Assert.Equal(deep, JsonDocumentValue.Canonical(deep));
        var spaced = Encoding.UTF8.GetBytes(new string('[', 100) + " 1 " + new string(']', 100));
        Assert.Equal(deep, JsonDocumentValue.Canonical(spaced));
    }

    [Fact]
    public void Canonical_form_keeps_spaces_inside_strings_and_drops_them_between_tokens()
    {
        var canonical = JsonDocumentValue.Canonical("{ \"a b\" : [ 1 , \"x \\\" y\" ] }"u8);
        Assert.Equal("{\"a b\":[1,\"x \\u0022 y\"]}", Encoding.UTF8.GetString(canonical));
        Assert.Equal("{\"a b\":1}"u8.ToArray(), JsonDocumentValue.Canonical("{\"a b\":1}"u8));
    }

    [Fact]
    public void Escaped_property_names_are_found_like_their_unescaped_text()
    {
        var utf8 = "{\"\\u0061ge\":42,\"n\\u00e9\":{\"x\":\"\\u0041\"}}"u8.ToArray();
        Assert.Equal(DocValue.From(42L), FieldPath.Parse("age").Value(utf8));
        Assert.Equal(DocValue.From("A"), FieldPath.Parse("né.x").Value(utf8));
        Assert.True((Query.Field("né.x") == "A").Evaluate(utf8));
        Assert.False((Query.Field("né.x") == "B").Evaluate(utf8));
    }
}
