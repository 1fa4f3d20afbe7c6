namespace Mnemo.Server.Tests;

/// <summary>Documents kept as stored UTF-8 JSON answer as RedisJSON does up to its nesting limit.</summary>
public sealed partial class JsonCommandTests
{
    [Fact]
    public void Documents_nested_up_to_the_limit_are_stored_read_and_edited()
    {
        using var c = _server.Connect();
        string deep = new string('[', 100) + "1" + new string(']', 100);
        c.Expect(Ok, "JSON.SET", "deep", "$", deep);
        c.Expect(Bulk(deep), "JSON.GET", "deep");
        c.Expect(Int(2), "JSON.ARRAPPEND", "deep", ".", "2");
        c.Expect(Bulk(deep[..^1] + ",2]"), "JSON.GET", "deep");
        string object127 = string.Concat(Enumerable.Repeat("{\"a\":", 127)) + "1" + new string('}', 127);
        c.Expect(Ok, "JSON.SET", "obj", "$", object127);
        c.Expect(Bulk(object127), "JSON.GET", "obj");
    }
}
