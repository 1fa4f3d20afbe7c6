using System.Globalization;
using System.Text;
using Mnemo;
using Mnemo.CrashChild;
using Mnemo.Persistence;

// The embedded crash-test child. Opens a store on --dir with --mode journal|snapshot and
// --fsync always|everysec|no, then runs --writers threads of CrashWorkload steps, each writer
// resuming after the step given in --start (comma-separated, one per writer; default 0), plus a
// loop of background snapshots every --save-ms MIN,MAX milliseconds. It prints its ledger on
// stdout, one line per write(2), each after the write it reports RETURNED:
//   ready                  the store is open (recovery done) and the accounts exist
//   ack <writer> <step>    the step's write method returned: it is acknowledged
//   saved <s0>,<s1>,...    a background snapshot is durable; every step of writer i up to s_i
//                          was acknowledged before the snapshot fixed its point in time
// It runs until it is killed (the test sends SIGKILL); any error goes to stderr with exit code 1.
var options = Options.Parse(args);
var ledger = new Ledger();
try
{
    var store = new MnemoStore(new MnemoStoreOptions
    {
        ActiveExpiryInterval = TimeSpan.Zero,
        Persistence = new MnemoPersistenceOptions
        {
            Directory = options.Directory,
            Mode = options.Mode,
            Fsync = options.Fsync,
            SaveRules = [],
            CompactAfterBytes = 1 << 20, // the once-a-second check compacts too: more snapshots to land a kill in
            Log = message => Console.Error.WriteLine("log: " + message),
        },
    });
    var db = store.GetDatabase();
    CreateAccounts(db);
    var acknowledged = new long[options.Writers];
    for (int w = 0; w < options.Writers; w++)
    {
        acknowledged[w] = w < options.Start.Length ? options.Start[w] : 0;
    }
    ledger.Line("ready");
    var threads = new List<Thread>();
    for (int w = 0; w < options.Writers; w++)
    {
        int writer = w;
        var thread = new Thread(() => Write(db, writer, acknowledged, ledger)) { IsBackground = true, Name = $"writer-{w}" };
        thread.Start();
        threads.Add(thread);
    }
    SaveLoop(store, options, acknowledged, ledger);
}
catch (Exception e)
{
    Console.Error.WriteLine("error: " + e);
    return 1;
}
return 0;

static void CreateAccounts(IMnemoDatabase db)
{
    var keys = Enumerable.Range(0, CrashWorkload.Accounts).Select(i => (MnemoKey)CrashWorkload.Account(i)).ToArray();
    db.CreateTransaction(keys).Execute(t =>
    {
        if (t.KeyExists(keys) == 0)
        {
            foreach (var key in keys)
            {
                t.StringSet(key, CrashWorkload.AccountStart);
            }
        }
    });
}

static void Write(IMnemoDatabase db, int writer, long[] acknowledged, Ledger ledger)
{
    try
    {
        for (long step = Volatile.Read(ref acknowledged[writer]) + 1; ; step++)
        {
            Step(db, writer, step);
            Volatile.Write(ref acknowledged[writer], step);
            ledger.Ack(writer, step);
        }
    }
    catch (Exception e)
    {
        Console.Error.WriteLine($"error: writer {writer}: {e}");
        Environment.Exit(1);
    }
}

static void Step(IMnemoDatabase db, int writer, long step)
{
    switch (CrashWorkload.KindOf(step))
    {
        case StepKind.Increment:
            db.StringIncrement(CrashWorkload.Counter(writer));
            break;
        case StepKind.Set:
            db.StringSet(CrashWorkload.SetKey(writer, step), CrashWorkload.SetValue(writer, step));
            break;
        case StepKind.Push:
            db.ListRightPush(CrashWorkload.List(writer), step.ToString(CultureInfo.InvariantCulture));
            break;
        case StepKind.Transfer:
            var (from, to, amount) = CrashWorkload.TransferOf(writer, step);
            string a = CrashWorkload.Account(from), b = CrashWorkload.Account(to), marker = CrashWorkload.Marker(writer);
            db.CreateTransaction(a, b, marker).Execute(t =>
            {
                t.StringDecrement(a, amount);
                t.StringIncrement(b, amount);
                t.StringSet(marker, step);
            });
            break;
    }
}

static void SaveLoop(MnemoStore store, Options options, long[] acknowledged, Ledger ledger)
{
    var random = new Random();
    while (true)
    {
        Thread.Sleep(random.Next(options.SaveMinMs, options.SaveMaxMs + 1));
        // Steps acknowledged before SaveInBackground fixes its point are in the snapshot.
        var floor = new long[acknowledged.Length];
        for (int w = 0; w < floor.Length; w++)
        {
            floor[w] = Volatile.Read(ref acknowledged[w]);
        }
        Task saving;
        try
        {
            saving = store.SaveInBackground();
        }
        catch (MnemoException)
        {
            continue; // a compaction snapshot is running
        }
        saving.GetAwaiter().GetResult();
        ledger.Line("saved " + string.Join(',', floor));
    }
}

/// <summary>Writes ledger lines straight to stdout, one write(2) each (atomic on a pipe: below PIPE_BUF).</summary>
internal sealed class Ledger
{
    private readonly Stream _out = Console.OpenStandardOutput();
    private readonly Lock _gate = new();

    public void Line(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "\n");
        lock (_gate)
        {
            _out.Write(bytes);
            _out.Flush();
        }
    }

    public void Ack(int writer, long step)
    {
        Span<byte> line = stackalloc byte[48];
        "ack "u8.CopyTo(line);
        int length = 4;
        writer.TryFormat(line[length..], out int n, provider: CultureInfo.InvariantCulture);
        length += n;
        line[length++] = (byte)' ';
        step.TryFormat(line[length..], out n, provider: CultureInfo.InvariantCulture);
        length += n;
        line[length++] = (byte)'\n';
        lock (_gate)
        {
            _out.Write(line[..length]);
            _out.Flush();
        }
    }
}

internal sealed record Options(string Directory, DurabilityMode Mode, JournalFsync Fsync, int Writers, long[] Start, int SaveMinMs, int SaveMaxMs)
{
    public static Options Parse(string[] args)
    {
        string? directory = null;
        var mode = DurabilityMode.Journal;
        var fsync = JournalFsync.EverySecond;
        int writers = 4;
        long[] start = [];
        int saveMin = 20, saveMax = 150;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--dir": directory = value; break;
                case "--mode": mode = value == "snapshot" ? DurabilityMode.Snapshot : DurabilityMode.Journal; break;
                case "--fsync":
                    fsync = value switch
                    {
                        "always" => JournalFsync.Always,
                        "no" => JournalFsync.OperatingSystem,
                        _ => JournalFsync.EverySecond,
                    };
                    break;
                case "--writers": writers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--start": start = [.. value.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture))]; break;
                case "--save-ms":
                    var range = value.Split(',');
                    saveMin = int.Parse(range[0], CultureInfo.InvariantCulture);
                    saveMax = int.Parse(range[^1], CultureInfo.InvariantCulture);
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return new Options(directory ?? throw new ArgumentException("--dir is required"), mode, fsync, writers, start, saveMin, saveMax);
    }
}
