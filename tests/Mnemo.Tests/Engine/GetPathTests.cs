using System.Text;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>
/// The embedded GET reads a string or a missing key without the shard lock, and hands every other
/// case (a due expiry, a wrong type, a key of 128 bytes or more) to a GET under the lock. Each case
/// must give the same value, count the same statistics once, and leave the shard's lock free for
/// other threads (the lock is re-entrant, so only another thread would see it left held).
/// </summary>
public sealed class GetPathTests
{
    private readonly ManualClock _clock = new();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(14)] // the longest value copied inside the returned struct
    [InlineData(15)] // the shortest that needs an array
    [InlineData(300)]
    public void A_raw_string_of_any_length_is_returned_and_counted_once(int length)
    {
        using var store = NewStore();
        var db = store.GetDatabase();
        var value = new byte[length];
        new Random(length).NextBytes(value);
        value.AsSpan().Replace((byte)'1', (byte)'x'); // never a canonical integer
        db.StringSet("k", value);

        var before = store.GetStatistics();
        Assert.Equal(value, db.StringGet("k").ToArray());
        AssertCounted(store, before, hits: 1, misses: 0);
        AssertLockFree(db, "k");
    }

    [Fact]
    public void A_missing_key_is_null_and_counted_as_a_miss()
    {
        using var store = NewStore();
        var db = store.GetDatabase();
        db.StringSet("present", "v");

        var before = store.GetStatistics();
        Assert.True(db.StringGet("absent").IsNull);
        AssertCounted(store, before, hits: 0, misses: 1);
        AssertLockFree(db, "absent");
    }

    [Fact]
    public void An_integer_value_comes_back_as_its_text()
    {
        using var store = NewStore();
        var db = store.GetDatabase();
        db.StringSet("n", -1234567);

        var before = store.GetStatistics();
        Assert.Equal("-1234567", db.StringGet("n").ToString());
        AssertCounted(store, before, hits: 1, misses: 0);
        AssertLockFree(db, "n");
    }

    [Fact]
    public void A_key_with_a_ttl_is_read_until_it_is_due_then_expires_on_the_get()
    {
        using var store = NewStore();
        var db = store.GetDatabase();
        db.StringSet("t", "short", TimeSpan.FromSeconds(10));

        var before = store.GetStatistics();
        Assert.Equal("short", db.StringGet("t").ToString());
        AssertCounted(store, before, hits: 1, misses: 0);

        _clock.Advance(TimeSpan.FromSeconds(11));
        before = store.GetStatistics();
        Assert.True(db.StringGet("t").IsNull);
        AssertCounted(store, before, hits: 0, misses: 1);
        Assert.Equal(before.ExpiredKeys + 1, store.GetStatistics().ExpiredKeys);
        Assert.Equal(0, db.DatabaseSize());
        AssertLockFree(db, "t");
    }

    [Fact]
    public void Wrong_type_throws_and_releases_the_lock()
    {
        using var store = NewStore();
        var db = store.GetDatabase();
        db.ListLeftPush("list", "a");

        Assert.Throws<MnemoWrongTypeException>(() => db.StringGet("list"));
        AssertLockFree(db, "list");
    }

    [Fact]
    public void Long_keys_binary_keys_and_non_ascii_keys_find_their_values()
    {
        using var store = NewStore();
        var db = store.GetDatabase();
        string longKey = new('k', 200); // a two-byte key length in the record
        byte[] binaryKey = [0, 255, 128, 7, 0];
        string accented = "clé:été";
        db.StringSet(longKey, "long");
        db.StringSet(binaryKey, "binary");
        db.StringSet(accented, "accented");

        Assert.Equal("long", db.StringGet(longKey).ToString());
        Assert.Equal("binary", db.StringGet(binaryKey).ToString());
        Assert.Equal("accented", db.StringGet(accented).ToString());
        Assert.Equal("accented", db.StringGet(Encoding.UTF8.GetBytes(accented)).ToString());
        Assert.True(db.StringGet(new string('k', 199)).IsNull);
        AssertLockFree(db, longKey);
    }

    [Fact]
    public void A_returned_value_is_a_copy()
    {
        using var store = NewStore();
        var db = store.GetDatabase();
        db.StringSet("short", "abc");
        db.StringSet("long", new string('z', 40));

        var shortCopy = db.StringGet("short").ToArray();
        var longCopy = db.StringGet("long").ToArray();
        shortCopy[0] = (byte)'X';
        longCopy[0] = (byte)'X';
        Assert.Equal("abc", db.StringGet("short").ToString());
        Assert.Equal(new string('z', 40), db.StringGet("long").ToString());
    }

    private MnemoStore NewStore() =>
        new(new MnemoStoreOptions { TimeProvider = _clock, ActiveExpiryInterval = TimeSpan.Zero });

    private static void AssertCounted(MnemoStore store, MnemoStatistics before, long hits, long misses)
    {
        var after = store.GetStatistics();
        Assert.Equal(before.CommandsProcessed + 1, after.CommandsProcessed);
        Assert.Equal(before.KeyspaceHits + hits, after.KeyspaceHits);
        Assert.Equal(before.KeyspaceMisses + misses, after.KeyspaceMisses);
    }

    /// <summary>Another thread can write the key (and so take its shard's lock) within a few seconds.</summary>
    private static void AssertLockFree(IMnemoDatabase db, string key)
    {
        var other = Task.Run(() => db.KeyDelete(key));
        Assert.True(other.Wait(TimeSpan.FromSeconds(10)), $"the shard lock of '{key}' was left held");
    }
}
