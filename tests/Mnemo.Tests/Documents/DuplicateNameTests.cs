using System.Text.Json;
using System.Text.Json.Serialization;
using Mnemo.Documents;
using Mnemo.Internal.Documents;

namespace Mnemo.Tests.Documents;

/// <summary>
/// A type whose extension data repeats a property's name serializes that name twice; stored, it
/// would read differently through queries (first value) and typed reads (last value). Such a write
/// is refused with the name, and nothing is stored.
/// </summary>
public sealed class DuplicateNameTests : IDisposable
{
    private readonly MnemoStore _store = new();

    public void Dispose() => _store.Dispose();

    public sealed class Open
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Extra { get; set; }
    }

    public sealed class Plain
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public List<int> Numbers { get; set; } = [];

        public DateTime When { get; set; }
    }

    [Fact]
    public void A_document_serialized_with_a_name_twice_is_refused_and_nothing_is_stored()
    {
        var docs = _store.GetCollection<Open>("open");
        var twice = new Open { Id = "1", Name = "a", Extra = new() { ["name"] = JsonSerializer.SerializeToElement("b") } };

        var error = Assert.Throws<ArgumentException>(() => docs.Insert(twice));
        Assert.Contains("\"name\" twice", error.Message);
        Assert.Equal(0, docs.Count());
        Assert.Throws<ArgumentException>(() => docs.Upsert(twice));
        Assert.Equal(0, docs.Count());

        // extension data with names of its own is fine
        docs.Insert(new Open { Id = "2", Name = "a", Extra = new() { ["colour"] = JsonSerializer.SerializeToElement("red") } });
        var stored = docs.Get("2");
        Assert.Equal("red", stored!.Extra!["colour"].GetString());
        Assert.Single(docs.Find(Query.Field("colour") == "red"));
    }

    [Fact]
    public void Only_types_that_can_repeat_a_name_pay_for_the_check()
    {
        Assert.True(DuplicateNames.MayBeWritten(DocumentJson.Options.GetTypeInfo(typeof(Open))));
        Assert.False(DuplicateNames.MayBeWritten(DocumentJson.Options.GetTypeInfo(typeof(Plain))));
        Assert.Equal("a", DuplicateNames.Find("""{"x":[{"a":1,"b":{"a":2},"a":3}]}"""u8.ToArray()));
        Assert.Null(DuplicateNames.Find("""{"a":{"a":1},"b":[{"a":1},{"a":2}]}"""u8.ToArray()));
    }
}
