using System.Globalization;
using Mnemo.Server.Tests.Infrastructure;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// The change stream of random JSON.* edits made over RESP, replayed into a second store,
/// reproduces every document exactly (integers stay integers, floats stay floats).
/// </summary>
public sealed class JsonReplayTests
{
    [Fact]
    public async Task Random_json_edits_replay_to_the_same_documents()
    {
        await using var source = await TestServer.StartAsync();
        await using var replica = await TestServer.StartAsync();
        var recorder = new ChangeRecorder();
        source.Server.Store.SubscribeChanges(recorder);
        using var client = source.Connect();
        var random = new Random(7);
        string[] paths = ["$", "$.a", "$.b", "$.a.x", "$..x", "$.b[0]", "$.b[-1]", "$.b[*]", ".a", "a.x", "b[0]", "$.*"];
        string[] values = ["1", "2.5", "\"s\"", "true", "null", "[1,2.0,{\"x\":3}]", "{\"x\":1,\"y\":[1]}", "-7", "1e3"];
        for (int step = 0; step < 2000; step++)
        {
            string key = "doc" + random.Next(6);
            string path = paths[random.Next(paths.Length)];
            string value = values[random.Next(values.Length)];
            string n = random.Next(-3, 4).ToString(CultureInfo.InvariantCulture);
            string[] command = random.Next(14) switch
            {
                0 or 1 => ["JSON.SET", key, random.Next(3) == 0 ? "$" : path, value],
                2 => ["JSON.SET", key, path, value, random.Next(2) == 0 ? "NX" : "XX"],
                3 => ["JSON.DEL", key, path],
                4 => ["JSON.NUMINCRBY", key, path, random.Next(2) == 0 ? n : "0.5"],
                5 => ["JSON.NUMMULTBY", key, path, n],
                6 => ["JSON.STRAPPEND", key, path, "\"+\""],
                7 => ["JSON.ARRAPPEND", key, path, value],
                8 => ["JSON.ARRINSERT", key, path, n, value],
                9 => ["JSON.ARRPOP", key, path, n],
                10 => ["JSON.ARRTRIM", key, path, n, random.Next(4).ToString(CultureInfo.InvariantCulture)],
                11 => ["JSON.TOGGLE", key, path],
                12 => ["JSON.CLEAR", key, path],
                _ => ["JSON.SET", key, "$", """{"a":{"x":1,"s":"t"},"b":[1,2.5,"u",[3]],"t":false}"""],
            };
            client.Call(command); // errors are part of the test: refused edits record nothing
        }
        replica.Server.Store.ApplyChanges(recorder.Records);
        using var check = replica.Connect();
        int documents = 0;
        for (int i = 0; i < 6; i++)
        {
            var expected = client.Call("JSON.GET", "doc" + i);
            var actual = check.Call("JSON.GET", "doc" + i);
            Assert.Equal(expected.Text, actual.Text);
            Assert.Equal(client.Call("JSON.TYPE", "doc" + i, "$..*").ToString(), check.Call("JSON.TYPE", "doc" + i, "$..*").ToString());
            documents += expected.Text is null ? 0 : 1;
        }
        Assert.True(documents > 0, "the random edits left no document to compare");
        Assert.Contains(recorder.Records, r => r.Op == Mnemo.Changes.ChangeOp.JsonSet);
    }
}
