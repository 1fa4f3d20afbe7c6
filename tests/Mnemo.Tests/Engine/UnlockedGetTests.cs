using System.Globalization;
using System.Text;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>
/// The embedded GET reads without the shard lock and keeps what it read only when no thread held
/// the lock meanwhile (the shard's version; see <c>Shard</c>). These tests try to make it return
/// something no writer ever stored: a value torn by an in-place overwrite, a key read from a table
/// in the middle of a resize, or a change a transaction has not committed.
/// </summary>
public sealed class UnlockedGetTests
{
    private const int HotKeys = 12;

    [Theory]
    [InlineData(false)] // SET, SET of integers, DEL, a list in its place, TTLs, table resizes
    [InlineData(true)] // also APPEND growing records in place, SWAPDB and FLUSHDB
    public async Task Gets_racing_writers_only_ever_see_whole_values(bool appendsAndSwaps)
    {
        // Two shards, the fewest allowed: writes, resizes and reads keep meeting the same locks.
        using var store = new MnemoStore(new MnemoStoreOptions { ShardsPerDatabase = 2 });
        var db = store.GetDatabase();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));
        long reads = 0, values = 0, integers = 0, appended = 0;
        var writers = Enumerable.Range(0, 2).Select(w => DedicatedThread.Run(() => Write(store, w, appendsAndSwaps, stop.Token)));
        var readers = Enumerable.Range(0, 2).Select(r => DedicatedThread.Run(() =>
        {
            var random = new Random(100 + r);
            long n = 0, seen = 0, seenIntegers = 0, seenAppended = 0;
            while (!stop.IsCancellationRequested)
            {
                int k = random.Next(HotKeys);
                MnemoValue value;
                try
                {
                    value = db.StringGet(Key(k));
                }
                catch (MnemoWrongTypeException)
                {
                    n++; // the key is a list just now
                    continue;
                }
                n++;
                if (!value.IsNull)
                {
                    seen++;
                    switch (AssertWhole(k, value))
                    {
                        case 'i':
                            seenIntegers++;
                            break;
                        case 'a':
                            seenAppended++;
                            break;
                    }
                }
            }
            Interlocked.Add(ref reads, n);
            Interlocked.Add(ref values, seen);
            Interlocked.Add(ref integers, seenIntegers);
            Interlocked.Add(ref appended, seenAppended);
        }));
        await Task.WhenAll(writers.Concat(readers));
        Assert.True(values > 10_000, $"only {values} values read of {reads} GETs");
        Assert.True(integers > 0 && (appended > 0 || !appendsAndSwaps), $"of {values} values, {integers} integers and {appended} appended texts");
    }

    [Fact]
    public async Task A_get_never_sees_what_a_transaction_has_not_committed()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.StringSet("k", "committed");
        Task<string>? reader = null;
        var rolledBack = Assert.Throws<InvalidOperationException>(() => db.CreateTransaction("k").Execute(t =>
        {
            t.StringSet("k", "uncommitted");
            reader = Task.Run(() => db.StringGet("k").ToString());
            // The transaction holds the key's shard lock: the GET must wait for it, not read around it.
            Assert.False(reader.Wait(TimeSpan.FromMilliseconds(300)), "GET returned while the transaction held the key");
            throw new InvalidOperationException("roll back");
        }));
        Assert.Equal("roll back", rolledBack.Message);
        Assert.Equal("committed", await reader!);

        db.CreateTransaction("k").Execute(t =>
        {
            t.StringSet("k", "second");
            reader = Task.Run(() => db.StringGet("k").ToString());
            Assert.False(reader.Wait(TimeSpan.FromMilliseconds(300)), "GET returned while the transaction held the key");
        });
        Assert.Equal("second", await reader!);
    }

    [Fact]
    public void Counts_of_unlocked_gets_are_exact_per_thread_and_reset_to_zero()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.StringSet("present", "v");
        store.ResetStatistics();
        const int Threads = 4, Gets = 10_000;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            for (int i = 0; i < Gets; i++)
            {
                db.StringGet(i % 2 == 0 ? "present" : "absent");
            }
        });
        var stats = store.GetStatistics();
        Assert.Equal(Threads * Gets, stats.CommandsProcessed);
        Assert.Equal(Threads * Gets / 2, stats.KeyspaceHits);
        Assert.Equal(Threads * Gets / 2, stats.KeyspaceMisses);

        store.ResetStatistics();
        db.StringGet("present");
        stats = store.GetStatistics();
        Assert.Equal(1, stats.CommandsProcessed);
        Assert.Equal(1, stats.KeyspaceHits);
        Assert.Equal(0, stats.KeyspaceMisses);
    }

    [Fact]
    public void After_every_kind_of_lock_hold_the_get_reads_without_the_lock_again()
    {
        // If taking or releasing a shard's lock left its version odd, every later GET would fall
        // back to the lock: still correct, so only the unlocked-read counter can tell.
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        void AssertUnlockedHit(string after, string key = "k", string expected = "v")
        {
            long before = store.Core.UnlockedReads.Totals().Hits;
            Assert.Equal(expected, db.StringGet(key).ToString());
            Assert.True(store.Core.UnlockedReads.Totals().Hits == before + 1, $"the GET after {after} took the lock");
        }

        db.StringSet("k", "v");
        AssertUnlockedHit("a SET");
        db.StringSet([new KeyValuePair<MnemoKey, MnemoValue>("k", "v"), new("other", "x")]);
        AssertUnlockedHit("an MSET (several shard locks)");
        db.CreateTransaction("k").Execute(t => t.StringSet("k", "v"));
        AssertUnlockedHit("a committed transaction (re-entered locks)");
        Assert.Throws<InvalidOperationException>(() => db.CreateTransaction("k").Execute(t =>
        {
            t.StringSet("k", "changed");
            throw new InvalidOperationException("roll back");
        }));
        AssertUnlockedHit("a rolled-back transaction");
        Assert.Throws<MnemoWrongTypeException>(() => db.ListLeftPush("k", "x"));
        AssertUnlockedHit("a command that threw under the lock");
        store.GetStatistics();
        AssertUnlockedHit("GetStatistics (every shard's lock)");
        db.StringSet("n", 5, TimeSpan.FromMinutes(1));
        AssertUnlockedHit("a SET with a TTL, reading an integer", "n", "5");
    }

    [Fact]
    public async Task Statistics_read_while_resets_and_gets_race_are_never_negative()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.StringSet("present", "v");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var getter = DedicatedThread.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                db.StringGet("present");
                db.StringGet("absent");
            }
        });
        var resetter = DedicatedThread.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                store.ResetStatistics();
            }
        });
        long reads = 0;
        while (!stop.IsCancellationRequested)
        {
            var stats = store.GetStatistics();
            Assert.True(stats.KeyspaceHits >= 0 && stats.KeyspaceMisses >= 0 && stats.CommandsProcessed >= 0, $"negative counts: {stats}");
            reads++;
        }
        await Task.WhenAll(getter, resetter);
        Assert.True(reads > 100, $"only {reads} statistics reads");
    }

    /// <summary>Every eighth key is 150 bytes long: a two-byte length in its record, read under the lock.</summary>
    private static string Key(int k) =>
        "hot:" + k.ToString("D2", CultureInfo.InvariantCulture) + (k % 8 == 7 ? new string('L', 144) : "");

    /// <summary>
    /// A text value names its key and a digit d, then repeats the letter d picks; an integer value
    /// is a sequence number times 100 plus its key. Three text lengths, so most SETs find a
    /// record of their own size and overwrite it in place while readers may be reading it.
    /// </summary>
    private static MnemoValue Text(int k, int n)
    {
        int d = n % 10;
        int length = (n / 10 % 3) switch { 0 => 5, 1 => 14, _ => 30 };
        return k.ToString("D2", CultureInfo.InvariantCulture) + (char)('0' + d) + new string((char)('a' + (2 * d)), length - 3);
    }

    /// <summary>Checks a value read for key <paramref name="k"/>; returns what it was: 'i' an integer, 'a' an appended text, 't' a text as SET wrote it.</summary>
    private static char AssertWhole(int k, MnemoValue value)
    {
        string text = value.ToString();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
        {
            Assert.True(number % 100 == k, $"key {k}: integer {number} belongs to another key");
            return 'i';
        }
        Assert.True(text.Length is 5 or 14 or 30 || (text.Length > 5 && text.Length <= 30 + (AppendsPerKey * 7)), $"key {k}: '{text}' has a length no writer made");
        Assert.Equal(k.ToString("D2", CultureInfo.InvariantCulture), text[..2]);
        char letter = (char)('a' + (2 * (text[2] - '0')));
        Assert.True(text.AsSpan(3).IndexOfAnyExcept(letter) < 0, $"key {k}: torn value '{text}'");
        return text.Length is 5 or 14 or 30 ? 't' : 'a';
    }

    /// <summary>At most this many appends of 7 letters follow a SET before the next SET of a key.</summary>
    private const int AppendsPerKey = 4;

    private static void Write(MnemoStore store, int writer, bool appendsAndSwaps, CancellationToken stop)
    {
        var db = store.GetDatabase();
        var random = new Random(writer);
        int n = 0;
        var filler = new List<MnemoKey>();
        while (!stop.IsCancellationRequested)
        {
            int k = random.Next(HotKeys);
            n++;
            int op = random.Next(20);
            if (op == 18 && !appendsAndSwaps)
            {
                op = 19;
            }
            switch (op)
            {
                case < 12:
                    db.StringSet(Key(k), Text(k, n));
                    break;
                case < 15:
                    db.StringSet(Key(k), ((long)n * 100) + k); // n passes a million in a run: keep k in the low digits
                    break;
                case 15:
                    db.KeyDelete(Key(k));
                    break;
                case 16:
                    // Atomically, or the other writer could make it a string in between.
                    db.CreateTransaction(Key(k)).Execute(t =>
                    {
                        t.KeyDelete(Key(k));
                        t.ListLeftPush(Key(k), "as a list");
                    });
                    break;
                case 17:
                    db.StringSet(Key(k), Text(k, n), TimeSpan.FromMinutes(5));
                    break;
                case 18 when random.Next(4) > 0:
                    // APPEND grows the record in place once it has spare room; the letters
                    // continue the value's own, read in the same transaction.
                    try
                    {
                        db.CreateTransaction(Key(k)).Execute(t =>
                        {
                            string current = t.StringGet(Key(k)).ToString();
                            bool isText = !long.TryParse(current, NumberStyles.None, CultureInfo.InvariantCulture, out _);
                            if (current.Length > 5 && current.Length <= 30 + ((AppendsPerKey - 1) * 7) && isText)
                            {
                                t.StringAppend(Key(k), new string(current[3], 7));
                            }
                        });
                    }
                    catch (MnemoWrongTypeException)
                    {
                        // the key is a list just now
                    }
                    break;
                case 18:
                    // SWAPDB with an empty database and back: readers see every key or none.
                    if (random.Next(20) == 0)
                    {
                        store.SwapDatabases(0, 1 + writer);
                        store.SwapDatabases(0, 1 + writer);
                    }
                    else if (random.Next(50) == 0)
                    {
                        db.FlushDatabase();
                    }
                    break;
                default:
                    // Grow and shrink the table: resizes rebuild the buckets and move entries.
                    string prefix = "fill:" + writer.ToString(CultureInfo.InvariantCulture) + ":";
                    for (int i = 0; i < 300; i++)
                    {
                        filler.Add(prefix + i.ToString(CultureInfo.InvariantCulture));
                        db.StringSet(filler[^1], Encoding.ASCII.GetBytes("x"));
                    }
                    db.KeyDelete([.. filler]);
                    filler.Clear();
                    break;
            }
        }
    }
}
