using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mnemo.Documents;

namespace Mnemo.Server.Http;

/// <summary>
/// The REST API over untyped collections (the server's HTTP port, ASP.NET Core minimal APIs):
/// <c>/collections/{name}</c> (POST inserts, GET queries with <c>filter</c>, <c>sort</c>,
/// <c>skip</c>, <c>limit</c>) and <c>/collections/{name}/{id}</c> (GET, PUT, PATCH, DELETE).
/// Errors are <c>{"error": "..."}</c> with 400 (bad JSON, filter, update or id), 401 (password),
/// 404 (no such document), 409 (id taken, unique index), 413 (body too large), 500 (an internal
/// failure), 503 (the journal refuses writes). Writes are acknowledged by the journal before the response, as RESP replies are.
/// </summary>
internal static class DocumentEndpoints
{
    public static void Map(IEndpointRouteBuilder app, MnemoServer server)
    {
        var group = app.MapGroup("/collections");
        group.MapPost("/{name}", (HttpContext http, string name) => Run(http, server, async () =>
        {
            var body = await ReadObjectAsync(http, server).ConfigureAwait(false);
            var collection = server.Store.GetCollection(name);
            string id = collection.Insert(body);
            await AcknowledgeAsync(server).ConfigureAwait(false);
            string location = $"/collections/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(id)}";
            return new WithLocation(Results.Json(new JsonObject { ["_id"] = id }, statusCode: StatusCodes.Status201Created), location);
        }));
        group.MapGet("/{name}", (HttpContext http, string name) => Run(http, server, () =>
        {
            var q = http.Request.Query;
            var filter = q.TryGetValue("filter", out var f) && !string.IsNullOrWhiteSpace(f) ? Query.FromJson(f.ToString()) : Query.All;
            var options = new FindOptions
            {
                Sort = Sort(q["sort"].ToString()),
                Skip = Number(q, "skip") ?? 0,
                Take = Number(q, "limit"),
            };
            var docs = server.Store.GetCollection(name).Find(filter, options);
            return Task.FromResult(Results.Json(new JsonArray([.. docs])));
        }));
        group.MapGet("/{name}/{id}", (HttpContext http, string name, string id) => Run(http, server, () =>
            Task.FromResult(server.Store.GetCollection(name).Get(id) is { } doc ? Results.Json(doc) : NotFound(name, id))));
        group.MapPut("/{name}/{id}", (HttpContext http, string name, string id) => Run(http, server, async () =>
        {
            var body = await ReadObjectAsync(http, server).ConfigureAwait(false);
            if (body.TryGetPropertyValue("_id", out var own) && own is not null && (own.GetValueKind() != JsonValueKind.String || own.GetValue<string>() != id))
            {
                return Error(StatusCodes.Status400BadRequest, $"the body's _id does not match the id '{id}' of the URL");
            }
            var collection = server.Store.GetCollection(name);
            bool replaced = collection.Replace(id, body);
            if (!replaced)
            {
                collection.Upsert(id, body);
            }
            await AcknowledgeAsync(server).ConfigureAwait(false);
            var stored = collection.Get(id);
            return replaced ? Results.Json(stored) : new WithLocation(Results.Json(stored, statusCode: StatusCodes.Status201Created),
                $"/collections/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(id)}");
        }));
        group.MapPatch("/{name}/{id}", (HttpContext http, string name, string id) => Run(http, server, async () =>
        {
            var body = await ReadObjectAsync(http, server).ConfigureAwait(false);
            var update = PatchUpdate.Parse(body);
            var collection = server.Store.GetCollection(name);
            if (!collection.Update(id, update))
            {
                return NotFound(name, id);
            }
            await AcknowledgeAsync(server).ConfigureAwait(false);
            return collection.Get(id) is { } doc ? Results.Json(doc) : NotFound(name, id);
        }));
        group.MapDelete("/{name}/{id}", (HttpContext http, string name, string id) => Run(http, server, async () =>
        {
            if (!server.Store.GetCollection(name).Delete(id))
            {
                return NotFound(name, id);
            }
            await AcknowledgeAsync(server).ConfigureAwait(false);
            return Results.NoContent();
        }));
    }

