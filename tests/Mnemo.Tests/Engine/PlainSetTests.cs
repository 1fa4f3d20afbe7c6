using System.Text;
using Mnemo.Changes;
using Mnemo.Internal.Keyspace;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>
/// The plain SET fast path (<c>Db.Set(key, value)</c>, taken by <c>StringSet</c> without expiry,
/// condition or KEEPTTL) behaves exactly as the general SET with default options: same state, same
/// TTLs, same change stream.
/// </summary>
public sealed class PlainSetTests
{
    [Fact]
    public void Random_plain_sets_match_the_general_set_in_state_ttls_and_change_stream()
    {
        var clock = new ManualClock();
        using var fast = new MnemoStore(new MnemoStoreOptions { TimeProvider = clock, ActiveExpiryInterval = TimeSpan.Zero });
        using var general = new MnemoStore(new MnemoStoreOptions { TimeProvider = clock, ActiveExpiryInterval = TimeSpan.Zero });
        var fastChanges = new ChangeRecorder();
        var generalChanges = new ChangeRecorder();
        fast.SubscribeChanges(fastChanges);
        general.SubscribeChanges(generalChanges);
        var fastDb = fast.GetDatabase();
        var generalDb = general.GetDatabase();
        var fastEngine = ((MnemoDatabase)fastDb).Engine;
        var generalEngine = ((MnemoDatabase)generalDb).Engine;
        var random = new Random(7);
        for (int step = 0; step < 5_000; step++)
        {
            string key = $"k{random.Next(40)}";
            byte[] keyBytes = System.Text.Encoding.UTF8.GetBytes(key);
            var ttl = TimeSpan.FromSeconds(random.Next(1, 5)); // drawn once: both stores get the same arguments
            string text = $"api{random.Next(100)}";
            switch (random.Next(8))
            {
                case 0:
                case 1:
                    // Raw values of changing sizes (in-place overwrite, replacement) and integers (int encoding).
                    byte[] value = random.Next(3) == 0
                        ? System.Text.Encoding.ASCII.GetBytes(random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture))
                        : [.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => (byte)random.Next(256))];
                    fastEngine.Set(keyBytes, value, countCommand: false);
                    generalEngine.Set(keyBytes, value, default(SetOptions));
                    break;
                case 2:
                    Both(db => db.StringSet(key, "ttl", ttl));
                    break;
                case 3:
                    Both(db => db.ListLeftPush(key, "item")); // SET must replace a key of another type
                    break;
                case 4:
                    Both(db => db.StringAppend(key, "tail")); // a record with spare capacity
                    break;
                case 5:
                    clock.Advance(TimeSpan.FromSeconds(1)); // keys expire lazily on the next SET
                    break;
                default:
                    Both(db => db.StringSet(key, text)); // the API's fast path itself
                    break;
            }

