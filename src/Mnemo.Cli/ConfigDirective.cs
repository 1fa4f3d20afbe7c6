namespace Mnemo.Cli;

/// <summary>
/// One configuration directive (<c>port 6380</c>) from a config file line or a command-line
/// option (<c>--port 6380</c>), with where it came from for error messages.
/// </summary>
internal sealed record ConfigDirective(string Name, IReadOnlyList<string> Args, string Source)
{
    /// <summary>How the user wrote it: <c>--save ""</c> on the command line, <c>save ""</c> in a file.</summary>
    public string Text
    {
        get
        {
            string prefix = Source == ConfigParser.CommandLine ? "--" : "";
            return prefix + Name + string.Concat(Args.Select(a => " " + ConfigParser.Quote(a)));
        }
    }
}