    private static async Task<IResult> Run(HttpContext http, MnemoServer server, Func<Task<IResult>> action)
    {
        if (server.Options.RequirePassword is { } password
            && http.Request.Headers.Authorization.ToString() != "Bearer " + password)
        {
            return Error(StatusCodes.Status401Unauthorized, "authentication required: send 'Authorization: Bearer <requirepass>'");
        }
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (BodyTooLargeException e)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, e.Message);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid JSON: " + e.Message);
        }
        catch (ArgumentException e)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (JournalException e)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (MnemoException e) when (e.Message.Contains("already exists", StringComparison.Ordinal) || e.Message.Contains("unique index", StringComparison.Ordinal))
        {
            return Error(StatusCodes.Status409Conflict, StripPrefix(e.Message));
        }
        catch (MnemoException e) when (e.Message.StartsWith("MISCONF", StringComparison.Ordinal))
        {
            return Error(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (MnemoException e)
        {
            return Error(StatusCodes.Status400BadRequest, StripPrefix(e.Message));
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            return Error(StatusCodes.Status500InternalServerError, e.Message);
        }
    }

    private static string StripPrefix(string message) => message.StartsWith("ERR ", StringComparison.Ordinal) ? message[4..] : message;

    private static IResult Error(int status, string message) =>
        Results.Json(new JsonObject { ["error"] = message }, statusCode: status);

    private static IResult NotFound(string name, string id) =>
        Error(StatusCodes.Status404NotFound, $"no document '{id}' in collection '{name}'");

    /// <summary>Waits until this request's writes are journaled as the fsync mode demands (nothing without persistence).</summary>
    private static async Task AcknowledgeAsync(MnemoServer server)
    {
        if (server.Store.Persistence is not { } persistence)
        {
            return;
        }
        try
        {
            // Synchronously after the write, on the same thread: the engine tracks the thread's last change.
            await persistence.AcknowledgeAsync().ConfigureAwait(false);
        }
        catch (MnemoException e)
        {
            throw new JournalException(e.Message);
        }
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext http, MnemoServer server)
    {
        long limit = server.Options.HttpMaxBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            throw new BodyTooLargeException(limit);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                throw new BodyTooLargeException(limit);
            }
            buffer.Write(chunk, 0, n);
        }
        if (buffer.Length == 0)
        {
            throw new ArgumentException("the request has no body: send a JSON object");
        }
        var node = JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return node as JsonObject ?? throw new ArgumentException($"the body must be a JSON object, not {node?.GetValueKind().ToString().ToLowerInvariant() ?? "null"}");
    }

    private static int? Number(IQueryCollection q, string name)
    {
        if (!q.TryGetValue(name, out var text) || string.IsNullOrEmpty(text))
        {
            return null;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new ArgumentException($"'{name}' must be a non-negative integer, not '{text}'");
    }

    /// <summary><c>sort=age,-name</c>: fields in order, <c>-</c> for descending.</summary>
    private static IReadOnlyList<SortField> Sort(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        return [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.StartsWith('-') ? new SortField(f[1..], true) : new SortField(f.TrimStart('+')))];
    }

    private sealed class BodyTooLargeException(long limit) : Exception($"the body exceeds {limit} bytes");

    private sealed class JournalException(string message) : Exception(message);

    /// <summary>A result with a Location header.</summary>
    private sealed class WithLocation(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>PATCH bodies: MongoDB-style update operators mapped onto <see cref="Update"/>.</summary>
internal static class PatchUpdate
{
    /// <summary><c>{"$set": {path: value}, "$unset": {path: ""} | [path], "$inc": {path: n}, "$push": {path: value}, "$pull": {path: value}}</c>.</summary>
    /// <exception cref="ArgumentException">An unknown operator, or an operand of the wrong shape.</exception>
    public static Update Parse(JsonObject body)
    {
        Update? update = null;
        foreach (var (op, operand) in body)
        {
            if (op == "$unset" && operand is JsonArray paths)
            {
                foreach (var p in paths)
                {
                    string unset = p?.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : throw new ArgumentException("$unset paths must be strings");
                    update = update is null ? Update.Unset(unset) : update.ThenUnset(unset);
                }
                continue;
            }
            if (operand is not JsonObject fields)
            {
                throw new ArgumentException($"'{op}' must be followed by an object of paths, e.g. {{\"{op}\": {{\"a.b\": 1}}}}");
            }
            foreach (var (path, value) in fields)
            {
                switch (op)
                {
                    case "$set":
                        update = update is null ? Update.Set(path, value?.DeepClone()) : update.ThenSet(path, value?.DeepClone());
                        break;
                    case "$unset":
                        update = update is null ? Update.Unset(path) : update.ThenUnset(path);
                        break;
                    case "$inc":
                        if (value?.GetValueKind() != JsonValueKind.Number)
                        {
                            throw new ArgumentException($"$inc of '{path}' needs a number");
                        }
                        if (!decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal amount))
                        {
                            throw new ArgumentException($"$inc of '{path}': {value.ToJsonString()} is out of range");
                        }
                        update = update is null ? Update.Increment(path, amount) : update.ThenIncrement(path, amount);
                        break;
                    case "$push":
                        update = update is null ? Update.Push(path, value?.DeepClone()) : update.ThenPush(path, value?.DeepClone());
                        break;
                    case "$pull":
                        update = update is null ? Update.Pull(path, value?.DeepClone()) : update.ThenPull(path, value?.DeepClone());
                        break;
                    default:
                        throw new ArgumentException($"unknown update operator '{op}' (use $set, $unset, $inc, $push, $pull)");
                }
            }
        }
        return update ?? throw new ArgumentException("the update is empty: use $set, $unset, $inc, $push or $pull");
    }
}
