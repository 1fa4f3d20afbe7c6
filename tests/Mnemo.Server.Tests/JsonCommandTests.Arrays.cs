namespace Mnemo.Server.Tests;

public sealed partial class JsonCommandTests
{
    [Fact]
    public void Array_append_insert_and_length()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":[1],"n":{"a":[]},"s":"x"}""");
        c.Expect(Array(Int(3), Int(2)), "JSON.ARRAPPEND", "doc", "$..a", "2", "\"three\"");
        c.Expect(Int(4), "JSON.ARRAPPEND", "doc", ".a", "{\"four\":4}");
        c.Expect(Array(Nil), "JSON.ARRAPPEND", "doc", "$.s", "1");
        c.Expect(Err("ERR Path '.s' does not exist or not an array"), "JSON.ARRAPPEND", "doc", ".s", "1");
        c.Expect(Err("ERR expected value at line 1 column 1"), "JSON.ARRAPPEND", "doc", "$.a", "1", "bad");
        c.Expect(Err("ERR wrong number of arguments for 'json.arrappend' command"), "JSON.ARRAPPEND", "doc", "$.a");
        c.Expect(Array(Int(4), Int(2)), "JSON.ARRLEN", "doc", "$..a");
        c.Expect(Int(4), "JSON.ARRLEN", "doc", ".a");
        c.Expect(Array(Nil), "JSON.ARRLEN", "doc", "$.s");
        c.Expect(Err("ERR Path '.s' does not exist or not an array"), "JSON.ARRLEN", "doc", ".s");
        c.Expect(Err("ERR Path 'zz' does not exist or not an array"), "JSON.ARRLEN", "doc", "zz");
        c.Expect(Nil, "JSON.ARRLEN", "missing");
        c.Expect(Err("ERR could not perform this operation on a key that doesn't exist"), "JSON.ARRLEN", "missing", "$");
        c.Expect(Err("ERR could not perform this operation on a key that doesn't exist"), "JSON.ARRAPPEND", "missing", "$", "1");
        c.Expect(Array(Int(6)), "JSON.ARRINSERT", "doc", "$.a", "0", "-1", "0");
        c.Expect(Int(7), "JSON.ARRINSERT", "doc", ".a", "-1", "\"before last\"");
        c.Expect(Int(8), "JSON.ARRINSERT", "doc", ".a", "7", "\"end\"");
        c.Expect(Err("ERR index out of bounds"), "JSON.ARRINSERT", "doc", ".a", "9", "1");
        c.Expect(Err("ERR index out of bounds"), "JSON.ARRINSERT", "doc", "$.a", "-9", "1");
        c.Expect(Err("ERR value is not an integer or out of range"), "JSON.ARRINSERT", "doc", ".a", "x", "1");
        c.Expect(Err("ERR Path '$.s' does not exist or not an array"), "JSON.ARRINSERT", "doc", ".s", "0", "1");
        c.Expect(Bulk("""[-1,0,1,2,"three","before last",{"four":4},"end"]"""), "JSON.GET", "doc", ".a");
    }

    [Fact]
    public void Array_pop()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":[1,{"x":[2]},"s"],"e":[],"n":1}""");
        c.Expect(Bulk("\"s\""), "JSON.ARRPOP", "doc", ".a");
        c.Expect(Bulk("1"), "JSON.ARRPOP", "doc", ".a", "0");
        c.Expect(Array(Bulk("{\"x\":[2]}")), "JSON.ARRPOP", "doc", "$.a", "99");
        c.Expect(Array(Nil), "JSON.ARRPOP", "doc", "$.a");
        c.Expect(Nil, "JSON.ARRPOP", "doc", ".e");
        c.Expect(Array(Nil, Nil, Nil), "JSON.ARRPOP", "doc", "$.*");
        c.Expect(Err("ERR Path '$.n' does not exist or not an array"), "JSON.ARRPOP", "doc", ".n");
        c.Expect(Err("ERR could not perform this operation on a key that doesn't exist"), "JSON.ARRPOP", "missing");
        c.Expect(Ok, "JSON.SET", "root", "$", "[1,2,3]");
        c.Expect(Bulk("3"), "JSON.ARRPOP", "root");
        c.Expect(Bulk("1"), "JSON.ARRPOP", "root", ".", "-5");
        c.Expect(Bulk("2"), "JSON.ARRPOP", "root", ".", "notanumber");
        c.Expect(Bulk("[]"), "JSON.GET", "root");
        c.Expect(Int(1), "EXISTS", "root");
        // Nested arrays: the inner ones are popped before their parent, replies stay in match order (nil for the numbers).
        c.Expect(Ok, "JSON.SET", "nest", "$", """{"a":[[1,2,3],[4,5,6]]}""");
        c.Expect(Array(Bulk("[4,5]"), Bulk("3"), Bulk("6"), Nil, Nil, Nil, Nil, Nil, Nil), "JSON.ARRPOP", "nest", "$..*", "-1");
        c.Expect(Bulk("""{"a":[[1,2]]}"""), "JSON.GET", "nest");
    }

    [Fact]
    public void Array_index_and_trim()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":[1,2,3,2,"2",2.0,{"k":[1]}],"n":{"a":[2]},"s":"x"}""");
        c.Expect(Int(1), "JSON.ARRINDEX", "doc", ".a", "2");
        c.Expect(Int(3), "JSON.ARRINDEX", "doc", ".a", "2", "2");
        c.Expect(Int(-1), "JSON.ARRINDEX", "doc", ".a", "2", "4", "5");
        c.Expect(Int(3), "JSON.ARRINDEX", "doc", ".a", "2", "-4");
        c.Expect(Int(4), "JSON.ARRINDEX", "doc", ".a", "\"2\"");
        c.Expect(Int(5), "JSON.ARRINDEX", "doc", ".a", "2.0");
        c.Expect(Int(6), "JSON.ARRINDEX", "doc", ".a", "{\"k\":[1]}");
        c.Expect(Array(Int(1), Int(0)), "JSON.ARRINDEX", "doc", "$..a", "2");
        c.Expect(Array(Nil), "JSON.ARRINDEX", "doc", "$.s", "2");
        c.Expect(Err("WRONGTYPE wrong type of path value - expected array but found string"), "JSON.ARRINDEX", "doc", ".s", "2");
        c.Expect(Err("ERR Path '$.x' does not exist"), "JSON.ARRINDEX", "doc", ".x", "2");
        c.Expect(Err("ERR Path '$.a' does not exist"), "JSON.ARRINDEX", "missing", "$.a", "2");
        c.Expect(Err("ERR value is not an integer or out of range"), "JSON.ARRINDEX", "doc", ".a", "2", "x");
        c.Expect(Err("ERR wrong number of arguments for 'json.arrindex' command"), "JSON.ARRINDEX", "doc", ".a", "2", "0", "1", "2");
        c.Expect(Array(Int(3), Int(0)), "JSON.ARRTRIM", "doc", "$..a", "1", "3");
        c.Expect(Bulk("[2,3,2]"), "JSON.GET", "doc", ".a");
        c.Expect(Int(2), "JSON.ARRTRIM", "doc", ".a", "-2", "99");
        c.Expect(Int(0), "JSON.ARRTRIM", "doc", ".a", "1", "0");
        c.Expect(Bulk("[]"), "JSON.GET", "doc", ".a");
        c.Expect(Err("ERR Path '$.s' does not exist or not an array"), "JSON.ARRTRIM", "doc", ".s", "0", "1");
        c.Expect(Err("ERR could not perform this operation on a key that doesn't exist"), "JSON.ARRTRIM", "missing", "$", "0", "1");
        c.Expect(Array(Nil), "JSON.ARRTRIM", "doc", "$.s", "0", "1");
    }

    [Fact]
    public void Commands_on_a_key_of_another_type_are_wrongtype()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "SET", "s", "v");
        const string wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
        c.Expect(wrongType, "JSON.GET", "s");
        c.Expect(wrongType, "JSON.DEL", "s");
        c.Expect(wrongType, "JSON.TYPE", "s");
        c.Expect(wrongType, "JSON.ARRAPPEND", "s", "$", "1");
        c.Expect(wrongType, "JSON.NUMINCRBY", "s", "$", "1");
        c.Expect(wrongType, "JSON.STRLEN", "s");
        c.Expect(Bulk("v"), "GET", "s");
    }
}
