using Mnemo.Internal.Keyspace;

namespace Mnemo;

internal sealed partial class MnemoDatabase
{
    /// <inheritdoc/>
    public long ListLeftPush(MnemoKey key, MnemoValue value, When when = When.Always) => PushOne(key, value, left: true, when);

    /// <inheritdoc/>
    public long ListLeftPush(MnemoKey key, MnemoValue[] values, When when = When.Always) => Push(key, PushValues(values), left: true, when);

    /// <inheritdoc/>
    public long ListRightPush(MnemoKey key, MnemoValue value, When when = When.Always) => PushOne(key, value, left: false, when);

    /// <inheritdoc/>
    public long ListRightPush(MnemoKey key, MnemoValue[] values, When when = When.Always) => Push(key, PushValues(values), left: false, when);

    /// <inheritdoc/>
    public MnemoValue ListLeftPop(MnemoKey key) => PopOne(key, left: true);

    /// <inheritdoc/>
    public MnemoValue[]? ListLeftPop(MnemoKey key, long count) => PopMany(key, left: true, count);

    /// <inheritdoc/>
    public MnemoValue ListRightPop(MnemoKey key) => PopOne(key, left: false);

    /// <inheritdoc/>
    public MnemoValue[]? ListRightPop(MnemoKey key, long count) => PopMany(key, left: false, count);

    /// <inheritdoc/>
    public ListPopResult? ListLeftPop(MnemoKey[] keys, long count) => PopFirst(keys, left: true, count);

    /// <inheritdoc/>
    public ListPopResult? ListRightPop(MnemoKey[] keys, long count) => PopFirst(keys, left: false, count);

    /// <inheritdoc/>
    public long ListLength(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.ListLength(k.Span);
    }

