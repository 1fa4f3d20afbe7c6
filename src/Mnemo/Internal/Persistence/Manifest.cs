using System.Globalization;
using System.Text;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// The single commit point of a data directory (<c>MANIFEST</c>): which snapshot is the base and
/// from which sequence the journal continues. Replaced atomically (temporary file, fsync, rename,
/// directory fsync), so a crash leaves either the old or the new manifest. Text, one field per line,
/// ending with a CRC-32C of the lines before it:
/// <code>
/// mnemo-manifest 1
/// snapshot dump.mnemo.00000000000000000042   (or "-" when there is none yet)
/// sequence 42
/// crc 1a2b3c4d
/// </code>
/// Journal segments whose records come after <c>sequence</c> are found by name; their sequence
/// numbers must continue without a gap.
/// </summary>
internal sealed record Manifest(string? Snapshot, long Sequence)
{
    public const string FileName = "MANIFEST";

    public string Encode()
    {
        var body = $"mnemo-manifest 1\nsnapshot {Snapshot ?? "-"}\nsequence {Sequence.ToString(CultureInfo.InvariantCulture)}\n";
        return body + $"crc {Crc32C.Compute(Encoding.UTF8.GetBytes(body)):x8}\n";
    }

    public static Manifest Parse(string path, string text)
    {
        int crcLine = text.LastIndexOf("crc ", StringComparison.Ordinal);
        if (crcLine < 0)
        {
            throw new PersistenceDamageException(path, 0, "manifest has no checksum line");
        }
        var body = text[..crcLine];
        var crc = text[(crcLine + 4)..].Trim();
        if (crc != Crc32C.Compute(Encoding.UTF8.GetBytes(body)).ToString("x8", CultureInfo.InvariantCulture))
        {
            throw new PersistenceDamageException(path, crcLine, "manifest checksum mismatch");
        }
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != 3 || lines[0] != "mnemo-manifest 1" || !lines[1].StartsWith("snapshot ", StringComparison.Ordinal)
            || !lines[2].StartsWith("sequence ", StringComparison.Ordinal)
            || !long.TryParse(lines[2].AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
        {
            throw new PersistenceDamageException(path, 0, "manifest is not in the expected format");
        }
        var snapshot = lines[1][9..];
        if (snapshot != "-" && (snapshot.Contains('/') || snapshot.Contains('\\') || snapshot.Contains("..", StringComparison.Ordinal)))
        {
            throw new PersistenceDamageException(path, 0, "manifest names a snapshot outside the data directory");
        }
        return new Manifest(snapshot == "-" ? null : snapshot, sequence);
    }

    /// <summary>Reads the directory's manifest, or null when the directory has none (a new store).</summary>
    public static Manifest? Load(IFileLayer files, string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        using var stream = files.OpenRead(path);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(path, reader.ReadToEnd());
    }

    /// <summary>Commits this manifest durably in <paramref name="directory"/>.</summary>
    public void Commit(IFileLayer files, string directory)
    {
        var temporary = Path.Combine(directory, FileName + ".tmp");
        using (var file = files.Create(temporary))
        {
            file.Write(Encoding.UTF8.GetBytes(Encode()));
            file.Sync();
        }
        files.Rename(temporary, Path.Combine(directory, FileName));
        files.SyncDirectory(directory);
    }
}
