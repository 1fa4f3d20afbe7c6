namespace Mnemo;

/// <summary>What <see cref="MnemoStore.Export"/> writes.</summary>
/// <example>
/// <code>
/// using var file = File.Create("users.jsonl");
/// store.Export(file, new ExportOptions { Database = 0, Pattern = "user:*" });
/// </code>
/// </example>
public sealed class ExportOptions
{
    /// <summary>Only this database (null, the default: every database).</summary>
    public int? Database { get; init; }

    /// <summary>Only keys matching this glob pattern (Redis's <c>KEYS</c> syntax; null, the default: every key).</summary>
    public string? Pattern { get; init; }
}

/// <summary>What <see cref="MnemoStore.Import"/> does with a key that already exists in the store.</summary>
public enum ImportMode
{
    /// <summary>Refuse the import (the default): nothing is written when any key of the file already exists.</summary>
    Fail,

    /// <summary>Replace the existing key (whatever its type) by the imported one.</summary>
    Replace,

    /// <summary>Keep the existing key and skip the imported one.</summary>
    Skip,
}

/// <summary>How <see cref="MnemoStore.Import"/> treats the store's existing keys.</summary>
/// <example>
/// <code>
/// using var file = File.OpenRead("users.jsonl");
/// ImportResult result = store.Import(file, new ImportOptions { Mode = ImportMode.Replace });
/// </code>
/// </example>
public sealed class ImportOptions
{
    /// <summary>What to do with a key that already exists (default: <see cref="ImportMode.Fail"/>).</summary>
    public ImportMode Mode { get; init; } = ImportMode.Fail;
}
