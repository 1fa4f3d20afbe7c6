using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Mnemo.Persistence;

namespace Mnemo.Cli.Tests;

/// <summary><c>mnemo export</c> and <c>mnemo import</c> on real data directories and files.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mnemo-cli-export-" + Guid.NewGuid().ToString("N"));

    public ExportCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string PathOf(string name) => Path.Combine(_root, name);

    private static MnemoStore Open(string directory) => new(new MnemoStoreOptions
    {
        ActiveExpiryInterval = TimeSpan.Zero,
        Persistence = new MnemoPersistenceOptions { Directory = directory, Mode = DurabilityMode.Journal, SaveRules = [] },
    });

    /// <summary>A data directory with every public value type, binary data, TTLs, a snapshot and a journal after it.</summary>
    private string FilledDirectory(string name = "data")
    {
        string directory = PathOf(name);
        using var store = Open(directory);
        var db = store.GetDatabase();
        for (int i = 0; i < 50; i++)
        {
            db.StringSet($"s:{i}", $"value {i} ✓");
            db.ListRightPush($"l:{i % 5}", [$"item {i}", new byte[] { 0xFF, (byte)i }]);
            db.SetAdd($"set:{i % 3}", $"m{i}");
            db.HashSet($"h:{i % 4}", $"f{i}", i);
            db.SortedSetAdd("z", $"p{i}", i * 1.5);
        }
        store.Save();
        db.StringSet(new byte[] { 0x80, 0x00 }, new byte[] { 0xC3 });
        db.KeyExpire("s:1", TimeSpan.FromHours(3));
        db.SortedSetAdd("z", "top", double.PositiveInfinity);
        store.GetDatabase(5).StringSet("other-db", "x");
        return directory;
    }

    private static List<string> Dump(string directory)
    {
        using var store = Open(directory);
        var lines = new List<string>();
        for (int d = 0; d < store.DatabaseCount; d++)
        {
            var db = store.GetDatabase(d);
            foreach (var key in db.Keys("*"))
            {
                var type = db.KeyType(key);
                string value = type switch
                {
                    MnemoType.String => Hex(db.StringGet(key)),
                    MnemoType.List => string.Join(",", db.ListRange(key).Select(Hex)),
                    MnemoType.Set => string.Join(",", db.SetMembers(key).Select(Hex).Order(StringComparer.Ordinal)),
                    MnemoType.Hash => string.Join(",", db.HashGetAll(key).Select(e => Hex(e.Name) + "=" + Hex(e.Value)).Order(StringComparer.Ordinal)),
                    _ => string.Join(",", db.SortedSetRangeByRankWithScores(key).Select(e => Hex(e.Element) + "@" + e.Score.ToString("R", CultureInfo.InvariantCulture))),
                };
                lines.Add($"{d} {Convert.ToHexString(key.ToArray())} {type} {db.KeyExpireTimeMilliseconds(key)} {value}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string Hex(MnemoValue value) => Convert.ToHexString(value.ToArray());

    private static List<string> Fingerprint(string directory) =>
        [.. Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) + ":" + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))];

    [Fact]
    public void Export_to_a_file_then_import_into_a_new_directory_reproduces_the_data()
    {
        string source = FilledDirectory();
        var expected = Dump(source);
        var before = Fingerprint(source);
        string file = PathOf("out.jsonl");
        var stderr = new StringWriter();

        Assert.Equal(0, ExportCommands.Export([source, file], () => throw new InvalidOperationException("no stdout"), stderr));
        Assert.Equal(before, Fingerprint(source)); // read-only
        Assert.Matches(@"^mnemo export: 65 keys \(52 strings, 5 lists, 3 sets, 4 hashes, 1 zsets, 0 json\) as of \d{4}-\d\d-\d\dT[\d:.]+Z, sequence \d+, to .*out\.jsonl\n$", stderr.ToString());
        Assert.False(File.Exists(file + ".tmp"));
        var lines = File.ReadAllLines(file);
        Assert.StartsWith("{\"format\":\"mnemo-export\",\"version\":1,", lines[0], StringComparison.Ordinal);
        Assert.Equal(66, lines.Length);

        string target = PathOf("copy");
        var stdout = new StringWriter();
        Assert.Equal(0, ExportCommands.Import([file, target], () => throw new InvalidOperationException("no stdin"), stdout, TextWriter.Null));
        Assert.Equal($"mnemo import: 65 keys imported (0 replaced), 0 skipped as existing, 0 skipped as expired; snapshot saved in {target}\n", stdout.ToString());
        Assert.Contains(Directory.GetFiles(target), f => Path.GetFileName(f).StartsWith("dump.mnemo.", StringComparison.Ordinal));
        Assert.Equal(expected, Dump(target));
    }

    [Fact]
    public void Export_to_standard_output_with_filters_and_import_from_standard_input()
    {
        string source = FilledDirectory();
        using var output = new MemoryStream();
        var stderr = new StringWriter();
        Assert.Equal(0, ExportCommands.Export([source, "--db", "0", "--pattern", "s:*"], () => output, stderr));
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(51, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("{\"db\":0,\"key\":\"s:", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"ttl_ms\":", StringComparison.Ordinal));

        string target = PathOf("copy");
        output.Position = 0;
        Assert.Equal(0, ExportCommands.Import(["-", target], () => output, TextWriter.Null, TextWriter.Null));
        Assert.Equal(Dump(source).Where(l => l.StartsWith("0 733A", StringComparison.Ordinal)), Dump(target));
    }

    [Fact]
    public void A_bad_line_is_reported_with_its_number_and_the_directory_is_left_as_it_was()
    {
        string target = FilledDirectory("target");
        var before = Dump(target);
        var fingerprint = Fingerprint(target);
        string file = PathOf("bad.jsonl");
        File.WriteAllText(file, "{\"key\":\"new\",\"type\":\"string\",\"value\":\"v\"}\n{\"key\":\"k\",\"type\":\"list\",\"value\":[]}\n");
        var stderr = new StringWriter();
        Assert.Equal(1, ExportCommands.Import([file, target], () => Stream.Null, TextWriter.Null, stderr));
        Assert.Equal($"mnemo import: {file}, line 2: empty list (Redis has no empty collections: leave the key out); nothing was imported\n", stderr.ToString());
        Assert.Equal(fingerprint, Fingerprint(target));
        Assert.Equal(before, Dump(target));
    }

    [Fact]
    public void Existing_keys_are_refused_unless_replace_or_skip_is_given()
    {
        string target = FilledDirectory("target");
        string file = PathOf("in.jsonl");
        File.WriteAllText(file, "{\"key\":\"fresh\",\"type\":\"string\",\"value\":\"1\"}\n{\"key\":\"s:2\",\"type\":\"set\",\"value\":[\"new\"]}\n");

        var stderr = new StringWriter();
        Assert.Equal(1, ExportCommands.Import([file, target], () => Stream.Null, TextWriter.Null, stderr));
        Assert.Contains("line 2: key \"s:2\" already exists in database 0", stderr.ToString(), StringComparison.Ordinal);

        var stdout = new StringWriter();
        Assert.Equal(0, ExportCommands.Import([file, target, "--skip-existing"], () => Stream.Null, stdout, TextWriter.Null));
        Assert.StartsWith("mnemo import: 1 keys imported (0 replaced), 1 skipped as existing,", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains(Dump(target), l => l.StartsWith("0 " + Convert.ToHexString("s:2"u8) + " String", StringComparison.Ordinal));

        stdout = new StringWriter();
        Assert.Equal(0, ExportCommands.Import([file, target, "--replace"], () => Stream.Null, stdout, TextWriter.Null));
        Assert.StartsWith("mnemo import: 2 keys imported (2 replaced),", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains(Dump(target), l => l.StartsWith("0 " + Convert.ToHexString("s:2"u8) + " Set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("export", "mnemo export: expected a data directory and optionally an output file")]
    [InlineData("export a b c", "mnemo export: expected a data directory and optionally an output file")]
    [InlineData("export dir --db 16", "mnemo export: --db 16 is out of range (--databases 16)")]
    [InlineData("export dir --db x", "mnemo export: --db must be an integer from 0 to 1024, not 'x'")]
    [InlineData("export dir --pattern", "mnemo export: --pattern needs a value")]
    [InlineData("export dir --frobnicate", "mnemo export: unknown option '--frobnicate'")]
    [InlineData("import onlyone", "mnemo import: expected an input file (or '-') and a data directory")]
    [InlineData("import f d --replace --skip-existing", "mnemo import: --replace and --skip-existing exclude each other")]
    public void Usage_errors_exit_with_1(string command, string message)
    {
        var args = command.Split(' ');
        var stderr = new StringWriter();
        int code = args[0] == "export"
            ? ExportCommands.Export(args[1..], () => Stream.Null, stderr)
            : ExportCommands.Import(args[1..], () => Stream.Null, TextWriter.Null, stderr);
        Assert.Equal(1, code);
        Assert.StartsWith(message + "\n\nUsage: mnemo " + args[0], stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_directory_and_missing_file_are_errors()
    {
        var stderr = new StringWriter();
        Assert.Equal(1, ExportCommands.Export([PathOf("nope")], () => Stream.Null, stderr));
        Assert.Equal($"mnemo export: the data directory '{PathOf("nope")}' does not exist\n", stderr.ToString());
        stderr = new StringWriter();
        Assert.Equal(1, ExportCommands.Import([PathOf("nope.jsonl"), PathOf("d")], () => Stream.Null, TextWriter.Null, stderr));
        Assert.StartsWith("mnemo import: Could not find file", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mnemo_executable_exports_and_imports()
    {
        string source = FilledDirectory();
        string file = PathOf("out.jsonl");
        var (code, _, stderr) = await RunAsync("export", source, file);
        Assert.True(code == 0, stderr);
        string target = PathOf("copy");
        (code, var stdout, stderr) = await RunAsync("import", file, target);
        Assert.True(code == 0, stderr);
        Assert.StartsWith("mnemo import: 65 keys imported", stdout, StringComparison.Ordinal);
        Assert.Equal(Dump(source), Dump(target));
        (code, stdout, _) = await RunAsync("export", target, "-", "--db", "5");
        Assert.Equal(0, code);
        Assert.EndsWith("{\"db\":5,\"key\":\"other-db\",\"type\":\"string\",\"value\":\"x\"}\n", stdout, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        string configuration = typeof(ExportCommandTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mnemo.slnx")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        var info = new ProcessStartInfo(Path.Combine(dir.FullName, "src", "Mnemo.Cli", "bin", configuration, "net10.0", "mnemo"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
