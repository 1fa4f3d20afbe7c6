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

    /// <summary>The name's ASCII bytes, for the connection's last-command check (<see cref="CommandDispatcher"/>).</summary>
    internal byte[] NameBytes { get; } = System.Text.Encoding.ASCII.GetBytes(Name);

    /// <summary>
    /// True for the commands that read or reset the INFO tallies (INFO, CONFIG RESETSTAT): the
    /// connection adds its pending tallies before each of them, even when the same command ran just
    /// before (a pipelined or queued INFO INFO sees the first call, as in Redis).
    /// </summary>
    internal bool ReadsTallies { get; } = Name is "INFO" or "CONFIG";

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

/// <summary>
/// Calls, time and failures of one command (INFO commandstats). Every command adds to its calls
/// and time, from the threads of all connections at once: those two live in one cache line per
/// processor (summed when INFO reads them), so two cores running SET do not fight over one line.
/// Failures and rejections are rare and plain interlocked fields.
/// </summary>
internal sealed class CommandStats
{
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit, Size = 64)]
    private struct Cell
    {
        [System.Runtime.InteropServices.FieldOffset(0)]
        public long Calls;

        [System.Runtime.InteropServices.FieldOffset(8)]
        public long Microseconds;
    }

    private static readonly int CellCount = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, Environment.ProcessorCount));

    private readonly Cell[] _cells = new Cell[CellCount];

    public long FailedCalls;
    public long RejectedCalls;

    /// <summary>Calls so far.</summary>
    public long Calls
    {
        get
        {
            long sum = 0;
            foreach (ref var cell in _cells.AsSpan())
            {
                sum += Volatile.Read(ref cell.Calls);
            }
            return sum;
        }
    }

    /// <summary>Microseconds spent in the command so far.</summary>
    public long Microseconds
    {
        get
        {
            long sum = 0;
            foreach (ref var cell in _cells.AsSpan())
            {
                sum += Volatile.Read(ref cell.Microseconds);
            }
            return sum;
        }
    }

    /// <summary>One call that took <paramref name="microseconds"/>.</summary>
    public void Record(long microseconds) => Record(1, microseconds);

    /// <summary><paramref name="calls"/> calls that took <paramref name="microseconds"/> in all.</summary>
    public void Record(long calls, long microseconds)
    {
        // Interlocked still: two threads can run on one processor id between reschedules.
        ref var cell = ref _cells[Thread.GetCurrentProcessorId() & (CellCount - 1)];
        Interlocked.Add(ref cell.Calls, calls);
        Interlocked.Add(ref cell.Microseconds, microseconds);
    }

    public void Reset()
    {
        foreach (ref var cell in _cells.AsSpan())
        {
            Volatile.Write(ref cell.Calls, 0);
            Volatile.Write(ref cell.Microseconds, 0);
        }
        FailedCalls = 0;
        RejectedCalls = 0;
    }
}
