using System.Globalization;
using System.Text.Json.Nodes;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// Random writes (HSET, HDEL, DEL, JSON.SET, EXPIRE and time passing, RENAME, FLUSHDB) against
/// hash and JSON search indexes; after every step FT.SEARCH answers equal a brute-force model.
/// </summary>
public sealed class SearchConsistencyTests : IAsyncLifetime
{
    private static readonly string[] Words = ["red", "green", "blue", "fast", "slow"];
    private static readonly string[] Tags = ["a", "b", "c"];

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed class Doc
    {
        public Dictionary<string, string> Fields = [];
        public long ExpiresAt;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Search_results_follow_every_write(int seed)
    {
        var random = new Random(seed);
        using var c = _server.Connect();
        c.Call("FT.CREATE", "h", "ON", "HASH", "PREFIX", "1", "h:", "SCHEMA", "text", "TEXT", "n", "NUMERIC", "tag", "TAG");
        c.Call("FT.CREATE", "j", "ON", "JSON", "PREFIX", "1", "j:", "SCHEMA", "$.text", "AS", "text", "TEXT", "$.n", "AS", "n", "NUMERIC", "$.tag", "AS", "tag", "TAG");
        var model = new Dictionary<string, Doc>();
        long now = 0;
        for (int step = 0; step < 300; step++)
        {
            bool json = random.Next(2) == 0;
            string key = (json ? "j:" : "h:") + random.Next(12);
            int op = random.Next(100);
            var doc = RandomFields(random);
            if (op < 40)
            {
                if (json)
                {
                    var o = new JsonObject();
                    foreach (var (f, v) in doc)
                    {
                        o[f] = f == "n" ? JsonValue.Create(long.Parse(v, CultureInfo.InvariantCulture)) : JsonValue.Create(v);
                    }
                    Assert.Equal("OK", c.Call("JSON.SET", key, "$", o.ToJsonString()).Text);
                    long? ttlKept = c.Call("PTTL", key).Integer > 0 ? Live(model, key, now)?.ExpiresAt : null;
                    Put(model, key, doc, keepTtl: false);
                    model[key].ExpiresAt = ttlKept ?? 0;
                }
                else
                {
                    c.Call(["HSET", key, .. doc.SelectMany(p => new[] { p.Key, p.Value })]);
                    Put(model, key, doc, keepTtl: true);
                }
            }
            else if (op < 55 && !json)
            {
                string field = random.Next(3) switch { 0 => "text", 1 => "n", _ => "tag" };
                c.Call("HDEL", key, field);
                if (Live(model, key, now) is { } d)
                {
                    d.Fields.Remove(field);
                    if (d.Fields.Count == 0)
                    {
                        model.Remove(key);
                    }
                }
            }
            else if (op < 60 && json)
            {
                string value = Words[random.Next(Words.Length)];
                var r = c.Call("JSON.SET", key, "$.text", $"\"{value}\"");
                if (Live(model, key, now) is { } d)
                {
                    d.Fields["text"] = value;
                }
                else
                {
                    Assert.True(r.IsError || r.IsNull, r.ToString());
                }
            }
            else if (op < 75)
            {
                c.Call("DEL", key);
                model.Remove(key);
            }
            else if (op < 85)
            {
                long ms = random.Next(1, 50);
                c.Call("PEXPIRE", key, ms.ToString(CultureInfo.InvariantCulture));
                if (Live(model, key, now) is { } d)
                {
                    d.ExpiresAt = now + ms;
                }
            }
            else if (op < 95)
            {
                int ms = random.Next(1, 30);
                _server.Clock.Advance(TimeSpan.FromMilliseconds(ms));
                now += ms;
            }
            else if (op < 99)
            {
                string target = (json ? "j:" : "h:") + random.Next(12);
                var r = c.Call("RENAME", key, target);
                if (Live(model, key, now) is { } d)
                {
                    Assert.False(r.IsError, r.ToString());
                    model.Remove(key);
                    model[target] = d;
                }
            }
            else
            {
                c.Call("FLUSHDB");
                model.Clear();
            }
            foreach (var e in model.Where(e => e.Value.ExpiresAt != 0 && e.Value.ExpiresAt <= now).ToList())
            {
                model.Remove(e.Key);
            }
            Check(c, model, random);
        }
    }

    private static Dictionary<string, string> RandomFields(Random random)
    {
        var doc = new Dictionary<string, string>();
        if (random.Next(5) > 0)
        {
            doc["text"] = string.Join(' ', Enumerable.Range(0, random.Next(1, 3)).Select(_ => Words[random.Next(Words.Length)]));
        }
        if (random.Next(5) > 0)
        {
            doc["n"] = random.Next(0, 20).ToString(CultureInfo.InvariantCulture);
        }
        if (random.Next(5) > 0)
        {
            doc["tag"] = Tags[random.Next(Tags.Length)];
        }
        if (doc.Count == 0)
        {
            doc["n"] = "1";
        }
        return doc;
    }

    private static void Put(Dictionary<string, Doc> model, string key, Dictionary<string, string> fields, bool keepTtl)
    {
        if (keepTtl && model.TryGetValue(key, out var existing))
        {
            foreach (var (f, v) in fields)
            {
                existing.Fields[f] = v;
            }
            return;
        }
        model[key] = new Doc { Fields = new Dictionary<string, string>(fields) };
    }

    private static Doc? Live(Dictionary<string, Doc> model, string key, long now) =>
        model.TryGetValue(key, out var d) && (d.ExpiresAt == 0 || d.ExpiresAt > now) ? d : null;

    private static void Check(RawClient c, Dictionary<string, Doc> model, Random random)
    {
        string word = Words[random.Next(Words.Length)];
        string tag = Tags[random.Next(Tags.Length)];
        int lo = random.Next(0, 20);
        int hi = lo + random.Next(0, 10);
        var queries = new (string Query, Func<Dictionary<string, string>, bool> Match)[]
        {
            ("*", _ => true),
            (word, d => HasWord(d, word)),
            (word[..2] + "*", d => d.TryGetValue("text", out var t) && t.Split(' ').Any(w => w.StartsWith(word[..2], StringComparison.Ordinal))),
            ($"@tag:{{{tag}}}", d => d.GetValueOrDefault("tag") == tag),
            ($"@n:[{lo} ({hi}]", d => d.TryGetValue("n", out var n) && int.Parse(n, CultureInfo.InvariantCulture) >= lo && int.Parse(n, CultureInfo.InvariantCulture) < hi),
            ($"-{word} @tag:{{{tag}}}", d => !HasWord(d, word) && d.GetValueOrDefault("tag") == tag),
            ($"{word} | @n:[{lo} {lo}]", d => HasWord(d, word) || d.GetValueOrDefault("n") == lo.ToString(CultureInfo.InvariantCulture)),
        };
        foreach (var prefix in new[] { "h:", "j:" })
        {
            foreach (var (query, match) in queries)
            {
                var expected = model.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && match(e.Value.Fields))
                    .Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
                var reply = c.Call("FT.SEARCH", prefix[..1], query, "NOCONTENT", "LIMIT", "0", "100");
                Assert.False(reply.IsError, $"{query}: {reply}");
                var items = reply.Items!;
                Assert.Equal(expected.Count, items[0].Integer);
                Assert.Equal(expected, items.Skip(1).Select(i => i.Text!).ToList());
            }
        }
    }

    private static bool HasWord(Dictionary<string, string> d, string word) =>
        d.TryGetValue("text", out var t) && t.Split(' ').Contains(word);
}
