namespace Mnemo.Internal.Export;

/// <summary>Names shared by the JSON-lines exporter and importer (the format is described in docs/export-format.md).</summary>
internal static class ExportFormat
{
    public const string Name = "mnemo-export";
    public const int Version = 1;

    public const string Format = "format";
    public const string FormatVersion = "version";
    public const string ExportedAtMs = "exported_at_ms";
    public const string ExportedAt = "exported_at";
    public const string Sequence = "sequence";
    public const string Databases = "databases";

    public const string Db = "db";
    public const string Key = "key";
    public const string Type = "type";
    public const string ExpiresAtMs = "expires_at_ms";
    public const string ExpiresAt = "expires_at";
    public const string TtlMs = "ttl_ms";
    public const string Value = "value";
    public const string Base64 = "base64";

    public const string StringType = "string";
    public const string ListType = "list";
    public const string SetType = "set";
    public const string HashType = "hash";
    public const string SortedSetType = "zset";
    public const string JsonType = "json";

    public static string IsoTime(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
