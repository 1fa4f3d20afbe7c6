using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>
/// Engine-level checks of the key, expiry and bit commands that the typed public API cannot express
/// (option combinations, raw integer arguments the server passes through), and of their handling of
/// collection values, using a minimal test collection.
/// </summary>
public sealed class KeysEngineTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly MnemoStore _store;
    private readonly Db _db;

    public KeysEngineTests()
    {
        _store = new MnemoStore(new MnemoStoreOptions { TimeProvider = _clock, ActiveExpiryInterval = TimeSpan.Zero });
        _db = _store.Core.Database(0);
    }

    public void Dispose() => _store.Dispose();

    private static void AssertError(string expected, Action action) =>
        Assert.Equal(expected, Assert.ThrowsAny<MnemoException>(action).Message);

    private void Set(string key, string value) => _db.Set(System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(value), default);

    private static byte[] B(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData((int)(ExpireFlags.IfNoExpiry | ExpireFlags.IfHasExpiry), RedisErrors.ExpireOptionsIncompatible)]
    [InlineData((int)(ExpireFlags.IfNoExpiry | ExpireFlags.IfGreater), RedisErrors.ExpireOptionsIncompatible)]
    [InlineData((int)(ExpireFlags.IfNoExpiry | ExpireFlags.IfLess), RedisErrors.ExpireOptionsIncompatible)]
    [InlineData((int)(ExpireFlags.IfNoExpiry | ExpireFlags.IfGreater | ExpireFlags.IfLess), RedisErrors.ExpireOptionsIncompatible)]
    [InlineData((int)(ExpireFlags.IfGreater | ExpireFlags.IfLess), RedisErrors.ExpireGtLt)]
    [InlineData((int)(ExpireFlags.IfHasExpiry | ExpireFlags.IfGreater | ExpireFlags.IfLess), RedisErrors.ExpireGtLt)]
    public void Incompatible_expire_options_are_errors(int flagBits, string error)
    {
        var flags = (ExpireFlags)flagBits;
        Set("k", "v");
        AssertError(error, () => _db.Expire(B("k"), 100, milliseconds: false, absolute: false, flags, "expire"));
        AssertError(error, () => _db.Expire(B("missing"), 100, milliseconds: true, absolute: true, flags, "pexpireat"));
        Assert.Equal(-1, _db.TimeToLive(B("k"), milliseconds: true));
    }

    [Fact]
    public void Xx_combines_with_gt_and_lt()
    {
        Set("k", "v");
        Assert.False(_db.Expire(B("k"), 10, false, false, ExpireFlags.IfHasExpiry | ExpireFlags.IfLess, "expire"));
        Assert.True(_db.Expire(B("k"), 10, false, false, ExpireFlags.None, "expire"));
        Assert.True(_db.Expire(B("k"), 20, false, false, ExpireFlags.IfHasExpiry | ExpireFlags.IfGreater, "expire"));
        Assert.False(_db.Expire(B("k"), 30, false, false, ExpireFlags.IfHasExpiry | ExpireFlags.IfLess, "expire"));
        Assert.Equal(20, _db.TimeToLive(B("k"), milliseconds: false));
    }

    [Theory]
    [InlineData(long.MaxValue / 1000 + 1, false, false, "expire")]
    [InlineData(long.MinValue / 1000 - 1, false, false, "expire")]
    [InlineData(long.MaxValue / 1000, false, false, "expire")]       // fits in ms, but not once now is added
    [InlineData(long.MaxValue, true, false, "pexpire")]
    [InlineData(long.MaxValue / 1000 + 1, false, true, "expireat")]
    [InlineData(long.MinValue, false, true, "expireat")]
    public void Expire_times_that_overflow_are_errors(long when, bool milliseconds, bool absolute, string command)
    {
        Set("k", "v");
        AssertError(RedisErrors.InvalidExpireTime(command), () => _db.Expire(B("k"), when, milliseconds, absolute, ExpireFlags.None, command));
        AssertError(RedisErrors.InvalidExpireTime(command), () => _db.Expire(B("missing"), when, milliseconds, absolute, ExpireFlags.None, command));
        Assert.Equal(-1, _db.TimeToLive(B("k"), milliseconds: true));
        Assert.Equal("ERR invalid expire time in 'expire' command", RedisErrors.InvalidExpireTime("expire"));
    }

    [Fact]
    public void Expire_accepts_extreme_absolute_times_and_negative_relative_ones()
    {
        Set("k", "v");
        Assert.True(_db.Expire(B("k"), long.MaxValue, milliseconds: true, absolute: true, ExpireFlags.None, "pexpireat"));
        Assert.Equal(long.MaxValue, _db.ExpireTime(B("k"), milliseconds: true));
        Assert.True(_db.Expire(B("k"), -10, milliseconds: false, absolute: false, ExpireFlags.None, "expire"));
        Assert.Equal(-2, _db.TimeToLive(B("k"), milliseconds: false));
    }

    [Fact]
    public void Setbit_value_must_be_0_or_1_and_offset_is_checked_first()
    {
        Set("k", "v");
        AssertError(RedisErrors.BitValue, () => _db.SetBit(B("k"), 0, 2));
        AssertError(RedisErrors.BitValue, () => _db.SetBit(B("k"), 0, -1));
        AssertError(RedisErrors.BitOffset, () => _db.SetBit(B("k"), -1, 2));
        AssertError(RedisErrors.BitOffset, () => _db.SetBit(B("k"), 1L << 32, 1));
        Assert.Equal("v", _db.Get(B("k")).ToString());
        Assert.Equal("ERR bit is not an integer or out of range", RedisErrors.BitValue);
        Assert.Equal("ERR bit offset is not an integer or out of range", RedisErrors.BitOffset);
    }

    [Fact]
    public void Bitpos_bit_must_be_0_or_1_even_for_a_missing_key()
    {
        AssertError(RedisErrors.BitPosBit, () => _db.BitPosition(B("missing"), 2, null, null, false));
        AssertError(RedisErrors.BitPosBit, () => _db.BitPosition(B("missing"), -1, null, null, false));
        Assert.Equal("ERR The bit argument must be 1 or 0.", RedisErrors.BitPosBit);
    }

    [Fact]
    public void Bitop_rejects_unknown_operations_and_an_empty_source_list()
    {
        Set("a", "x");
        AssertError(RedisErrors.Syntax, () => _db.BitOperation((BitOp)7, B("d"), [B("a")]));
        Assert.Throws<ArgumentException>(() => _db.BitOperation(BitOp.And, B("d"), []));
        Assert.False(_db.Contains(B("d")));
        Assert.Equal("ERR BITOP NOT must be called with a single source key.", RedisErrors.BitOpNotSingle);
    }

    [Fact]
    public void Type_names_are_redis_names()
    {
        Assert.Equal("string", Db.TypeName(ValueKind.StringRaw));
        Assert.Equal("string", Db.TypeName(ValueKind.StringInt));
        Assert.Equal("list", Db.TypeName(ValueKind.List));
        Assert.Equal("set", Db.TypeName(ValueKind.Set));
        Assert.Equal("hash", Db.TypeName(ValueKind.Hash));
        Assert.Equal("zset", Db.TypeName(ValueKind.SortedSet));
        Assert.Equal("none", Db.TypeName(0));
    }

    [Fact]
    public void Scan_count_below_one_is_a_syntax_error()
    {
        AssertError(RedisErrors.Syntax, () => _db.Scan(0, null, 0, 0, []));
    }

    [Fact]
    public void Keys_and_scan_inside_a_transaction_need_every_shard()
    {
        Set("k", "v");
        var db = _store.GetDatabase();
        Assert.Throws<InvalidOperationException>(() => db.CreateTransaction("k").Execute(t => t.Keys()));
        Assert.Throws<InvalidOperationException>(() => db.CreateTransaction("k").Execute(t => t.KeyRandom()));
        Assert.True(db.CreateTransaction().Execute(t => Assert.Equal(["k"], t.Keys().Select(k => k.ToString()))));
        Assert.True(db.CreateTransaction().Execute(t => Assert.Equal("k", t.KeyRandom()!.Value.ToString())));
        Assert.True(db.CreateTransaction().Execute(t => Assert.Single(t.EnumerateKeys())));
        Assert.Throws<InvalidOperationException>(() => db.CreateTransaction("k").Execute(t => t.KeyCopy("k", "k", destinationDatabase: 1)));
        Assert.False(_store.GetDatabase(1).KeyExists("k"));
    }
}
