using System.Text;
using Mnemo.Internal.Export;
using Mnemo.Internal.Persistence;

namespace Mnemo;

/// <summary>Export and import as JSON lines (docs/export-format.md).</summary>
public sealed partial class MnemoStore
{
    private readonly SemaphoreSlim _captureGate = new(1, 1);

    /// <summary>
    /// Writes the store, as it is at one point in time, to <paramref name="destination"/> as JSON
    /// lines: a header line, then one line per key with its database, key, type, value and
    /// absolute expiry (format: docs/export-format.md). Writers keep running while the export is
    /// written and do not change what it holds (each waits at most for the copy of one shard).
    /// Keys whose expiry has passed are not written. The stream is flushed, not closed.
    /// </summary>
    /// <returns>The number of keys written per type and the point in time exported.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ExportOptions.Database"/> is not a database of this store.</exception>
    /// <exception cref="IOException">Writing to <paramref name="destination"/> failed (the store is unaffected).</exception>
    /// <example>
    /// <code>
    /// using (var file = File.Create("backup.jsonl"))
    /// {
    ///     ExportResult result = store.Export(file);
    ///     Console.WriteLine($"{result.Keys} keys as of {result.ExportedAt}");
    /// }
    /// using var copy = new MnemoStore();
    /// using (var file = File.OpenRead("backup.jsonl"))
    /// {
    ///     copy.Import(file);
    /// }
    /// </code>
    /// </example>
    public ExportResult Export(Stream destination, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        options ??= new ExportOptions();
        if (options.Database is { } only && (uint)only >= (uint)DatabaseCount)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Database {only} does not exist (the store has {DatabaseCount}).");
        }
        byte[]? pattern = options.Pattern is null or "*" ? null : Encoding.UTF8.GetBytes(options.Pattern);
        // One capture at a time per store: a persistent store shares the gate of its snapshots.
        return _persistence is { } engine
            ? engine.ExclusiveCapture(() => CaptureAndWrite(destination, options.Database, pattern))
            : WithCaptureGate(() => CaptureAndWrite(destination, options.Database, pattern));
    }

    /// <summary>
    /// Reads JSON lines written by <see cref="Export"/> (or by hand, see docs/export-format.md) and
    /// writes their keys into this store. The whole input is read and validated first: any
    /// malformed line (invalid JSON, unknown type or field, wrong value shape, bad base64, a
    /// database out of range, a key given twice) throws <see cref="MnemoImportException"/> naming
    /// the line, and nothing is written. Then each key is written atomically (value and expiry
    /// together) through the ordinary write path, so a persistent store journals it. Keys whose
    /// expiry has already passed are skipped and counted.
    /// </summary>
    /// <returns>How many keys were imported, replaced and skipped.</returns>
    /// <exception cref="MnemoImportException">A line is malformed, or (mode <see cref="ImportMode.Fail"/>) a key already exists; nothing was imported.</exception>
    /// <exception cref="MnemoException">
    /// The store refused a write while importing (MISCONF: persistence failed). Keys of earlier
    /// lines are imported, each whole; the rest are not.
    /// </exception>
    /// <example>
    /// <code>
    /// using var file = File.OpenRead("users.jsonl");
    /// ImportResult result = store.Import(file, new ImportOptions { Mode = ImportMode.Skip });
    /// Console.WriteLine($"{result.Imported} imported, {result.SkippedExisting} kept, {result.SkippedExpired} expired");
    /// </code>
    /// </example>
    public ImportResult Import(Stream source, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new ImportOptions();
        var entries = ImportReader.ReadAll(source, DatabaseCount, _core.NowMs());
        if (options.Mode == ImportMode.Fail)
        {
            ImportApplier.CheckNoneExist(_core, entries);
        }
        try
        {
            return ImportApplier.Apply(_core, entries, options.Mode);
        }
        finally
        {
            AcknowledgeWrites();
        }
    }

    /// <summary>
    /// Writes the state stored in a data directory as JSON lines (as <see cref="Export"/> does)
    /// without writing to the directory: it is recovered into a temporary in-memory store (a torn
    /// record at the end of the journal is ignored, not cut). Do not point it at a directory a
    /// running store is writing: the journal may be read mid-write (a torn tail is then ignored).
    /// </summary>
    /// <param name="dataDirectory">A data directory (<see cref="Persistence.MnemoPersistenceOptions.Directory"/>).</param>
    /// <param name="destination">Where the JSON lines go (flushed, not closed).</param>
    /// <param name="options">Which database and keys.</param>
    /// <param name="databases">Number of databases the data was written with (default 16).</param>
    /// <param name="log">Receives recovery warnings (a torn journal tail).</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="PersistenceDamageException">A file of the directory is damaged.</exception>
    public static ExportResult ExportDirectory(string dataDirectory, Stream destination, ExportOptions? options = null, int databases = 16, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(destination);
        using var store = LoadReadOnly(dataDirectory, databases, log);
        return store.Export(destination, options);
    }

    /// <summary>
    /// An in-memory store holding what <paramref name="dataDirectory"/> holds, recovered without
    /// writing to it. Active expiry is off (expired keys are still never visible).
    /// </summary>
    internal static MnemoStore LoadReadOnly(string dataDirectory, int databases = 16, Action<string>? log = null)
    {
        var directory = Path.GetFullPath(dataDirectory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The data directory '{directory}' does not exist.");
        }
        var store = new MnemoStore(new MnemoStoreOptions { Databases = databases, ActiveExpiryInterval = TimeSpan.Zero });
        try
        {
            var recovered = Recovery.Run(store._core, ReadOnlyFileLayer.Instance, directory, cutTornTail: true, log: null);
            foreach (var warning in recovered.Warnings)
            {
                log?.Invoke($"{warning} (Read-only: the file was left as it is; the torn record was ignored.)");
            }
            return store;
        }
        catch (InvalidDataException e)
        {
            store.Dispose();
            throw new MnemoException($"Cannot read the data directory '{directory}': {e.Message}", e);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private ExportResult WithCaptureGate(Func<ExportResult> body)
    {
        _captureGate.Wait();
        try
        {
            return body();
        }
        finally
        {
            _captureGate.Release();
        }
    }

    private ExportResult CaptureAndWrite(Stream destination, int? database, byte[]? pattern)
    {
        var capture = SnapshotCapture.Begin(_core, atPoint: null);
        long at = capture.Header.CreatedAtMs;
        var writer = new ExportWriter(destination);
        try
        {
            writer.WriteHeader(capture.Sequence, at, DatabaseCount);
            capture.Drain(frame =>
            {
                var payload = frame[SnapshotFile.ChunkHeaderSize..];
                if (database is { } only && Internal.Values.VarInt.Read(payload, out _) != only)
                {
                    return;
                }
                SnapshotCodec.Decode(payload, DatabaseCount, (db, key, kind, item, expiresAt) =>
                {
                    if ((expiresAt == 0 || expiresAt > at) && (pattern is null || Internal.Text.Glob.IsMatch(pattern, key)))
                    {
                        writer.WriteEntry(db, key, kind, item, expiresAt, at);
                    }
                });
            });
            writer.Flush();
        }
        catch
        {
            capture.Abandon();
            throw;
        }
        return new ExportResult(writer.Strings, writer.Lists, writer.Sets, writer.Hashes, writer.SortedSets, writer.Documents,
            capture.Sequence, DateTimeOffset.FromUnixTimeMilliseconds(at));
    }
}
