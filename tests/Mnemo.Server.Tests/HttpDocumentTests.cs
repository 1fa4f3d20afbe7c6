using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Mnemo.Persistence;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>The HTTP API (<c>/collections/...</c>) through HttpClient against a real server on a free port.</summary>
public sealed class HttpDocumentTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(o =>
        {
            o.HttpPort = 0;
            o.HttpMaxBodyBytes = 4096;
        });
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.Server.HttpPort}") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode?> Body(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync());

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string contains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = (await Body(response))!["error"]!.GetValue<string>();
        Assert.Contains(contains, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insert_get_replace_patch_delete()
    {
        var created = await _http.PostAsync("/collections/users", Json("""{"name":"Ada","age":36,"tags":["a"]}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string id = (await Body(created))!["_id"]!.GetValue<string>();
        Assert.Equal($"/collections/users/{id}", created.Headers.Location!.OriginalString);

        var got = await _http.GetAsync(created.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"name":"Ada","age":36,"tags":["a"],"_id":"{{id}}"}"""), await Body(got)));

        // The same document is a JSON key of the keyspace.
        await Task.Yield(); // off the socket event loop the HTTP reply completed on: the RESP client below blocks
        using var c = _server.Connect();
        Assert.Equal("ReJSON-RL", c.Call("TYPE", $"users:{id}").Text);

        var replaced = await _http.PutAsync($"/collections/users/{id}", Json("""{"name":"Ada L.","age":37}"""));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("Ada L.", (await Body(replaced))!["name"]!.GetValue<string>());

        var upserted = await _http.PutAsync("/collections/users/bob", Json("""{"name":"Bob","age":20}"""));
        Assert.Equal(HttpStatusCode.Created, upserted.StatusCode);
        Assert.Equal("/collections/users/bob", upserted.Headers.Location!.OriginalString);

        var patched = await _http.PatchAsync("/collections/users/bob", Json("""{"$set":{"city":"Oslo"},"$inc":{"age":2},"$push":{"tags":"x"},"$unset":["name"]}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"age":22,"_id":"bob","city":"Oslo","tags":["x"]}"""), await Body(patched)));

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync("/collections/users/bob")).StatusCode);
        await AssertError(await _http.DeleteAsync("/collections/users/bob"), HttpStatusCode.NotFound, "no document 'bob'");
        await AssertError(await _http.GetAsync("/collections/users/bob"), HttpStatusCode.NotFound, "no document 'bob' in collection 'users'");
        await AssertError(await _http.PatchAsync("/collections/users/bob", Json("""{"$set":{"a":1}}""")), HttpStatusCode.NotFound, "no document");
    }

    [Fact]
    public async Task Query_with_filter_sort_skip_and_limit()
    {
        for (int i = 0; i < 10; i++)
        {
            var r = await _http.PutAsync($"/collections/people/p{i}", Json($$"""{"age":{{20 + i}},"group":"{{(i % 2 == 0 ? "even" : "odd")}}"}"""));
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }
        string filter = Uri.EscapeDataString("""{"age":{"$lt":27},"group":"even"}""");
        var found = (await Body(await _http.GetAsync($"/collections/people?filter={filter}&sort=-age&skip=1&limit=2")))!.AsArray();
        Assert.Equal(["p4", "p2"], found.Select(d => d!["_id"]!.GetValue<string>()));
        var all = (await Body(await _http.GetAsync("/collections/people?sort=age")))!.AsArray();
        Assert.Equal(10, all.Count);
        Assert.Equal("p0", all[0]!["_id"]!.GetValue<string>());
        Assert.Empty((await Body(await _http.GetAsync("/collections/nothing")))!.AsArray());

        await AssertError(await _http.GetAsync("/collections/people?filter=%7Bbad"), HttpStatusCode.BadRequest, "");
        await AssertError(await _http.GetAsync($"/collections/people?filter={Uri.EscapeDataString("""{"age":{"$nope":1}}""")}"), HttpStatusCode.BadRequest, "$nope");
        await AssertError(await _http.GetAsync("/collections/people?limit=-1"), HttpStatusCode.BadRequest, "'limit' must be a non-negative integer");
    }

    [Fact]
    public async Task Bad_input_gets_json_errors_with_status_codes()
    {
        await AssertError(await _http.PostAsync("/collections/c", Json("{nope")), HttpStatusCode.BadRequest, "invalid JSON");
        await AssertError(await _http.PostAsync("/collections/c", Json("[1,2]")), HttpStatusCode.BadRequest, "must be a JSON object, not array");
        await AssertError(await _http.PostAsync("/collections/c", Json("")), HttpStatusCode.BadRequest, "no body");
        await AssertError(await _http.PostAsync("/collections/c", Json($$"""{"big":"{{new string('x', 5000)}}"}""")), HttpStatusCode.RequestEntityTooLarge, "exceeds 4096 bytes");
        await AssertError(await _http.PutAsync("/collections/c/a", Json("""{"_id":"b"}""")), HttpStatusCode.BadRequest, "does not match");
        await AssertError(await _http.PostAsync("/collections/c%2A", Json("{}")), HttpStatusCode.BadRequest, "");

        Assert.Equal(HttpStatusCode.Created, (await _http.PostAsync("/collections/c", Json("""{"_id":"one","n":1}"""))).StatusCode);
        await AssertError(await _http.PostAsync("/collections/c", Json("""{"_id":"one","n":2}""")), HttpStatusCode.Conflict, "already exists");
        await AssertError(await _http.PatchAsync("/collections/c/one", Json("""{"$bogus":{"a":1}}""")), HttpStatusCode.BadRequest, "unknown update operator '$bogus'");
        await AssertError(await _http.PatchAsync("/collections/c/one", Json("""{"$inc":{"n":"x"}}""")), HttpStatusCode.BadRequest, "needs a number");
        await AssertError(await _http.PatchAsync("/collections/c/one", Json("{}")), HttpStatusCode.BadRequest, "empty");

        _server.Server.Store.GetCollection("c").EnsureIndex("email", new Documents.IndexOptions { Unique = true });
        Assert.Equal(HttpStatusCode.Created, (await _http.PostAsync("/collections/c", Json("""{"email":"a@x"}"""))).StatusCode);
        await AssertError(await _http.PostAsync("/collections/c", Json("""{"email":"a@x"}""")), HttpStatusCode.Conflict, "unique index");
        await AssertError(await _http.PatchAsync("/collections/c/one", Json("""{"$set":{"email":"a@x"}}""")), HttpStatusCode.Conflict, "unique index");
    }
}

/// <summary>HTTP writes are journaled (acknowledged before the response) and password-protected when requirepass is set.</summary>
public sealed class HttpDurabilityTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mnemo-http-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task Writes_are_in_the_journal_before_the_response()
    {
        string id;
        await using (var server = await TestServer.StartAsync(o =>
        {
            o.HttpPort = 0;
            o.RequirePassword = "s3cret";
            o.Store = new MnemoStoreOptions
            {
                Persistence = new MnemoPersistenceOptions { Directory = _dir, Mode = DurabilityMode.Journal, Fsync = JournalFsync.Always, SaveRules = [] },
            };
        }))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Server.HttpPort}") };
            var refused = await http.PostAsync("/collections/notes", new StringContent("""{"text":"x"}"""));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
            var created = await http.PostAsync("/collections/notes", new StringContent("""{"text":"journaled-marker-7"}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["_id"]!.GetValue<string>();
            // fsync always: the record is on disk when the response arrives.
            Assert.Contains(Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories), f =>
            {
                using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var r = new StreamReader(s, Encoding.Latin1);
                return r.ReadToEnd().Contains("journaled-marker-7", StringComparison.Ordinal);
            });
            Assert.Equal(HttpStatusCode.OK, (await http.PatchAsync($"/collections/notes/{id}", new StringContent("""{"$set":{"n":1}}"""))).StatusCode);
        }
        using var reopened = new MnemoStore(new MnemoStoreOptions { Persistence = new MnemoPersistenceOptions { Directory = _dir, SaveRules = [] } });
        var doc = reopened.GetCollection("notes").Get(id);
        Assert.NotNull(doc);
        Assert.Equal(1, doc["n"]!.GetValue<int>());
    }
}
