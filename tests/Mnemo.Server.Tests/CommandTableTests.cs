using System.Text;
using System.Text.RegularExpressions;
using Mnemo.Server.Commands;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// Walks the whole command table: every command has a valid arity, flags and key positions,
/// appears in COMMAND, in docs/commands.md, and in at least one test of this project.
/// Set MNEMO_WRITE_COMMANDS_MD=1 to regenerate docs/commands.md from the table first.
/// </summary>
public sealed class CommandTableTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mnemo.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Mnemo.slnx not found above " + AppContext.BaseDirectory);
    }

    private List<CommandSpec> Specs => [.. _server.Server.Commands.All.OrderBy(s => s.LowerName, StringComparer.Ordinal)];

    [Fact]
    public void Every_command_has_a_valid_arity_flags_and_key_positions()
    {
        var problems = new List<string>();
        foreach (var spec in Specs.Concat(Specs.SelectMany(s => s.Subcommands)))
        {
            if (spec.Arity == 0)
            {
                problems.Add($"{spec.Name}: arity 0");
            }
            if ((spec.Flags & CommandFlags.Write) != 0 && (spec.Flags & CommandFlags.ReadOnly) != 0)
            {
                problems.Add($"{spec.Name}: both write and readonly");
            }
            if (spec.FirstKey < 0 || spec.Step < 0)
            {
                problems.Add($"{spec.Name}: negative first key or step");
            }
            else if (spec.FirstKey == 0 && (spec.LastKey != 0 || spec.Step != 0))
            {
                problems.Add($"{spec.Name}: no first key but last key/step set");
            }
            else if (spec.FirstKey > 0)
            {
                if (spec.Step < 1)
                {
                    problems.Add($"{spec.Name}: keys without a step");
                }
                if (spec.LastKey >= 0 && spec.LastKey < spec.FirstKey)
                {
                    problems.Add($"{spec.Name}: last key before first key");
                }
                if (Math.Abs(spec.Arity) <= spec.FirstKey)
                {
                    problems.Add($"{spec.Name}: arity {spec.Arity} cannot reach key position {spec.FirstKey}");
                }
            }
            if (spec.Handler is null && spec.AsyncHandler is null)
            {
                problems.Add($"{spec.Name}: no handler");
            }
        }
        Assert.True(problems.Count == 0, "Command table problems:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Every_command_appears_in_command_output()
    {
        using var client = _server.Connect();
        var listed = client.Call("COMMAND").Items!.Select(i => i.Items![0].Text).ToHashSet();
        var missing = Specs.Where(s => !listed.Contains(s.LowerName)).Select(s => s.Name).ToList();
        Assert.True(missing.Count == 0, "Missing from COMMAND: " + string.Join(", ", missing));
        var docs = client.Call("COMMAND", "DOCS").Items!.Where((_, i) => i % 2 == 0).Select(i => i.Text).ToHashSet();
        Assert.Equal(listed, docs);
    }

    [Fact]
    public void Every_command_is_documented_in_docs_commands_md()
    {
        string path = Path.Combine(RepositoryRoot(), "docs", "commands.md");
        if (Environment.GetEnvironmentVariable("MNEMO_WRITE_COMMANDS_MD") == "1")
        {
            File.WriteAllText(path, CommandsMarkdown(Specs));
        }
        Assert.True(File.Exists(path), path + " is missing (set MNEMO_WRITE_COMMANDS_MD=1 to generate it)");
        string text = File.ReadAllText(path);
        var missing = Specs.Where(s => !Regex.IsMatch(text, @"(?<![A-Za-z_|-])" + Regex.Escape(s.Name) + @"(?![A-Za-z_-])", RegexOptions.IgnoreCase))
            .Select(s => s.Name).ToList();
        Assert.True(missing.Count == 0, $"Commands missing from docs/commands.md ({missing.Count}): {string.Join(", ", missing)}"
            + "\nRegenerate with MNEMO_WRITE_COMMANDS_MD=1 dotnet test --filter CommandTableTests.");
    }

    [Fact]
    public void Every_command_is_exercised_by_a_test()
    {
        string dir = Path.Combine(RepositoryRoot(), "tests", "Mnemo.Server.Tests");
        var sources = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || name is "CommandTableTests.cs" or "CommandShims.cs")
            {
                continue;
            }
            sources.Append(File.ReadAllText(file)).Append('\n');
        }
        string all = sources.ToString();
        var missing = Specs.Where(s => !all.Contains("\"" + s.Name + "\"", StringComparison.OrdinalIgnoreCase)).Select(s => s.Name).ToList();
        Assert.True(missing.Count == 0, $"Commands no test in tests/Mnemo.Server.Tests sends ({missing.Count}): {string.Join(", ", missing)}");
    }

    /// <summary>docs/commands.md: every command by group, with the notes of each family's docs/commands-*.md.</summary>
    internal static string CommandsMarkdown(IEnumerable<CommandSpec> specs)
    {
        var text = new StringBuilder();
        text.Append("# Commands\n\n");
        text.Append("Every command the Mnemo server registers, grouped as Redis groups them (COMMAND DOCS). Generated from the\n");
        text.Append("command table (`MNEMO_WRITE_COMMANDS_MD=1 dotnet test tests/Mnemo.Server.Tests --filter CommandTableTests`);\n");
        text.Append("a test fails when a registered command is missing here. Behaviour notes and deviations per family are in\n");
        text.Append("the family pages listed at the end.\n");
        var groups = specs.GroupBy(s => CommandDocs.For(s).Group).OrderBy(g => GroupOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            text.Append("\n## ").Append(GroupTitle(group.Key)).Append("\n\n");
            text.Append("| Command | Arity | Flags | Since | Summary |\n|---|---|---|---|---|\n");
            foreach (var spec in group.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                Row(text, spec);
                foreach (var sub in spec.Subcommands)
                {
                    Row(text, sub);
                }
            }
        }
        text.Append("\n## Family notes\n\n");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "docs"), "commands-*.md").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            string title = File.ReadLines(file).FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#', ' ') ?? name;
            text.Append("- [").Append(title).Append("](").Append(name).Append(")\n");
        }
        return text.ToString();
    }

    private static void Row(StringBuilder text, CommandSpec spec)
    {
        var doc = CommandDocs.For(spec);
        string name = spec.Name.Contains('|', StringComparison.Ordinal) ? spec.Name.ToUpperInvariant().Replace("|", " ", StringComparison.Ordinal) : spec.Name;
        text.Append("| ").Append(name).Append(" | ").Append(spec.Arity).Append(" | ")
            .Append(string.Join(", ", CommandCommands.FlagNames(spec.Flags))).Append(" | ")
            .Append(doc.Since).Append(" | ").Append(doc.Summary.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
    }

    private static int GroupOrder(string group) => Array.IndexOf(
        ["string", "bitmap", "generic", "list", "set", "hash", "sorted_set", "transactions", "pubsub", "connection", "server"], group) is var i and >= 0 ? i : 99;

    private static string GroupTitle(string group) => group switch
    {
        "generic" => "Keys (generic)",
        "sorted_set" => "Sorted sets",
        "pubsub" => "Pub/Sub",
        "transactions" => "Transactions",
        "string" => "Strings",
        "bitmap" => "Bitmaps",
        "list" => "Lists",
        "set" => "Sets",
        "hash" => "Hashes",
        "connection" => "Connection",
        "server" => "Server",
        _ => group,
    };
}
