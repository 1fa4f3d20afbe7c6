using System.Text;

namespace Mnemo.Server.Tests.Infrastructure;

/// <summary>A decoded reply: its RESP type byte and its content.</summary>
public sealed record RespReply(char Type, string? Text, long Integer, IReadOnlyList<RespReply>? Items)
{
    /// <summary>The exact bytes of a bulk or simple string (Text is their UTF-8 decoding, lossy for binary).</summary>
    public byte[]? Bytes { get; init; }

    public bool IsNull => Type == '_' || (Type is '$' or '*' && Text is null && Items is null);

    public bool IsError => Type == '-';

    public override string ToString() => Type switch
    {
        '+' or '-' or '$' or ',' or '=' or '(' => Text ?? "(nil)",
        ':' => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        '#' => Integer == 1 ? "true" : "false",
        '_' => "(nil)",
        _ => Items is null ? "(nil)" : "[" + string.Join(", ", Items) + "]",
    };

    public static string Escape(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes).Replace("\r", "\\r").Replace("\n", "\\n");
}
