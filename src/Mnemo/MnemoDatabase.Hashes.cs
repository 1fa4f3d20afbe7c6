namespace Mnemo;

internal sealed partial class MnemoDatabase
{
    /// <inheritdoc/>
    public bool HashSet(MnemoKey key, MnemoValue field, MnemoValue value, When when = When.Always)
    {
        if (when == When.Exists)
        {
            throw new ArgumentException("Redis has no HSET XX: use When.Always or When.NotExists (HSETNX).", nameof(when));
        }
        using var ack = Track();
        Span<byte> fieldScratch = stackalloc byte[Scratch];
        using var f = NotNullMember(field).Encode(fieldScratch);
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = NotNullMember(value).Encode(valueScratch);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        // encoded on the stack; the hash copies what it keeps
        return _db.HashSet(k.Span, new Internal.Keyspace.OnePair(f.Span, v.Span), onlyIfNew: when == When.NotExists) == 1;
    }

    /// <inheritdoc/>
    public long HashSet(MnemoKey key, params HashEntry[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var ack = Track();
        var pairs = new KeyValuePair<byte[], byte[]>[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            pairs[i] = new(NotNullMember(entries[i].Name).ToArray(), NotNullMember(entries[i].Value).ToArray());
        }
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.HashSet(k.Span, pairs);
    }

    /// <inheritdoc/>
    public bool HashSetIfNotExists(MnemoKey key, MnemoValue field, MnemoValue value) =>
        HashSet(key, field, value, When.NotExists);

    /// <inheritdoc/>
    public MnemoValue HashGet(MnemoKey key, MnemoValue field)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> fieldScratch = stackalloc byte[Scratch];
        using var f = NotNullMember(field).Encode(fieldScratch);
        return _db.HashGet(k.Span, f.Span);
    }

    /// <inheritdoc/>
    public MnemoValue[] HashGet(MnemoKey key, params MnemoValue[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var ack = Track();
        var names = ValueArrays(fields);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.HashGet(k.Span, names);
    }

    /// <inheritdoc/>
    public HashEntry[] HashGetAll(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.HashGetAll(k.Span);
    }

    /// <inheritdoc/>
    public bool HashDelete(MnemoKey key, MnemoValue field) => HashDelete(key, [field]) == 1;

    /// <inheritdoc/>
    public long HashDelete(MnemoKey key, params MnemoValue[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var ack = Track();
        var names = ValueArrays(fields);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.HashDelete(k.Span, names);
    }

    /// <inheritdoc/>
    public bool HashExists(MnemoKey key, MnemoValue field)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> fieldScratch = stackalloc byte[Scratch];
        using var f = NotNullMember(field).Encode(fieldScratch);
        return _db.HashExists(k.Span, f.Span);
    }

    /// <inheritdoc/>
    public long HashLength(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.HashLength(k.Span);
    }

    /// <inheritdoc/>
    public MnemoValue[] HashKeys(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.HashKeysOrValues(k.Span, values: false);
    }

    /// <inheritdoc/>
    public MnemoValue[] HashValues(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.HashKeysOrValues(k.Span, values: true);
    }

    /// <inheritdoc/>
    public long HashIncrement(MnemoKey key, MnemoValue field, long value = 1)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> fieldScratch = stackalloc byte[Scratch];
        using var f = NotNullMember(field).Encode(fieldScratch);
        return _db.HashIncrement(k.Span, f.Span, value);
    }

    /// <inheritdoc/>
    public long HashDecrement(MnemoKey key, MnemoValue field, long value = 1)
    {
        if (value == long.MinValue)
        {
            throw new MnemoException(RedisErrors.Overflow); // the negated amount does not exist
        }
        return HashIncrement(key, field, -value);
    }

    /// <inheritdoc/>
    public double HashIncrement(MnemoKey key, MnemoValue field, double value)
    {
        using var ack = Track();
        if (double.IsNaN(value))
        {
            throw new MnemoException(RedisErrors.NotFloat); // the text "nan" is not a float to Redis
        }
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> fieldScratch = stackalloc byte[Scratch];
        using var f = NotNullMember(field).Encode(fieldScratch);
        Span<byte> number = stackalloc byte[64];
        using var v = ((MnemoValue)value).Encode(number);
        return (double)_db.HashIncrementFloat(k.Span, f.Span, v.Span);
    }

    /// <inheritdoc/>
    public double HashDecrement(MnemoKey key, MnemoValue field, double value) => HashIncrement(key, field, -value);

    /// <inheritdoc/>
    public long HashStringLength(MnemoKey key, MnemoValue field)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> fieldScratch = stackalloc byte[Scratch];
        using var f = NotNullMember(field).Encode(fieldScratch);
        return _db.HashStringLength(k.Span, f.Span);
    }

    /// <inheritdoc/>
    public MnemoValue HashRandomField(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.HashRandomField(k.Span);
    }

    /// <inheritdoc/>
    public MnemoValue[] HashRandomFields(MnemoKey key, long count)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        var entries = _db.HashRandomFields(k.Span, count, withValues: false);
        var names = new MnemoValue[entries.Length];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = entries[i].Name;
        }
        return names;
    }

    /// <inheritdoc/>
    public HashEntry[] HashRandomFieldsWithValues(MnemoKey key, long count)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.HashRandomFields(k.Span, count, withValues: true);
    }

    /// <inheritdoc/>
    public IEnumerable<HashEntry> HashScan(MnemoKey key, MnemoValue pattern = default, int pageSize = 250)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var keyBytes = key.ToArray();
        var patternBytes = pattern.IsNull ? null : pattern.ToArray();
        return ScanAll(0, cursor =>
        {
            var page = _db.HashScan(keyBytes, cursor, patternBytes, pageSize);
            return (unchecked((ulong)page.Cursor), page.Entries);
        });
    }

    /// <inheritdoc/>
    public HashScanResult HashScanPage(MnemoKey key, long cursor, MnemoValue pattern = default, long count = 10)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.HashScan(k.Span, unchecked((ulong)cursor), pattern.IsNull ? null : pattern.ToArray(), count);
    }
}