            void Both(Action<IMnemoDatabase> write)
            {
                Exception? fastError = Record(() => write(fastDb));
                Exception? generalError = Record(() => write(generalDb));
                Assert.Equal(fastError?.GetType(), generalError?.GetType());
            }
        }
        for (int i = 0; i < 40; i++)
        {
            string key = $"k{i}";
            Assert.Equal(generalDb.KeyType(key), fastDb.KeyType(key));
            Assert.Equal(generalDb.KeyTimeToLive(key), fastDb.KeyTimeToLive(key));
            if (generalDb.KeyType(key) == MnemoType.String)
            {
                Assert.Equal(generalDb.StringGet(key), fastDb.StringGet(key));
            }
        }
        Assert.Equal(Describe(generalChanges.Records), Describe(fastChanges.Records));
        Assert.Equal(generalChanges.Batches, fastChanges.Batches);
    }

    /// <summary>
    /// The API's plain SET sends ASCII and byte-array keys with byte-array or short values straight
    /// to the engine, and encodes the rest: every form of key and value must store the same bytes.
    /// </summary>
    [Fact]
    public void Every_form_of_key_and_value_stores_the_same_bytes()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        var keys = new List<(MnemoKey Key, byte[] Bytes)>
        {
            ("ascii", "ascii"u8.ToArray()),
            ("", []),
            (new string('k', MnemoKey.StackLimit), Encoding.ASCII.GetBytes(new string('k', MnemoKey.StackLimit))), // fills the key scratch
            (new string('l', MnemoKey.StackLimit + 1), Encoding.ASCII.GetBytes(new string('l', MnemoKey.StackLimit + 1))), // does not fit it
            ("clé", Encoding.UTF8.GetBytes("clé")), // not ASCII: the UTF-8 encoder
            (new byte[] { 0, 255, 10 }, [0, 255, 10]),
        };
        Assert.True(db.StringSet("short", "fourteen bytes"));
        var inline = db.StringGet("short"); // a value held inside the MnemoValue, as GET returns short ones
        var values = new List<(MnemoValue Value, byte[] Bytes)>
        {
            (new byte[] { 1, 2, 3 }, [1, 2, 3]),
            (Array.Empty<byte>(), []),
            (new byte[600], new byte[600]), // a record too large for the arena
            ("text é", Encoding.UTF8.GetBytes("text é")),
            (42L, "42"u8.ToArray()),
            (1.5, "1.5"u8.ToArray()),
            (inline, "fourteen bytes"u8.ToArray()),
        };
        foreach (var (key, keyBytes) in keys)
        {
            foreach (var (value, valueBytes) in values)
            {
                Assert.True(db.StringSet(key, value));
                Assert.Equal(valueBytes, (byte[]?)db.StringGet(keyBytes));
            }
        }
        Assert.Equal(keys.Count + 1, db.DatabaseSize());
    }

    /// <summary>
    /// A plain SET of a new key skips BeforeWrite's steps only when none has anything to do
    /// (<c>Db.IsQuietInsert</c>). An in-memory store has no change observer, so these are the
    /// cases where a skipped step would show: a snapshot (an export) that must not see a key set
    /// after its point in time, and writes refused after a persistence failure.
    /// </summary>
    [Fact]
    public void A_new_key_set_after_an_export_began_is_not_in_it()
    {
        using var store = new MnemoStore(new MnemoStoreOptions { ShardsPerDatabase = 2 });
        var db = store.GetDatabase();
        db.StringSet("before", new byte[] { 1 });
        var capture = Internal.Persistence.SnapshotCapture.Begin(store.Core, atPoint: null);
        for (int i = 0; i < 100; i++)
        {
            db.StringSet("after:" + i, new byte[] { 2 }); // new keys, in both shards, none walked yet
        }
        var keys = new List<string>();
        capture.Drain(frame => Internal.Persistence.SnapshotCodec.Decode(
            frame[Internal.Persistence.SnapshotFile.ChunkHeaderSize..], store.DatabaseCount, (_, key, _, _, _) => keys.Add(Encoding.UTF8.GetString(key))));
        Assert.Equal(["before"], keys);
    }

    [Fact]
    public void A_new_key_is_refused_while_writes_are_refused()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        store.Core.WritesRefused = "MISCONF test refusal";
        var e = Assert.Throws<MnemoException>(() => db.StringSet("new", new byte[] { 1 }));
        Assert.Equal("MISCONF test refusal", e.Message);
        store.Core.WritesRefused = null;
        Assert.False(db.KeyExists("new"));
    }

    [Fact]
    public void Plain_set_inside_a_transaction_is_batched_and_undone_with_it()
    {
        using var store = new MnemoStore();
        var recorder = new ChangeRecorder();
        store.SubscribeChanges(recorder);
        var db = store.GetDatabase();
        db.StringSet("a", "before", TimeSpan.FromMinutes(5));
        using (var tx = db.CreateTransaction("a", "b"))
        {
            Assert.Throws<InvalidOperationException>(() => tx.Execute(t =>
            {
                t.StringSet("a", "after");
                t.StringSet("b", "new");
                throw new InvalidOperationException("abort");
            }));
        }
        Assert.Equal("before", db.StringGet("a").ToString());
        Assert.NotNull(db.KeyTimeToLive("a"));
        Assert.False(db.KeyExists("b"));
        Assert.Single(recorder.Records); // only the SET before the transaction was published
        using (var tx = db.CreateTransaction("a", "b"))
        {
            Assert.True(tx.Execute(t =>
            {
                t.StringSet("a", "after");
                t.StringSet("b", "new");
            }));
        }
        Assert.Null(db.KeyTimeToLive("a")); // a plain SET clears the TTL
        Assert.Equal((2L, 2), recorder.Batches[^1]); // both SETs in one batch
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (MnemoException e)
        {
            return e;
        }
    }

    private static string[] Describe(IReadOnlyList<ChangeRecord> records) =>
        [.. records.Select(r => $"{r.Op} {r.Database} {string.Join(",", r.Args.Select(Convert.ToHexString))}")];
}
