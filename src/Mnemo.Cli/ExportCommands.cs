using Mnemo.Persistence;

namespace Mnemo.Cli;

/// <summary>
/// <c>mnemo export &lt;dir&gt; [&lt;file&gt;|-]</c> and <c>mnemo import &lt;file&gt;|- &lt;dir&gt;</c>: a data
/// directory to and from JSON lines (docs/export-format.md).
/// </summary>
internal static class ExportCommands
{
    public const string ExportUsage = """
        Usage: mnemo export <dir> [<file>|-] [--db <n>] [--pattern <glob>] [--databases <n>]

        Writes the keys stored in the data directory <dir> as JSON lines to <file>
        (or standard output: '-' or no file). The directory is only read: its state
        is recovered in memory (a torn record at the end of the journal is ignored,
        not cut). Do not export a directory a running server is writing; export from
        the server or from a backup instead.
          --db <n>          only database n
          --pattern <glob>  only keys matching the pattern (KEYS syntax)
          --databases <n>   number of databases the data was written with (default 16)
        """;

    public const string ImportUsage = """
        Usage: mnemo import <file>|- <dir> [--replace | --skip-existing] [--databases <n>]

        Reads JSON lines (as mnemo export writes them) from <file> (or standard input
        with '-') into the data directory <dir> (created if missing), then saves a
        snapshot. The whole file is validated first: a bad line is reported with its
        number and nothing is imported. Keys already expired are skipped. The
        directory changes in one step (the snapshot's manifest): a failed or
        interrupted import leaves it as it was. Do not import into a directory a
        running server uses.
          --replace         replace keys that already exist in <dir>
          --skip-existing   keep keys that already exist (default: refuse the import)
          --databases <n>   number of databases (default 16)
        """;

    /// <summary>Runs <c>mnemo export</c>; returns the exit code.</summary>
    public static int Export(IReadOnlyList<string> args, Func<Stream> stdout, TextWriter stderr)
    {
        if (args is ["--help" or "-h"])
        {
            using var help = new StreamWriter(stdout(), leaveOpen: true);
            help.WriteLine(ExportUsage);
            return 0;
        }
        var positional = new List<string>();
        int? database = null;
        string? pattern = null;
        int databases = 16;
        try
        {
            for (int i = 0; i < args.Count; i++)
            {
                switch (args[i])
                {
                    case "--db":
                        database = Integer(args, ref i, 0);
                        break;
                    case "--pattern":
                        pattern = Value(args, ref i);
                        break;
                    case "--databases":
                        databases = Integer(args, ref i, 1);
                        break;
                    default:
                        positional.Add(Positional(args[i]));
                        break;
                }
            }
            if (positional.Count is < 1 or > 2)
            {
                throw new UsageException("expected a data directory and optionally an output file");
            }
            if (database >= databases)
            {
                throw new UsageException($"--db {database} is out of range (--databases {databases})");
            }
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"mnemo export: {e.Message}\n\n{ExportUsage}");
            return 1;
        }

        string directory = positional[0];
        string output = positional.Count == 2 ? positional[1] : "-";
        bool toFile = output != "-";
        var options = new ExportOptions { Database = database, Pattern = pattern };
        try
        {
            if (!Directory.Exists(directory))
            {
                stderr.WriteLine($"mnemo export: the data directory '{directory}' does not exist");
                return 1;
            }
            ExportResult result;
            if (toFile)
            {
                // Written beside the target and renamed: a failed export leaves no partial file.
                string temporary = output + ".tmp";
                try
                {
                    using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                    {
                        result = MnemoStore.ExportDirectory(directory, file, options, databases, stderr.WriteLine);
                        file.Flush(flushToDisk: true);
                    }
                    File.Move(temporary, output, overwrite: true);
                }
                catch
                {
                    File.Delete(temporary);
                    throw;
                }
            }
            else
            {
                var stream = stdout();
                result = MnemoStore.ExportDirectory(directory, stream, options, databases, stderr.WriteLine);
            }
            stderr.WriteLine($"mnemo export: {result.Keys} keys ({Counts(result)}) as of {result.ExportedAt:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}, sequence {result.Sequence}{(toFile ? $", to {output}" : "")}");
            return 0;
        }
        catch (Exception e) when (e is MnemoException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"mnemo export: {e.Message}");
            return 1;
        }
    }

    /// <summary>Runs <c>mnemo import</c>; returns the exit code.</summary>
    public static int Import(IReadOnlyList<string> args, Func<Stream> stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help" or "-h"])
        {
            stdout.WriteLine(ImportUsage);
            return 0;
        }
        var positional = new List<string>();
        var mode = ImportMode.Fail;
        int databases = 16;
        try
        {
            for (int i = 0; i < args.Count; i++)
            {
                switch (args[i])
                {
                    case "--replace":
                        mode = mode == ImportMode.Skip ? throw new UsageException("--replace and --skip-existing exclude each other") : ImportMode.Replace;
                        break;
                    case "--skip-existing":
                        mode = mode == ImportMode.Replace ? throw new UsageException("--replace and --skip-existing exclude each other") : ImportMode.Skip;
                        break;
                    case "--databases":
                        databases = Integer(args, ref i, 1);
                        break;
                    default:
                        positional.Add(Positional(args[i]));
                        break;
                }
            }
            if (positional.Count != 2)
            {
                throw new UsageException("expected an input file (or '-') and a data directory");
            }
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"mnemo import: {e.Message}\n\n{ImportUsage}");
            return 1;
        }

        string input = positional[0];
        string directory = positional[1];
        try
        {
            using var source = input == "-" ? stdin() : new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            // Snapshot mode: the import reaches the directory only through the final snapshot and
            // its manifest, so the directory changes in one step or not at all.
            using var store = new MnemoStore(new MnemoStoreOptions
            {
                Databases = databases,
                Persistence = new MnemoPersistenceOptions
                {
                    Directory = directory,
                    Mode = DurabilityMode.Snapshot,
                    SaveRules = [],
                    Log = stderr.WriteLine,
                },
            });
            var result = store.Import(source, new ImportOptions { Mode = mode });
            store.Save();
            stdout.WriteLine($"mnemo import: {result.Imported} keys imported ({result.Replaced} replaced), {result.SkippedExisting} skipped as existing, {result.SkippedExpired} skipped as expired; snapshot saved in {Path.GetFullPath(directory)}");
            return 0;
        }
        catch (MnemoImportException e)
        {
            stderr.WriteLine($"mnemo import: {(input == "-" ? "standard input" : input)}, {e.Message}; nothing was imported");
            return 1;
        }
        catch (Exception e) when (e is MnemoException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            stderr.WriteLine($"mnemo import: {e.Message}");
            return 1;
        }
    }

    private static string Counts(ExportResult r) =>
        $"{r.Strings} strings, {r.Lists} lists, {r.Sets} sets, {r.Hashes} hashes, {r.SortedSets} zsets, {r.Documents} json";

    private static string Positional(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) ? throw new UsageException($"unknown option '{arg}'") : arg;

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new UsageException($"{args[i - 1]} needs a value");

    private static int Integer(IReadOnlyList<string> args, ref int i, int minimum)
    {
        string text = Value(args, ref i);
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= minimum && n <= 1024
            ? n
            : throw new UsageException($"{args[i - 1]} must be an integer from {minimum} to 1024, not '{text}'");
    }

    private sealed class UsageException(string message) : Exception(message);
}
