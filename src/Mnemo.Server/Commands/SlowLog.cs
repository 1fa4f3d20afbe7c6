using System.Text;

namespace Mnemo.Server.Commands;

/// <summary>
/// SLOWLOG: commands that ran at least <c>slowlog-log-slower-than</c> microseconds, newest first,
/// at most <c>slowlog-max-len</c> of them. Arguments are kept as Redis keeps them: at most 32
/// (the last says how many more there were), each at most 128 bytes (with how many more bytes).
/// </summary>
internal sealed class SlowLog
{
    private const int MaxArguments = 32;
    private const int MaxArgumentLength = 128;

    private readonly Lock _gate = new();
    private readonly LinkedList<Entry> _entries = new();
    private long _nextId;

    public sealed record Entry(long Id, long Timestamp, long Microseconds, byte[][] Args, string Address, string Name);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public void Add(CommandContext context, long microseconds, long maxLength, TimeProvider time)
    {
        int argc = Math.Min(context.Count, MaxArguments);
        var args = new byte[argc][];
        for (int i = 0; i < argc; i++)
        {
            if (argc < context.Count && i == argc - 1)
            {
                args[i] = Encoding.ASCII.GetBytes($"... ({context.Count - argc + 1} more arguments)");
                break;
            }
            var arg = context.Arg(i);
            args[i] = arg.Length > MaxArgumentLength
                ? [.. arg[..MaxArgumentLength], .. Encoding.ASCII.GetBytes($"... ({arg.Length - MaxArgumentLength} more bytes)")]
                : arg.ToArray();
        }
        var session = context.Session;
        lock (_gate)
        {
            var entry = new Entry(_nextId++, time.GetUtcNow().ToUnixTimeSeconds(), microseconds, args,
                ClientCommands.Address(session.RemoteEndPoint), session.Name ?? "");
            _entries.AddFirst(entry);
            TrimLocked(maxLength);
        }
    }

    /// <summary>The newest <paramref name="count"/> entries (all when negative).</summary>
    public List<Entry> Newest(long count)
    {
        lock (_gate)
        {
            return [.. count < 0 ? _entries : _entries.Take((int)Math.Min(count, int.MaxValue))];
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    public void Trim(long maxLength)
    {
        lock (_gate)
        {
            TrimLocked(maxLength);
        }
    }

    private void TrimLocked(long maxLength)
    {
        while (_entries.Count > maxLength)
        {
            _entries.RemoveLast();
        }
    }
}
