using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Text;
using Mnemo.Protocol;
using Mnemo.Server.Sessions;

namespace Mnemo.Server.Commands;

/// <summary>
/// What a command handler works with: the arguments, the reply writer, the client's session and
/// the selected database. One per connection, reused for every command.
/// </summary>
public sealed class CommandContext
{
    internal CommandContext(MnemoServer server, ClientSession session, RespWriter reply)
    {
        Server = server;
        Session = session;
        Reply = reply;
    }

    /// <summary>The server.</summary>
    public MnemoServer Server { get; }

    /// <summary>The client's session.</summary>
    public ClientSession Session { get; }

    /// <summary>Where replies go (RESP2 or RESP3 as the client chose).</summary>
    public RespWriter Reply { get; }

    /// <summary>The command being run (argument 0 is its name).</summary>
    public RespCommand Args { get; internal set; } = null!;

    /// <summary>The command's table entry.</summary>
    public CommandSpec Spec { get; internal set; } = null!;

    /// <summary>
    /// A <see cref="System.Diagnostics.Stopwatch"/> timestamp: when the command about to run
    /// started, for INFO commandstats and the slow log. The connection sets it when a read's batch
    /// begins; each command's end becomes the next one's start, so a command costs one clock
    /// read, not two (the clock is a measurable share of a short command on a virtual machine).
    /// </summary>
    internal long TimeMark { get; set; }

    /// <summary>Where engine reads that hand elements over under the shard lock (LRANGE) collect them; created on first use.</summary>
    internal ReplySink Elements => _elements ??= new ReplySink();

    private ReplySink? _elements;

    /// <summary>The command this connection ran last: a pipeline repeats it, so the dispatcher compares names before it hashes one.</summary>
    internal CommandSpec? LastSpec { get; set; }

    // INFO tallies this connection has not added to the shared counters yet: a run of calls of one
    // command (commandstats calls and usec, total_commands_processed) and of successful writes
    // (rdb_changes_since_last_save). A pipeline of 16 SETs adds them once instead of 16 times (each
    // add is an interlocked operation on a per-processor cell). They are added when another command
    // comes (so INFO in the same pipeline sees the commands before it, as in Redis) and at the end of
    // every read's batch, before its replies are flushed.
    private CommandSpec? _tallySpec;
    private long _tallyCalls;
    private long _tallyMicroseconds;
    private long _tallyWrites;

    /// <summary>
    /// A command is about to run: the tallies of another command are added to the counters first,
    /// so that what it reads (INFO, CONFIG RESETSTAT) includes every command before it.
    /// </summary>
    internal void BeginTally(CommandSpec spec)
    {
        if (!ReferenceEquals(spec, _tallySpec) || spec.ReadsTallies)
        {
            FlushTallies();
        }
    }

    /// <summary>Counts one call of <paramref name="spec"/> that took <paramref name="microseconds"/> (a write when <paramref name="wrote"/>).</summary>
    internal void Tally(CommandSpec spec, long microseconds, bool wrote)
    {
        if (!ReferenceEquals(spec, _tallySpec))
        {
            // another command ran inside this one (EXEC)
            FlushTallies();
            _tallySpec = spec;
        }
        _tallyCalls++;
        _tallyMicroseconds += microseconds;
        if (wrote)
        {
            _tallyWrites++;
        }
    }

    /// <summary>Adds the pending tallies to the server's counters.</summary>
    internal void FlushTallies()
    {
        if (_tallyCalls > 0)
        {
            _tallySpec!.Stats.Record(_tallyCalls, _tallyMicroseconds);
            Server.Store.Core.CommandsProcessed.Add(_tallyCalls);
            _tallyCalls = 0;
            _tallyMicroseconds = 0;
        }
        if (_tallyWrites > 0)
        {
            Server.Runtime.Dirty.Add(_tallyWrites);
            _tallyWrites = 0;
        }
    }

    /// <summary>Number of arguments including the command name.</summary>
    public int Count => Args.Count;

    /// <summary>The selected database (engine level).</summary>
    internal Db Db => Server.Store.Core.Databases[Session.Database];

    /// <summary>Argument <paramref name="index"/> as bytes (valid during the command).</summary>
    public ReadOnlySpan<byte> Arg(int index) => Args[index];

    /// <summary>Argument <paramref name="index"/> copied into a new array.</summary>
    public byte[] ArgArray(int index) => Args[index].ToArray();

    /// <summary>Argument <paramref name="index"/> decoded as UTF-8.</summary>
    public string ArgString(int index) => Encoding.UTF8.GetString(Args[index]);

    /// <summary>True when argument <paramref name="index"/> equals the ASCII keyword, ignoring case.</summary>
    public bool ArgIs(int index, ReadOnlySpan<byte> keyword) => Args.EqualsIgnoreCase(index, keyword);

    /// <summary>Argument as a 64-bit integer, or <c>ERR value is not an integer or out of range</c>.</summary>
    public long ArgInt64(int index, string error = RedisErrors.NotInteger) =>
        NumberText.TryParseInt64(Args[index], out long value) ? value : throw new MnemoException(error);

    /// <summary>Argument as a double, or the given error (default <c>ERR value is not a valid float</c>).</summary>
    public double ArgDouble(int index, string error = RedisErrors.NotFloat) =>
        NumberText.TryParseDouble(Args[index], out double value) ? value : throw new MnemoException(error);

    /// <summary>Arguments from <paramref name="start"/> on (with <paramref name="step"/>), copied into arrays.</summary>
    public byte[][] ArgArrays(int start, int end = -1, int step = 1)
    {
        if (end < 0)
        {
            end = Count;
        }
        var result = new byte[(end - start + step - 1) / step][];
        for (int i = 0, a = start; a < end; i++, a += step)
        {
            result[i] = Args[a].ToArray();
        }
        return result;
    }

    /// <summary>Writes a value as a bulk string, or the null reply for <see cref="MnemoValue.Null"/>.</summary>
    public void ReplyValue(MnemoValue value)
    {
        if (value.IsNull)
        {
            Reply.WriteNull();
            return;
        }
        Span<byte> scratch = stackalloc byte[128];
        using var bytes = value.Encode(scratch);
        Reply.WriteBulkString(bytes.Span);
    }

    /// <summary>Writes an array of values (nulls as null replies).</summary>
    public void ReplyValues(IReadOnlyList<MnemoValue> values)
    {
        Reply.WriteArrayHeader(values.Count);
        foreach (var value in values)
        {
            ReplyValue(value);
        }
    }

    /// <summary>Writes a score/double: a RESP3 double, or a bulk string in RESP2.</summary>
    public void ReplyDouble(double value) => Reply.WriteDouble(value);

    /// <summary><c>ERR syntax error</c>.</summary>
    public static MnemoException SyntaxError() => new(RedisErrors.Syntax);
}
