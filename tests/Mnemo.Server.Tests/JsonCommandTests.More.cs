namespace Mnemo.Server.Tests;

public sealed partial class JsonCommandTests
{
    [Fact]
    public void Get_formatting_and_several_paths()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":[1,{"b":2}],"c":{},"d":[]}""");
        c.Expect(Bulk("{\n\t\"a\": [\n\t\t1,\n\t\t{\n\t\t\t\"b\": 2\n\t\t}\n\t],\n\t\"c\": {},\n\t\"d\": []\n}"),
            "JSON.GET", "doc", "INDENT", "\t", "NEWLINE", "\n", "SPACE", " ");
        c.Expect(Bulk("{\"a\": [1,{\"b\": 2}],\"c\": {},\"d\": []}"), "JSON.GET", "doc", "SPACE", " ");
        c.Expect(Bulk("[\n[\n1,\n{\n\"b\":2\n}\n]\n]"), "JSON.GET", "doc", "NEWLINE", "\n", "$.a");
        c.Expect(Bulk("{\".c\":{},\"a[0]\":1}"), "JSON.GET", "doc", ".c", "a[0]");
        c.Expect(Bulk("{\"$.c\":[{}],\".a[1].b\":[2]}"), "JSON.GET", "doc", "$.c", ".a[1].b");
        c.Expect(Bulk("{\"$.x\":[],\"$.d\":[[]]}"), "JSON.GET", "doc", "$.x", "$.d");
        c.Expect(Err("ERR Path '.x' does not exist"), "JSON.GET", "doc", ".c", ".x");
        c.Expect(Bulk("[1]"), "JSON.GET", "doc", "NOESCAPE", "$.a[0]");
        c.Expect(Err("ERR wrong number of arguments for 'json.get' command"), "JSON.GET", "doc", "INDENT");
        c.Expect(Err("ERR FORMAT argument is not supported on RESP2"), "JSON.GET", "doc", "FORMAT", "STRING");
        c.Expect(Ok, "JSON.SET", "s", "$", "\"é \\\" \\\\ \\n \\u0001 / <\"");
        c.Expect(Bulk("\"é \\\" \\\\ \\n \\u0001 / <\""), "JSON.GET", "s");
        // RESP3 replies JSON.GET with the same bulk string.
        Assert.Equal('%', c.Call("HELLO", "3").Type);
        c.Expect(Bulk("[[]]"), "JSON.GET", "doc", "$.d");
        c.Expect("_\r\n", "JSON.GET", "missing");
    }

    [Fact]
    public void Mget_answers_per_key()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "a", "$", """{"x":1,"n":{"x":2}}""");
        c.Expect(Ok, "JSON.SET", "b", "$", """{"x":"b"}""");
        c.Expect(Ok, "SET", "s", "str");
        c.Expect(Array(Bulk("[1,2]"), Bulk("[\"b\"]"), Nil, Nil), "JSON.MGET", "a", "b", "s", "missing", "$..x");
        c.Expect(Array(Bulk("1"), Bulk("\"b\""), Nil), "JSON.MGET", "a", "b", "missing", ".x");
        c.Expect(Array(Nil, Nil), "JSON.MGET", "a", "b", ".n.y");
        c.Expect(Array(Nil, Nil), "JSON.MGET", "a", "b", "$[");
        c.Expect(Err("ERR wrong number of arguments for 'json.mget' command"), "JSON.MGET", "a");
    }

    [Fact]
    public void Del_and_forget()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":1,"nested":{"a":2,"b":3},"arr":[1,2,3,4]}""");
        c.Expect(Int(2), "JSON.DEL", "doc", "$..a");
        c.Expect(Bulk("""{"nested":{"b":3},"arr":[1,2,3,4]}"""), "JSON.GET", "doc");
        c.Expect(Int(0), "JSON.DEL", "doc", "$.nothing");
        c.Expect(Int(0), "JSON.DEL", "doc", ".nothing");
        c.Expect(Int(2), "JSON.FORGET", "doc", "$.arr[1:3]");
        c.Expect(Int(1), "JSON.DEL", "doc", "arr[-1]");
        c.Expect(Int(2), "JSON.DEL", "doc", "$.*");
        c.Expect(Bulk("{}"), "JSON.GET", "doc");
        c.Expect(Int(1), "EXISTS", "doc");
        c.Expect(Int(1), "JSON.DEL", "doc");
        c.Expect(Int(0), "EXISTS", "doc");
        c.Expect(Int(0), "JSON.DEL", "doc");
        c.Expect(Ok, "JSON.SET", "doc", "$", "[[1,[2]],[3]]");
        c.Expect(Int(2), "JSON.DEL", "doc", "$..[0]");
        c.Expect(Bulk("[[]]"), "JSON.GET", "doc");
        c.Expect(Int(1), "JSON.DEL", "doc", "$");
        c.Expect(Int(0), "EXISTS", "doc");
    }

    [Fact]
    public void Type_in_both_protocols()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":1,"b":2.5,"c":"s","d":true,"e":null,"f":[],"g":{}}""");
        c.Expect(Bulk("object"), "JSON.TYPE", "doc");
        c.Expect(Array(Bulk("integer"), Bulk("number"), Bulk("string"), Bulk("boolean"), Bulk("null"), Bulk("array"), Bulk("object")), "JSON.TYPE", "doc", "$.*");
        c.Expect(Nil, "JSON.TYPE", "doc", ".nothing");
        c.Expect(Nil, "JSON.TYPE", "doc", "a[");
        c.Expect("*0\r\n", "JSON.TYPE", "doc", "$.nothing");
        c.Expect(Nil, "JSON.TYPE", "missing");
        c.Expect(Err("ERR invalid JSON path '$[': expected an index, a quoted name, '*' or a slice after '[' but the path ends at offset 2"), "JSON.TYPE", "doc", "$[");
        Assert.Equal('%', c.Call("HELLO", "3").Type);
        c.Expect("*1\r\n$6\r\nobject\r\n", "JSON.TYPE", "doc");
        c.Expect("*1\r\n*1\r\n$7\r\ninteger\r\n", "JSON.TYPE", "doc", "$.a");
        c.Expect("*1\r\n_\r\n", "JSON.TYPE", "missing");
    }

    [Fact]
    public void Strings_append_and_length()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":"foo","n":{"a":"é"},"b":1}""");
        c.Expect(Array(Int(6), Int(5)), "JSON.STRAPPEND", "doc", "$..a", "\"bar\"");
        c.Expect(Array(Int(6), Nil, Nil), "JSON.STRAPPEND", "doc", "$.*", "\"\"");
        c.Expect(Array(Int(6), Nil, Nil), "JSON.STRLEN", "doc", "$.*");
        c.Expect(Int(7), "JSON.STRAPPEND", "doc", ".a", "\"!\"");
        c.Expect(Int(7), "JSON.STRLEN", "doc", ".a");
        c.Expect(Array(Nil), "JSON.STRLEN", "doc", "$.b");
        c.Expect(Err("ERR Path '$.b' does not exist or not a string"), "JSON.STRAPPEND", "doc", ".b", "\"x\"");
        c.Expect(Err("WRONGTYPE wrong type of path value - expected string but found 12"), "JSON.STRAPPEND", "doc", ".a", "12");
        c.Expect(Err("ERR expected value at line 1 column 1"), "JSON.STRAPPEND", "doc", ".a", "bare");
        c.Expect(Err("WRONGTYPE wrong type of path value - expected string but found integer"), "JSON.STRLEN", "doc", ".b");
        c.Expect(Err("ERR Path '$.x' does not exist"), "JSON.STRLEN", "doc", ".x");
        c.Expect(Nil, "JSON.STRLEN", "missing");
        c.Expect(Err("ERR could not perform this operation on a key that doesn't exist"), "JSON.STRLEN", "missing", "$");
        c.Expect(Err("ERR could not perform this operation on a key that doesn't exist"), "JSON.STRAPPEND", "missing", "\"x\"");
        c.Expect(Ok, "JSON.SET", "s", "$", "\"ab\"");
        c.Expect(Int(4), "JSON.STRAPPEND", "s", "\"cd\"");
        c.Expect(Int(4), "JSON.STRLEN", "s");
        c.Expect(Bulk("\"foobar!\""), "JSON.GET", "doc", ".a");
    }

    [Fact]
    public void Toggle_clear_and_objects()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"t":true,"n":{"t":false,"o":{"x":1,"y":[1]}},"num":7,"f":0.5,"s":"keep"}""");
        c.Expect(Array(Int(0), Int(1)), "JSON.TOGGLE", "doc", "$..t");
        c.Expect(Bulk("true"), "JSON.TOGGLE", "doc", ".t");
        c.Expect(Array(Nil), "JSON.TOGGLE", "doc", "$.num");
        c.Expect(Err("ERR Path '$.num' does not exist or not a bool"), "JSON.TOGGLE", "doc", ".num");
        c.Expect(Array(Array(Bulk("x"), Bulk("y"))), "JSON.OBJKEYS", "doc", "$.n.o");
        c.Expect(Array(Bulk("t"), Bulk("n"), Bulk("num"), Bulk("f"), Bulk("s")), "JSON.OBJKEYS", "doc");
        c.Expect(Array(Nil, Array(Bulk("x"), Bulk("y"))), "JSON.OBJKEYS", "doc", "$.n.*");
        c.Expect(Nil, "JSON.OBJKEYS", "doc", ".nothing");
        c.Expect(Err("ERR Path '$.num' does not exist or not an object"), "JSON.OBJKEYS", "doc", ".num");
        c.Expect(Int(5), "JSON.OBJLEN", "doc");
        c.Expect(Array(Nil, Int(2)), "JSON.OBJLEN", "doc", "$.n[*]");
        c.Expect(Nil, "JSON.OBJLEN", "doc", ".nothing");
        c.Expect(Err("WRONGTYPE wrong type of path value - expected object but found integer"), "JSON.OBJLEN", "doc", ".num");
        c.Expect(Nil, "JSON.OBJLEN", "missing");
        c.Expect(Err("ERR Path '$' does not exist or not an object"), "JSON.OBJLEN", "missing", "$");
        c.Expect(Err("ERR could not perform this operation on a key that doesn't exist"), "JSON.OBJKEYS", "missing", "$");
        c.Expect(Int(3), "JSON.CLEAR", "doc", "$.*");
        c.Expect(Bulk("""{"t":true,"n":{},"num":0,"f":0,"s":"keep"}"""), "JSON.GET", "doc");
        c.Expect(Int(0), "JSON.CLEAR", "doc", "$.num");
        c.Expect(Int(1), "JSON.CLEAR", "doc");
        c.Expect(Bulk("{}"), "JSON.GET", "doc");
        c.Expect(Err("ERR could not perform this operation on a key that doesn't exist"), "JSON.CLEAR", "missing");
        c.Expect(Err("ERR could not perform this operation on a key that doesn't exist"), "JSON.TOGGLE", "missing", "$");
    }

    [Fact]
    public void Resp_in_both_protocols()
    {
        using var c = _server.Connect();
        c.Expect(Ok, "JSON.SET", "doc", "$", """{"a":[1,2.5,"s",true,null],"o":{"k":false}}""");
        string expected = "*5\r\n+{\r\n$1\r\na\r\n*6\r\n+[\r\n:1\r\n$3\r\n2.5\r\n$1\r\ns\r\n+true\r\n$-1\r\n$1\r\no\r\n*3\r\n+{\r\n$1\r\nk\r\n+false\r\n";
        c.Expect(expected, "JSON.RESP", "doc");
        c.Expect("*1\r\n*3\r\n+{\r\n$1\r\nk\r\n+false\r\n", "JSON.RESP", "doc", "$.o");
        c.Expect(Err("ERR Path '$.x' does not exist"), "JSON.RESP", "doc", "x");
        c.Expect(Nil, "JSON.RESP", "missing");
        Assert.Equal('%', c.Call("HELLO", "3").Type);
        c.Expect("*6\r\n+[\r\n:1\r\n,2.5\r\n$1\r\ns\r\n+true\r\n_\r\n", "JSON.RESP", "doc", ".a");
    }
}
