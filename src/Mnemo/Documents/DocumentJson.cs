using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Mnemo.Documents;

/// <summary>
/// The JSON conventions of typed collections created without a contract of your own: camelCase
/// property names, and dates written in the fixed-width round-trip form (<c>"O"</c>: seven
/// fractional digits, <c>Z</c> or the offset), which keeps the kind and every tick and makes
/// dates of one kind order correctly as strings.
/// </summary>
public static class DocumentJson
{
    /// <summary>The default options (read-only; reflection-based contracts).</summary>
    public static JsonSerializerOptions Options { get; } = Create(readOnly: true);

    /// <summary>New options with the same conventions, to extend (add converters, a source-generated resolver...).</summary>
    public static JsonSerializerOptions CreateOptions() => Create(readOnly: false);

    private static JsonSerializerOptions Create(bool readOnly)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new RoundTripDateTimeConverter());
        options.Converters.Add(new RoundTripDateTimeOffsetConverter());
        if (readOnly)
        {
            options.MakeReadOnly();
        }
        return options;
    }
}

/// <summary>Writes <see cref="DateTime"/> in the fixed-width round-trip form (<c>"O"</c>); reads any ISO 8601 form.</summary>
public sealed class RoundTripDateTimeConverter : JsonConverter<DateTime>
{
    /// <inheritdoc/>
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTime();

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out int n, "O", CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..n]);
    }
}

/// <summary>Writes <see cref="DateTimeOffset"/> in the fixed-width round-trip form (<c>"O"</c>); reads any ISO 8601 form.</summary>
public sealed class RoundTripDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc/>
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out int n, "O", CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..n]);
    }
}
