using System.Collections.Concurrent;
using System.Text;
using Mnemo.Changes;
using Mnemo.Internal.Transactions;
using Mnemo.Server.Commands;

namespace Mnemo.Server.PubSub;

/// <summary>
/// Keyspace notifications (<c>notify-keyspace-events</c>): publishes
/// <c>__keyspace@db__:key</c> → event and <c>__keyevent@db__:event</c> → key for every change.
/// </summary>
/// <remarks>
/// What changed comes from the engine's change stream (the notifier subscribes to it only while
/// notifications are on, so a server without them pays nothing): a command that changed nothing
/// (SET NX on an existing key, SADD of a present member) has no records and so no events, as in
/// Redis. The event name comes from the change and, where Redis names it after the command
/// (INCRBY, SPOP, ZINCRBY, SINTERSTORE...), from the command the dispatcher ran
/// (<see cref="Begin"/>/<see cref="End"/> around every command). Changes made outside a command
/// (a blocking pop served later, the embedded API) are published from a background drain with
/// the change's own event name. Expired keys come from the engine's <c>KeyExpired</c> hook.
/// </remarks>
internal sealed partial class KeyspaceNotifier : IChangeObserver
{
    public const int KeyspaceFlag = 1 << 0, KeyeventFlag = 1 << 1, Generic = 1 << 2, StringFlag = 1 << 3, ListFlag = 1 << 4,
        SetFlag = 1 << 5, HashFlag = 1 << 6, ZSetFlag = 1 << 7, ExpiredFlag = 1 << 8, Evicted = 1 << 9, Stream = 1 << 10,
        KeyMiss = 1 << 11, Module = 1 << 12, NewKey = 1 << 13;

    private const int All = Generic | StringFlag | ListFlag | SetFlag | HashFlag | ZSetFlag | ExpiredFlag | Evicted | Stream | Module;

    [ThreadStatic]
    private static Frame? CurrentFrame;

    [ThreadStatic]
    private static List<(int Db, byte[] Key)>? Expiring;

    private readonly MnemoServer _server;
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<Pending> _background = new();
    private readonly Action<int, byte[]> _onExpired;
    private int _flags;
    private volatile bool _active;
    private int _draining;

    public KeyspaceNotifier(MnemoServer server)
    {
        _server = server;
        _onExpired = OnKeyExpired;
    }

    /// <summary>True when some class and K or E are enabled.</summary>
    public bool Active => _active;

    /// <summary>The flags (CONFIG SET notify-keyspace-events); turning them on subscribes to the change stream.</summary>
    public int Flags
    {
        get => Volatile.Read(ref _flags);
        set
        {
            lock (_gate)
            {
                _flags = value;
                bool active = (value & (KeyspaceFlag | KeyeventFlag)) != 0 && (value & ~(KeyspaceFlag | KeyeventFlag)) != 0;
                if (active == _active)
                {
                    return;
                }
                var core = _server.Store.Core;
                if (active)
                {
                    core.KeyExpired += _onExpired;
                    _server.Store.SubscribeChanges(this);
                }
                else
                {
                    core.KeyExpired -= _onExpired;
                    _server.Store.UnsubscribeChanges(this);
                }
                _active = active;
            }
        }
    }

    /// <summary>The flags as CONFIG GET shows them (keyspaceEventsFlagsToString).</summary>
    public string FlagsText
    {
        get
        {
            int flags = Flags;
            var text = new StringBuilder();
            if ((flags & All) == All)
            {
                text.Append('A');
            }
            else
            {
                foreach (var (flag, c) in Classes)
                {
                    if ((flags & flag) != 0)
                    {
                        text.Append(c);
                    }
                }
            }
            if ((flags & KeyspaceFlag) != 0)
            {
                text.Append('K');
            }
            if ((flags & KeyeventFlag) != 0)
            {
                text.Append('E');
            }
            if ((flags & KeyMiss) != 0)
            {
                text.Append('m');
            }
            return text.ToString();
        }
    }

    private static readonly (int Flag, char Char)[] Classes =
    [
        (Generic, 'g'), (StringFlag, '$'), (ListFlag, 'l'), (SetFlag, 's'), (HashFlag, 'h'), (ZSetFlag, 'z'),
        (ExpiredFlag, 'x'), (Evicted, 'e'), (Stream, 't'), (Module, 'd'), (NewKey, 'n'),
    ];

