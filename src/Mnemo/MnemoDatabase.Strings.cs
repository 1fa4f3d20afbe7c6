using System.Runtime.CompilerServices;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Text;

namespace Mnemo;

internal sealed partial class MnemoDatabase
{
    /// <inheritdoc/>
    public MnemoValue StringGet(MnemoKey key)
    {
        // No Track(): the engine counts this call (ReadCounters, or ShardStats under the shard
        // lock), and a read has no write to acknowledge. No try/finally either unless the key needs the UTF-8 encoder (and so
        // perhaps a pooled array): the GET's instruction count decides whether back-to-back GETs
        // overlap their cache misses (docs/benchmarks.md, "Why the embedded GET's instruction
        // count matters").
        Span<byte> scratch = stackalloc byte[Scratch];
        return key.TryGetBytes(scratch, out var bytes, out int hash) ? _db.Get(bytes, hash) : StringGetEncoded(key, scratch);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // keeps the try/finally out of StringGet
    private MnemoValue StringGetEncoded(MnemoKey key, Span<byte> scratch)
    {
        using var k = key.Encode(scratch);
        return _db.Get(k.Span);
    }

    /// <inheritdoc/>
    public MnemoValue[] StringGet(params MnemoKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        return _db.GetMany(KeyArrays(keys));
    }

    /// <inheritdoc/>
    public bool StringSet(MnemoKey key, MnemoValue value, TimeSpan? expiry = null, When when = When.Always, bool keepTtl = false)
    {
        if (expiry is null && when == When.Always && !keepTtl)
        {
            // The common call: no options to build, no result to return, and the engine counts
            // it under the shard lock (no Track()).
            SetPlain(key, value);
            return true;
        }
        using var ack = Track();
        var options = new SetOptions(Condition(when), expiry is { } ttl ? ExpiresAt(ttl, "set") : 0, keepTtl && expiry is null);
        return Set(key, value, options).Written;
    }

    /// <inheritdoc/>
    public bool StringSet(MnemoKey key, MnemoValue value, DateTimeOffset expiresAt, When when = When.Always)
    {
        using var ack = Track();
        return Set(key, value, new SetOptions(Condition(when), ExpiresAt(expiresAt, "set"))).Written;
    }

    /// <inheritdoc/>
    public bool StringSet(IEnumerable<KeyValuePair<MnemoKey, MnemoValue>> values, When when = When.Always)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (when == When.Exists)
        {
            throw new ArgumentException("MSET supports When.Always and When.NotExists (MSETNX) only.", nameof(when));
        }
        using var ack = Track();
        var pairs = values.Select(p => new KeyValuePair<byte[], byte[]>(p.Key.Bytes(), p.Value.ToArray())).ToList();
        return _db.SetMany(pairs, when == When.NotExists);
    }

    /// <inheritdoc/>
    public MnemoValue StringSetAndGet(MnemoKey key, MnemoValue value, TimeSpan? expiry = null, When when = When.Always, bool keepTtl = false)
    {
        using var ack = Track();
        var options = new SetOptions(Condition(when), expiry is { } ttl ? ExpiresAt(ttl, "set") : 0, keepTtl && expiry is null, ReturnOld: true);
        return Set(key, value, options).Previous;
    }

    /// <inheritdoc/>
    public MnemoValue StringGetDelete(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.GetDelete(k.Span);
    }

    /// <inheritdoc/>
    public MnemoValue StringGetSetExpiry(MnemoKey key, TimeSpan? expiry)
    {
        using var ack = Track();
        long at = expiry is { } ttl ? ExpiresAt(ttl, "getex") : 0;
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.GetAndExpire(k.Span, at);
    }

    /// <inheritdoc/>
    public MnemoValue StringGetSetExpiry(MnemoKey key, DateTimeOffset expiresAt)
    {
        using var ack = Track();
        long at = ExpiresAt(expiresAt, "getex");
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.GetAndExpire(k.Span, at);
    }

    /// <inheritdoc/>
    public long StringIncrement(MnemoKey key, long value = 1)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.Increment(k.Span, value);
    }

    /// <inheritdoc/>
    public long StringDecrement(MnemoKey key, long value = 1)
    {
        if (value == long.MinValue)
        {
            throw new MnemoException(RedisErrors.Overflow); // DECRBY cannot negate long.MinValue
        }
        return StringIncrement(key, -value);
    }

    /// <inheritdoc/>
    public double StringIncrement(MnemoKey key, double value)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> number = stackalloc byte[64];
        using var v = ((MnemoValue)value).Encode(number);
        return (double)_db.IncrementFloat(k.Span, v.Span);
    }

    /// <inheritdoc/>
    public long StringAppend(MnemoKey key, MnemoValue value)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = value.Encode(valueScratch);
        return _db.Append(k.Span, v.Span);
    }

    /// <inheritdoc/>
    public long StringLength(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.Length(k.Span);
    }

    /// <inheritdoc/>
    public MnemoValue StringGetRange(MnemoKey key, long start, long end)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.GetRange(k.Span, start, end);
    }

    /// <inheritdoc/>
    public long StringSetRange(MnemoKey key, long offset, MnemoValue value)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = value.Encode(valueScratch);
        return _db.SetRange(k.Span, offset, v.Span);
    }

    private SetResult Set(MnemoKey key, MnemoValue value, in SetOptions options)
    {
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = value.Encode(valueScratch);
        return _db.Set(k.Span, v.Span, options);
    }

    /// <summary>
    /// A SET without options. An ASCII or byte-array key and a byte-array or short value go
    /// straight to the engine, the key hashed while it is narrowed and without a try/finally
    /// (nothing is rented; a throwing SET wrote nothing to acknowledge); anything else takes
    /// <see cref="SetPlainEncoded"/>.
    /// </summary>
    private void SetPlain(MnemoKey key, MnemoValue value)
    {
        var keyScratch = new KeyScratch();
        var valueScratch = new InlineValueScratch();
        if (key.TryGetBytes(keyScratch, out var k, out int hash) && value.TryGetBytes(valueScratch, out var v))
        {
            _db.Set(k, hash, v, countCommand: true);
            Store.Persistence?.Acknowledge();
            return;
        }
        SetPlainEncoded(key, value);
    }

    /// <summary><see cref="SetPlain"/> for a key or value that needs the UTF-8 encoder or a pooled array.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetPlainEncoded(MnemoKey key, MnemoValue value)
    {
        using var durable = Acknowledgement();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = value.Encode(valueScratch);
        _db.Set(k.Span, v.Span, countCommand: true);
    }

    private static SetCondition Condition(When when) => when switch
    {
        When.NotExists => SetCondition.IfNotExists,
        When.Exists => SetCondition.IfExists,
        _ => SetCondition.Always,
    };
}
