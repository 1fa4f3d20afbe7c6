namespace Mnemo.Server.Commands;

/// <summary>Runs a command: reads <see cref="CommandContext.Args"/>, replies through <see cref="CommandContext.Reply"/>.</summary>
public delegate void CommandHandler(CommandContext context);

/// <summary>A command that may wait (blocking pops): completes synchronously when it need not wait.</summary>
public delegate ValueTask AsyncCommandHandler(CommandContext context);

/// <summary>
/// One entry of the command table: name, arity (negative = at least), flags, key positions and
/// the handler. Key positions follow COMMAND INFO: first key, last key (negative counts from the
/// end), step; 0 when the command has no fixed key positions.
/// </summary>
public sealed record CommandSpec(
    string Name,
    int Arity,
    CommandFlags Flags,
    int FirstKey,
    int LastKey,
    int Step,
    CommandHandler? Handler,
    AsyncCommandHandler? AsyncHandler = null)
{
    /// <summary>Lowercase name, as COMMAND and INFO commandstats show it.</summary>
    public string LowerName { get; } = Name.ToLowerInvariant();

    /// <summary>True when <paramref name="count"/> arguments (including the name) satisfy the arity.</summary>
    public bool AcceptsArgumentCount(int count) => Arity >= 0 ? count == Arity : count >= -Arity;

    /// <summary>Per-command counters for INFO commandstats.</summary>
    internal CommandStats Stats { get; } = new();

    /// <summary>
    /// The subcommands of a container command (CLIENT, CONFIG, COMMAND...), named
    /// <c>container|sub</c> as COMMAND INFO and INFO commandstats show them; empty otherwise.
    /// </summary>
    public IReadOnlyList<CommandSpec> Subcommands { get; init; } = [];
}

/// <summary>Calls, time and failures of one command (INFO commandstats).</summary>
internal sealed class CommandStats
{
    public long Calls;
    public long Microseconds;
    public long FailedCalls;
    public long RejectedCalls;

    public void Reset()
    {
        Calls = 0;
        Microseconds = 0;
        FailedCalls = 0;
        RejectedCalls = 0;
    }
}
