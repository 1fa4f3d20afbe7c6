using System.Globalization;
using System.Text;

namespace Mnemo.Cli;

/// <summary>
/// redis-server's configuration syntax: redis.conf lines (directive and arguments, <c>#</c>
/// comments, double quotes with escapes, single quotes) and <c>--name value ...</c> command-line
/// options, which redis-server appends to the file's directives so that they override them.
/// </summary>
internal static class ConfigParser
{
    public const string CommandLine = "command line";

    /// <summary>Parses a redis.conf text; <paramref name="source"/> names it in errors.</summary>
    public static List<ConfigDirective> ParseFile(string text, string source)
    {
        var directives = new List<ConfigDirective>();
        var lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].Trim(' ', '\t', '\r', '\n');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            string where = $"{source}, line {n + 1}";
            if (!TrySplitArgs(line, out var args))
            {
                throw new ConfigException($"{where}: '{line}': Unbalanced quotes in configuration line");
            }
            if (args.Count == 0)
            {
                continue;
            }
            directives.Add(new ConfigDirective(args[0].ToLowerInvariant(), args.GetRange(1, args.Count - 1), where));
        }
        return directives;
    }

    /// <summary>
    /// Splits <c>serve</c>'s arguments as redis-server does: an optional config file first (an
    /// argument not starting with '-'), <c>-</c> as the first or last argument to read the config
    /// from standard input, then <c>--name [value ...]</c> options. The argument right after an
    /// option name is always its value, even if it starts with "--" (<c>--requirepass --x</c>);
    /// <c>--save</c> with no value means <c>save ""</c>.
    /// </summary>
    public static ServeArguments ParseCommandLine(IReadOnlyList<string> argv)
    {
        string? configFile = null;
        bool fromStdin = false;
        int j = 0;
        if (argv.Count > 0 && !argv[0].StartsWith('-'))
        {
            configFile = argv[0];
            j = 1;
        }
        var options = new List<ConfigDirective>();
        string? name = null;
        List<string>? values = null;
        bool haveValue = true;
        for (; j < argv.Count; j++)
        {
            string arg = argv[j];
            if (arg == "-" && (j == 0 || j == argv.Count - 1))
            {
                fromStdin = true;
            }
            else if (haveValue && arg.StartsWith("--", StringComparison.Ordinal))
            {
                Flush();
                if (!TrySplitArgs(arg, out var parts) || parts.Count == 0 || parts[0].Length <= 2)
                {
                    throw new ConfigException($"{CommandLine}: '{arg}': invalid option");
                }
                name = parts[0][2..].ToLowerInvariant();
                values = parts.GetRange(1, parts.Count - 1);
                haveValue = parts.Count > 1;
                if (!haveValue && name == "save" && (j == argv.Count - 1 || argv[j + 1].StartsWith("--", StringComparison.Ordinal)))
                {
                    values.Add("");
                    haveValue = true;
                }
            }
            else if (name is null)
            {
                throw new ConfigException($"{CommandLine}: unexpected argument '{arg}' (options are written --name value)");
            }
            else
            {
                values!.Add(arg);
                haveValue = true;
            }
        }
        Flush();
        return new ServeArguments(configFile, fromStdin, options);

        void Flush()
        {
            if (name is not null)
            {
                options.Add(new ConfigDirective(name, values!, CommandLine));
            }
            name = null;
            values = null;
        }
    }

    /// <summary>
    /// Splits a line into arguments as redis's sdssplitargs: whitespace separates; "double
    /// quotes" take \n \r \t \b \a \\ \" and \xHH escapes; 'single quotes' take \'; a closing
    /// quote must be followed by whitespace or the end. False for unbalanced quotes.
    /// </summary>
    public static bool TrySplitArgs(string line, out List<string> args)
    {
        args = [];
        int p = 0;
        while (true)
        {
            while (p < line.Length && char.IsWhiteSpace(line[p]))
            {
                p++;
            }
            if (p == line.Length)
            {
                return true;
            }
            var current = new StringBuilder();
            bool inDouble = false, inSingle = false, done = false;
            while (!done)
            {
                if (inDouble)
                {
                    if (p == line.Length)
                    {
                        return false;
                    }
                    if (line[p] == '\\' && p + 3 < line.Length && line[p + 1] == 'x' && IsHex(line[p + 2]) && IsHex(line[p + 3]))
                    {
                        current.Append((char)int.Parse(line.AsSpan(p + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        p += 3;
                    }
                    else if (line[p] == '\\' && p + 1 < line.Length)
                    {
                        p++;
                        current.Append(line[p] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'a' => '\a', char c => c });
                    }
                    else if (line[p] == '"')
                    {
                        if (p + 1 < line.Length && !char.IsWhiteSpace(line[p + 1]))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else
                    {
                        current.Append(line[p]);
                    }
                }
                else if (inSingle)
                {
                    if (p == line.Length)
                    {
                        return false;
                    }
                    if (line[p] == '\\' && p + 1 < line.Length && line[p + 1] == '\'')
                    {
                        p++;
                        current.Append('\'');
                    }
                    else if (line[p] == '\'')
                    {
                        if (p + 1 < line.Length && !char.IsWhiteSpace(line[p + 1]))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else
                    {
                        current.Append(line[p]);
                    }
                }
                else if (p == line.Length || char.IsWhiteSpace(line[p]))
                {
                    done = true;
                }
                else if (line[p] == '"')
                {
                    inDouble = true;
                }
                else if (line[p] == '\'')
                {
                    inSingle = true;
                }
                else
                {
                    current.Append(line[p]);
                }
                if (p < line.Length)
                {
                    p++;
                }
            }
            args.Add(current.ToString());
        }
    }

    /// <summary>An argument as it would be written in a config line (quoted when it must be).</summary>
    public static string Quote(string arg)
    {
        if (arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' || char.IsControl(c)))
        {
            return arg;
        }
        var text = new StringBuilder("\"");
        foreach (char c in arg)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}

/// <summary>What <c>mnemo serve</c> was given: a config file, whether to read one from stdin, and options.</summary>
internal sealed record ServeArguments(string? ConfigFile, bool ConfigFromStdin, IReadOnlyList<ConfigDirective> Options);
