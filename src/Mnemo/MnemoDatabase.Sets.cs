namespace Mnemo;

internal sealed partial class MnemoDatabase
{
    /// <inheritdoc/>
    public bool SetAdd(MnemoKey key, MnemoValue value) => SetAdd(key, [value]) == 1;

    /// <inheritdoc/>
    public long SetAdd(MnemoKey key, params MnemoValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var ack = Track();
        var members = ValueArrays(values);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetAdd(k.Span, members);
    }

    /// <inheritdoc/>
    public bool SetRemove(MnemoKey key, MnemoValue value) => SetRemove(key, [value]) == 1;

    /// <inheritdoc/>
    public long SetRemove(MnemoKey key, params MnemoValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var ack = Track();
        var members = ValueArrays(values);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetRemove(k.Span, members);
    }

    /// <inheritdoc/>
    public MnemoValue[] SetMembers(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetMembers(k.Span);
    }

    /// <inheritdoc/>
    public bool SetContains(MnemoKey key, MnemoValue value)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = NotNullMember(value).Encode(valueScratch);
        return _db.SetContains(k.Span, v.Span);
    }

    /// <inheritdoc/>
    public bool[] SetContains(MnemoKey key, params MnemoValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var ack = Track();
        var members = ValueArrays(values);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetContains(k.Span, members);
    }

    /// <inheritdoc/>
    public long SetLength(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetLength(k.Span);
    }

    /// <inheritdoc/>
    public MnemoValue SetPop(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetPop(k.Span);
    }

    /// <inheritdoc/>
    public MnemoValue[] SetPop(MnemoKey key, long count)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetPop(k.Span, count);
    }

    /// <inheritdoc/>
    public MnemoValue SetRandomMember(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetRandomMember(k.Span);
    }

    /// <inheritdoc/>
    public MnemoValue[] SetRandomMembers(MnemoKey key, long count)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetRandomMembers(k.Span, count);
    }

    /// <inheritdoc/>
    public bool SetMove(MnemoKey source, MnemoKey destination, MnemoValue value)
    {
        using var ack = Track();
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = NotNullMember(value).Encode(valueScratch);
        return _db.SetMove(source.Bytes(), destination.Bytes(), v.Span);
    }

    /// <inheritdoc/>
    public MnemoValue[] SetCombine(SetOperation operation, MnemoKey first, MnemoKey second) =>
        SetCombine(operation, [first, second]);

    /// <inheritdoc/>
    public MnemoValue[] SetCombine(SetOperation operation, params MnemoKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        return _db.SetCombine(operation, KeyArrays(keys));
    }

    /// <inheritdoc/>
    public long SetCombineAndStore(SetOperation operation, MnemoKey destination, MnemoKey first, MnemoKey second) =>
        SetCombineAndStore(operation, destination, [first, second]);

    /// <inheritdoc/>
    public long SetCombineAndStore(SetOperation operation, MnemoKey destination, params MnemoKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        return _db.SetCombineAndStore(operation, destination.Bytes(), KeyArrays(keys));
    }

    /// <inheritdoc/>
    public long SetIntersectionLength(MnemoKey[] keys, long limit = 0)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        return _db.SetIntersectionLength(KeyArrays(keys), limit);
    }

    /// <inheritdoc/>
    public IEnumerable<MnemoValue> SetScan(MnemoKey key, MnemoValue pattern = default, int pageSize = 250)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var keyBytes = key.ToArray();
        var patternBytes = pattern.IsNull ? null : pattern.ToArray();
        return ScanAll(0, cursor =>
        {
            var page = _db.SetScan(keyBytes, cursor, patternBytes, pageSize);
            return (unchecked((ulong)page.Cursor), page.Members);
        });
    }

    /// <inheritdoc/>
    public SetScanResult SetScanPage(MnemoKey key, long cursor, MnemoValue pattern = default, long count = 10)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SetScan(k.Span, unchecked((ulong)cursor), pattern.IsNull ? null : pattern.ToArray(), count);
    }

    private static MnemoValue NotNullMember(MnemoValue value) =>
        value.IsNull ? throw new ArgumentException("Values must not be null.", nameof(value)) : value;
}