    /// <summary>keyspaceEventsStringToFlags: -1 on an unknown character.</summary>
    public static int ParseFlags(string text)
    {
        int flags = 0;
        foreach (char c in text)
        {
            switch (c)
            {
                case 'A': flags |= All; break;
                case 'K': flags |= KeyspaceFlag; break;
                case 'E': flags |= KeyeventFlag; break;
                case 'm': flags |= KeyMiss; break;
                default:
                    int i = Array.FindIndex(Classes, x => x.Char == c);
                    if (i < 0)
                    {
                        return -1;
                    }
                    flags |= Classes[i].Flag;
                    break;
            }
        }
        return flags;
    }

    /// <summary>Starts collecting the changes of a command on this thread (null when notifications are off).</summary>
    public Frame? Begin()
    {
        if (!_active)
        {
            return null;
        }
        var frame = new Frame(CurrentFrame, Transaction.Current is { } tx ? tx.Changes.Length : -1);
        CurrentFrame = frame;
        return frame;
    }

    /// <summary>Ends the command's collection and publishes its events.</summary>
    public void End(Frame frame, CommandContext context, CommandSpec spec)
    {
        CurrentFrame = frame.Outer;
        if (frame.TransactionOffset >= 0 && Transaction.Current is { } tx && tx.Changes.Length > frame.TransactionOffset)
        {
            // Inside EXEC the changes collect in the transaction's batch: take this command's part.
            foreach (var record in ChangeReader.ReadAll(tx.Changes.Written[frame.TransactionOffset..]))
            {
                if (!IsExpiryDelete(record))
                {
                    frame.Items.Add(new Pending(record, null));
                }
            }
        }
        if (frame.Outer is null)
        {
            Expiring = null;
        }
        if (spec.LowerName == "exec")
        {
            // EXEC's own batch repeats what its commands already reported.
            return;
        }
        Publish(frame.Items, context, spec.LowerName);
    }

    void IChangeObserver.OnChanges(long firstSequence, int count, ReadOnlySpan<byte> records)
    {
        var frame = CurrentFrame;
        foreach (var record in ChangeReader.ReadAll(records))
        {
            if (IsExpiryDelete(record))
            {
                continue;
            }
            if (frame is not null)
            {
                frame.Items.Add(new Pending(record, null));
            }
            else
            {
                Enqueue(new Pending(record, null));
            }
        }
    }

    private void OnKeyExpired(int db, byte[] key)
    {
        (Expiring ??= []).Add((db, key));
        var expired = new Pending(null, (db, key));
        if (CurrentFrame is { } frame)
        {
            frame.Items.Add(expired);
        }
        else
        {
            Enqueue(expired);
        }
    }

    /// <summary>The delete record of a key the engine just reported as expired: reported as <c>expired</c>, not <c>del</c>.</summary>
    private static bool IsExpiryDelete(ChangeRecord record)
    {
        var expiring = Expiring;
        if (record.Op != ChangeOp.Delete || expiring is null)
        {
            return false;
        }
        int i = expiring.FindIndex(e => e.Db == record.Database && e.Key.AsSpan().SequenceEqual(record.Args[0]));
        if (i < 0)
        {
            return false;
        }
        expiring.RemoveAt(i);
        return true;
    }

    private void Enqueue(Pending item)
    {
        _background.Enqueue(item);
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => DrainBackground(), null);
        }
    }

    private void DrainBackground()
    {
        while (true)
        {
            var items = new List<Pending>();
            while (_background.TryDequeue(out var item))
            {
                items.Add(item);
            }
            if (items.Count > 0)
            {
                try
                {
                    Publish(items, null, null);
                }
                catch (ObjectDisposedException)
                {
                    return; // the store is gone
                }
            }
            Volatile.Write(ref _draining, 0);
            if (_background.IsEmpty || Interlocked.Exchange(ref _draining, 1) == 1)
            {
                return;
            }
        }
    }

    /// <summary>A change (or an expiry) waiting to be published.</summary>
    internal readonly record struct Pending(ChangeRecord? Record, (int Db, byte[] Key)? Expired);

    /// <summary>The changes collected while one command runs.</summary>
    internal sealed class Frame(Frame? outer, int transactionOffset)
    {
        public Frame? Outer { get; } = outer;

        public int TransactionOffset { get; } = transactionOffset;

        public List<Pending> Items { get; } = [];
    }
}