    /// <inheritdoc/>
    public MnemoValue[] ListRange(MnemoKey key, long start = 0, long stop = -1)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.ListRange(k.Span, start, stop);
    }

    /// <inheritdoc/>
    public MnemoValue ListGetByIndex(MnemoKey key, long index)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.ListIndex(k.Span, index);
    }

    /// <inheritdoc/>
    public void ListSetByIndex(MnemoKey key, long index, MnemoValue value)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = value.Encode(valueScratch);
        _db.ListSet(k.Span, index, v.Span);
    }

    /// <inheritdoc/>
    public long ListInsertBefore(MnemoKey key, MnemoValue pivot, MnemoValue value) => Insert(key, after: false, pivot, value);

    /// <inheritdoc/>
    public long ListInsertAfter(MnemoKey key, MnemoValue pivot, MnemoValue value) => Insert(key, after: true, pivot, value);

    /// <inheritdoc/>
    public long ListRemove(MnemoKey key, MnemoValue value, long count = 0)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = value.Encode(valueScratch);
        return _db.ListRemove(k.Span, count, v.Span);
    }

    /// <inheritdoc/>
    public void ListTrim(MnemoKey key, long start, long stop)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        _db.ListTrim(k.Span, start, stop);
    }

    /// <inheritdoc/>
    public long ListPosition(MnemoKey key, MnemoValue element, long rank = 1, long maxLength = 0)
    {
        var found = Positions(key, element, rank, 1, maxLength);
        return found.Length == 0 ? -1 : found[0];
    }

    /// <inheritdoc/>
    public long[] ListPositions(MnemoKey key, MnemoValue element, long count, long rank = 1, long maxLength = 0) =>
        Positions(key, element, rank, count, maxLength);

    /// <inheritdoc/>
    public MnemoValue ListMove(MnemoKey source, MnemoKey destination, ListSide sourceSide, ListSide destinationSide)
    {
        using var ack = Track();
        return MnemoValue.Own(_db.ListMove(source.Bytes(), destination.Bytes(), sourceSide == ListSide.Left, destinationSide == ListSide.Left, out _));
    }

    /// <inheritdoc/>
    public MnemoValue ListRightPopLeftPush(MnemoKey source, MnemoKey destination) =>
        ListMove(source, destination, ListSide.Right, ListSide.Left);

    /// <inheritdoc/>
    public Task<KeyValuePair<MnemoKey, MnemoValue>?> ListBlockingLeftPopAsync(MnemoKey[] keys, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        BlockingPopOne(keys, left: true, timeout, cancellationToken);

    /// <inheritdoc/>
    public Task<KeyValuePair<MnemoKey, MnemoValue>?> ListBlockingRightPopAsync(MnemoKey[] keys, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        BlockingPopOne(keys, left: false, timeout, cancellationToken);

    /// <inheritdoc/>
    public async Task<MnemoValue> ListBlockingMoveAsync(
        MnemoKey source, MnemoKey destination, ListSide sourceSide, ListSide destinationSide, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var ack = Track();
        byte[] from = source.ToArray();
        byte[] to = destination.ToArray();
        bool fromLeft = sourceSide == ListSide.Left;
        bool toLeft = destinationSide == ListSide.Left;
        var moved = await BlockingPop.RunAsync<byte[]>(_db, [from], ValueKind.List, timeout, () =>
        {
            var value = _db.ListMove(from, to, fromLeft, toLeft, out int remaining);
            return value is null ? null : new PopAttempt<byte[]>(value, 0, remaining);
        }, cancellationToken).ConfigureAwait(false);
        return moved is { } m ? MnemoValue.Own(m.Result) : MnemoValue.Null;
    }

    /// <inheritdoc/>
    public Task<MnemoValue> ListBlockingRightPopLeftPushAsync(MnemoKey source, MnemoKey destination, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ListBlockingMoveAsync(source, destination, ListSide.Right, ListSide.Left, timeout, cancellationToken);

    /// <inheritdoc/>
    public async Task<ListPopResult?> ListBlockingPopAsync(MnemoKey[] keys, ListSide side, long count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        var keyBytes = CopiedKeys(keys);
        bool left = side == ListSide.Left;
        var popped = await BlockingPop.RunAsync(_db, keyBytes, ValueKind.List, timeout, () => Attempt(keyBytes, left, count), cancellationToken).ConfigureAwait(false);
        return popped is { } p ? new ListPopResult(keys[p.KeyIndex], Values(p.Result.Values)) : null;
    }

    private async Task<KeyValuePair<MnemoKey, MnemoValue>?> BlockingPopOne(MnemoKey[] keys, bool left, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        var keyBytes = CopiedKeys(keys);
        var popped = await BlockingPop.RunAsync(_db, keyBytes, ValueKind.List, timeout, () => Attempt(keyBytes, left, 1), cancellationToken).ConfigureAwait(false);
        return popped is { } p ? new KeyValuePair<MnemoKey, MnemoValue>(keys[p.KeyIndex], MnemoValue.Own(p.Result.Values[0])) : null;
    }

    private PopAttempt<ListPopped>? Attempt(byte[][] keys, bool left, long count) =>
        _db.ListPopFirst(keys, left, count) is { } popped ? new PopAttempt<ListPopped>(popped, popped.KeyIndex, popped.Remaining) : null;

    private long Push(MnemoKey key, byte[][] values, bool left, When when)
    {
        CheckPushCondition(when);
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.ListPush(k.Span, values, left, onlyIfExists: when == When.Exists);
    }

    /// <summary>One value: encoded on the stack and copied once, into the list's node.</summary>
    private long PushOne(MnemoKey key, MnemoValue value, bool left, When when)
    {
        CheckPushCondition(when);
        if (value.IsNull)
        {
            throw new ArgumentException("Values must not be null.", nameof(value));
        }
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = value.Encode(valueScratch);
        return _db.ListPush(k.Span, v.Span, left, onlyIfExists: when == When.Exists);
    }

    private static void CheckPushCondition(When when)
    {
        if (when == When.NotExists)
        {
            throw new ArgumentException("List pushes support When.Always (LPUSH/RPUSH) and When.Exists (LPUSHX/RPUSHX) only.", nameof(when));
        }
    }

    private MnemoValue PopOne(MnemoKey key, bool left)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        var reader = new ValueCopy();
        return _db.TryListPop(k.Span, left, ref reader) ? reader.Value : MnemoValue.Null;
    }

    /// <summary>Copies the element out under the lock (values up to <see cref="MnemoValue.InlineCapacity"/> bytes need no array).</summary>
    private struct ValueCopy : IValueReader
    {
        public MnemoValue Value;

        public void Read(scoped ReadOnlySpan<byte> value) => Value = MnemoValue.FromBytes(value);
    }

    private MnemoValue[]? PopMany(MnemoKey key, bool left, long count)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.ListPop(k.Span, left, count) is { } popped ? Values(popped) : null;
    }

    private ListPopResult? PopFirst(MnemoKey[] keys, bool left, long count)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        return _db.ListPopFirst(KeyArrays(keys), left, count) is { } popped ? new ListPopResult(keys[popped.KeyIndex], Values(popped.Values)) : null;
    }

    private long Insert(MnemoKey key, bool after, MnemoValue pivot, MnemoValue value)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> pivotScratch = stackalloc byte[Scratch];
        using var p = pivot.Encode(pivotScratch);
        Span<byte> valueScratch = stackalloc byte[Scratch];
        using var v = value.Encode(valueScratch);
        return _db.ListInsert(k.Span, after, p.Span, v.Span);
    }

    private long[] Positions(MnemoKey key, MnemoValue element, long rank, long count, long maxLength)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> elementScratch = stackalloc byte[Scratch];
        using var e = element.Encode(elementScratch);
        return _db.ListPositions(k.Span, e.Span, rank, count, maxLength);
    }

    private static byte[][] PushValues(MnemoValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            throw new ArgumentException("At least one value is required.", nameof(values));
        }
        return ValueArrays(values);
    }

    /// <summary>Copies of the keys: a blocked reader holds them while it waits.</summary>
    private static byte[][] CopiedKeys(MnemoKey[] keys)
    {
        var result = new byte[keys.Length][];
        for (int i = 0; i < keys.Length; i++)
        {
            result[i] = keys[i].ToArray();
        }
        return result;
    }

    private static MnemoValue[] Values(byte[][] popped)
    {
        var result = new MnemoValue[popped.Length];
        for (int i = 0; i < popped.Length; i++)
        {
            result[i] = MnemoValue.Own(popped[i]);
        }
        return result;
    }
}
