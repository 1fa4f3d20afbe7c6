using System.Globalization;
using Mnemo.CrashChild;

namespace Mnemo.Durability.Tests.Crash;

/// <summary>
/// The crash workload (<see cref="CrashWorkload"/>) over RESP against a running server: one
/// connection and one thread per writer, each resuming after its baseline step in the ledger;
/// a step is acknowledged (an <c>ack</c> line in the <see cref="CrashLedger"/>) when its complete,
/// expected reply has been received. Optionally another connection issues BGSAVE (and now and
/// then BGREWRITEAOF) in a loop, so the server snapshots while the writes continue. Once the
/// test announces the kill (<see cref="ExpectDisconnect"/>), a broken connection ends a thread
/// quietly; before that, any error or unexpected reply is a failure.
/// </summary>
public sealed class ServerCrashWriters : IDisposable
{
    private readonly int _port;
    private readonly CrashLedger _ledger;
    private readonly List<Thread> _threads = [];
    private readonly List<string> _failures = [];
    private readonly List<RespConnection> _connections = [];
    private volatile bool _killing;
    private int _snapshotsStarted;

    private ServerCrashWriters(int port, CrashLedger ledger)
    {
        _port = port;
        _ledger = ledger;
    }

    /// <summary>Creates the accounts (once per directory), then starts the writers (and the BGSAVE loop).</summary>
    public static ServerCrashWriters Start(int port, CrashLedger ledger, bool snapshots, int seed)
    {
        var writers = new ServerCrashWriters(port, ledger);
        // The accounts appear all at once or not at all, as the embedded child's transaction does.
        var accounts = Enumerable.Range(0, CrashWorkload.Accounts)
            .SelectMany(i => new[] { CrashWorkload.Account(i), CrashWorkload.AccountStart.ToString(CultureInfo.InvariantCulture) });
        using (var setup = new RespConnection(port))
        {
            if (setup.Call(["MSETNX", .. accounts]) is not long)
            {
                throw new InvalidOperationException("MSETNX of the accounts failed");
            }
        }
        for (int w = 0; w < ledger.Writers; w++)
        {
            var connection = writers.Connect();
            int writer = w;
            writers.Run($"resp-writer-{w}", () => writers.Write(connection, writer));
        }
        if (snapshots)
        {
            var connection = writers.Connect();
            writers.Run("resp-bgsave", () => writers.SaveLoop(connection, new Random(seed)));
        }
        return writers;
    }

    /// <summary>BGSAVE / BGREWRITEAOF calls the server accepted (started or scheduled).</summary>
    public int SnapshotsStarted => Volatile.Read(ref _snapshotsStarted);

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>From now on the server may vanish: broken connections are expected.</summary>
    public void ExpectDisconnect() => _killing = true;

    /// <summary>Waits for every thread (call after the server is gone).</summary>
    public void Join()
    {
        foreach (var thread in _threads)
        {
            if (!thread.Join(TimeSpan.FromSeconds(60)))
            {
                Fail($"{thread.Name} did not stop within 60 s of the kill");
            }
        }
    }

    private RespConnection Connect()
    {
        var connection = new RespConnection(_port);
        _connections.Add(connection);
        return connection;
    }

    private void Run(string name, Action body)
    {
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e) when (_killing && e is IOException or EndOfStreamException or System.Net.Sockets.SocketException)
            {
                // the server was killed: the reply in flight never arrived, so it is not acknowledged
            }
            catch (Exception e)
            {
                Fail($"{Thread.CurrentThread.Name}: {e.GetType().Name}: {e.Message}");
            }
        })
        { IsBackground = true, Name = name };
        _threads.Add(thread);
        thread.Start();
    }

    private void Write(RespConnection connection, int writer)
    {
        for (long step = _ledger.Baseline(writer) + 1; ; step++)
        {
            string? problem = Step(connection, writer, step);
            if (problem is not null)
            {
                Fail($"writer {writer} step {step} ({CrashWorkload.KindOf(step)}): {problem}");
                return;
            }
            _ledger.Add(string.Create(CultureInfo.InvariantCulture, $"ack {writer} {step}"));
        }
    }

    /// <summary>One step as one command (or one MULTI/EXEC); null when its reply is the expected success.</summary>
    private static string? Step(RespConnection connection, int writer, long step)
    {
        string number = step.ToString(CultureInfo.InvariantCulture);
        switch (CrashWorkload.KindOf(step))
        {
            case StepKind.Increment:
                return connection.Call("INCR", CrashWorkload.Counter(writer)) is long ? null : "INCR did not reply an integer";
            case StepKind.Set:
                var set = connection.Call("SET", CrashWorkload.SetKey(writer, step), CrashWorkload.SetValue(writer, step));
                return set is "OK" ? null : $"SET replied {set}";
            case StepKind.Push:
                return connection.Call("RPUSH", CrashWorkload.List(writer), number) is long ? null : "RPUSH did not reply an integer";
            default:
                var (from, to, amount) = CrashWorkload.TransferOf(writer, step);
                string value = amount.ToString(CultureInfo.InvariantCulture);
                connection.Write("MULTI");
                connection.Write("DECRBY", CrashWorkload.Account(from), value);
                connection.Write("INCRBY", CrashWorkload.Account(to), value);
                connection.Write("SET", CrashWorkload.Marker(writer), number);
                connection.Write("EXEC");
                connection.Flush();
                var replies = Enumerable.Range(0, 5).Select(_ => connection.Read()).ToArray();
                return replies is ["OK", "QUEUED", "QUEUED", "QUEUED", object?[] { Length: 3 } exec] && exec[0] is long && exec[1] is long && exec[2] is "OK"
                    ? null
                    : $"transfer replied {string.Join(" ", replies.Select(Describe))}";
        }
    }

    private void SaveLoop(RespConnection connection, Random random)
    {
        while (true)
        {
            Thread.Sleep(random.Next(10, 120));
            bool rewrite = random.Next(4) == 0;
            var reply = connection.Call(rewrite ? "BGREWRITEAOF" : "BGSAVE");
            switch (reply)
            {
                case "Background saving started" or "Background append only file rewriting started" or "Background append only file rewriting scheduled":
                    Interlocked.Increment(ref _snapshotsStarted);
                    break;
                case RespError { Message: "ERR Background save already in progress" }:
                    break;
                default:
                    Fail($"{(rewrite ? "BGREWRITEAOF" : "BGSAVE")} replied {Describe(reply)}");
                    return;
            }
        }
    }

    private static string Describe(object? reply) => reply switch
    {
        null => "nil",
        object?[] items => "[" + string.Join(",", items.Select(Describe)) + "]",
        _ => reply.ToString()!,
    };

    private void Fail(string message)
    {
        lock (_failures)
        {
            _failures.Add(message);
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }
}
