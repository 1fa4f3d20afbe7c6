using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo;

internal sealed partial class MnemoDatabase
{
    /// <inheritdoc/>
    public bool SortedSetAdd(MnemoKey key, MnemoValue member, double score, SortedSetWhen when = SortedSetWhen.Always, bool changed = false)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetAdd(k.Span, AddFlags(when, changed), [new ScoredMember(score, Member(member))]).Count > 0;
    }

    /// <inheritdoc/>
    public long SortedSetAdd(MnemoKey key, SortedSetEntry[] values, SortedSetWhen when = SortedSetWhen.Always, bool changed = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var ack = Track();
        var entries = new ScoredMember[values.Length];
        for (int e = 0; e < values.Length; e++)
        {
            entries[e] = new ScoredMember(values[e].Score, Member(values[e].Element));
        }
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetAdd(k.Span, AddFlags(when, changed), entries).Count;
    }

    /// <inheritdoc/>
    public double SortedSetIncrement(MnemoKey key, MnemoValue member, double value) =>
        SortedSetIncrement(key, member, value, SortedSetWhen.Always)!.Value;

    /// <inheritdoc/>
    public double? SortedSetIncrement(MnemoKey key, MnemoValue member, double value, SortedSetWhen when)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetAdd(k.Span, AddFlags(when, false) | ZAddFlags.Incr, [new ScoredMember(value, Member(member))]).Score;
    }

    /// <inheritdoc/>
    public double SortedSetDecrement(MnemoKey key, MnemoValue member, double value) => SortedSetIncrement(key, member, -value);

    /// <inheritdoc/>
    public bool SortedSetRemove(MnemoKey key, MnemoValue member) => SortedSetRemove(key, [member]) > 0;

    /// <inheritdoc/>
    public long SortedSetRemove(MnemoKey key, MnemoValue[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        using var ack = Track();
        var arrays = ValueArrays(members);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetRemove(k.Span, arrays);
    }

    /// <inheritdoc/>
    public double? SortedSetScore(MnemoKey key, MnemoValue member)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> memberScratch = stackalloc byte[Scratch];
        using var m = NotNull(member).Encode(memberScratch);
        return _db.SortedSetScore(k.Span, m.Span);
    }

    /// <inheritdoc/>
    public double?[] SortedSetScores(MnemoKey key, MnemoValue[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        using var ack = Track();
        var arrays = ValueArrays(members);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetScores(k.Span, arrays);
    }

    /// <inheritdoc/>
    public long SortedSetLength(MnemoKey key, double min = double.NegativeInfinity, double max = double.PositiveInfinity, Exclude exclude = Exclude.None)
    {
        using var ack = Track();
        var range = ScoreRangeOf(min, max, exclude);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return range == ScoreRange.All ? _db.SortedSetLength(k.Span) : _db.SortedSetCount(k.Span, range);
    }

    /// <inheritdoc/>
    public long SortedSetLengthByValue(MnemoKey key, MnemoValue min, MnemoValue max, Exclude exclude = Exclude.None)
    {
        using var ack = Track();
        var range = LexRangeOf(min, max, exclude);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetLexCount(k.Span, range);
    }

    /// <inheritdoc/>
    public long? SortedSetRank(MnemoKey key, MnemoValue member, Order order = Order.Ascending) =>
        SortedSetRankWithScore(key, member, order)?.Rank;

    /// <inheritdoc/>
    public (long Rank, double Score)? SortedSetRankWithScore(MnemoKey key, MnemoValue member, Order order = Order.Ascending)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> memberScratch = stackalloc byte[Scratch];
        using var m = NotNull(member).Encode(memberScratch);
        return _db.SortedSetRank(k.Span, m.Span, order == Order.Descending);
    }

    /// <inheritdoc/>
    public SortedSetEntry? SortedSetPop(MnemoKey key, Order order = Order.Ascending)
    {
        var popped = SortedSetPop(key, 1, order);
        return popped.Length == 0 ? null : popped[0];
    }

    /// <inheritdoc/>
    public SortedSetEntry[] SortedSetPop(MnemoKey key, long count, Order order = Order.Ascending)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetPop(k.Span, count, order == Order.Descending);
    }

    /// <inheritdoc/>
    public MnemoValue SortedSetRandomMember(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetRandomMember(k.Span)?.Element ?? MnemoValue.Null;
    }

    /// <inheritdoc/>
    public MnemoValue[] SortedSetRandomMembers(MnemoKey key, long count) =>
        Array.ConvertAll(RandomMembers(key, count, false), static e => e.Element);

    /// <inheritdoc/>
    public SortedSetEntry[] SortedSetRandomMembersWithScores(MnemoKey key, long count) => RandomMembers(key, count, true);

    private SortedSetEntry[] RandomMembers(MnemoKey key, long count, bool withScores)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetRandomMembers(k.Span, count, withScores);
    }

    /// <inheritdoc/>
    public IEnumerable<SortedSetEntry> SortedSetScan(MnemoKey key, MnemoValue pattern = default, int pageSize = 250, long cursor = 0)
    {
        if (cursor < 0)
        {
            throw new MnemoException(RedisErrors.InvalidCursor);
        }
        if (pageSize < 1)
        {
            throw new MnemoException(RedisErrors.Syntax);
        }
        // The key is copied: the walk is lazy and must not see later changes to a caller's array.
        var keyBytes = key.ToArray();
        var patternBytes = pattern.IsNull ? null : pattern.ToArray();
        return ScanAll((ulong)cursor, next =>
        {
            var (following, entries) = _db.SortedSetScan(keyBytes, next, patternBytes, patternBytes is not null, pageSize);
            return (following, entries);
        });
    }

    private static ZAddFlags AddFlags(SortedSetWhen when, bool changed)
    {
        var flags = changed ? ZAddFlags.Ch : ZAddFlags.None;
        if ((when & SortedSetWhen.Exists) != 0)
        {
            flags |= ZAddFlags.Xx;
        }
        if ((when & SortedSetWhen.NotExists) != 0)
        {
            flags |= ZAddFlags.Nx;
        }
        if ((when & SortedSetWhen.GreaterThan) != 0)
        {
            flags |= ZAddFlags.Gt;
        }
        if ((when & SortedSetWhen.LessThan) != 0)
        {
            flags |= ZAddFlags.Lt;
        }
        return flags;
    }

    private static byte[] Member(MnemoValue member) => NotNull(member).ToArray();

    private static MnemoValue NotNull(MnemoValue member) =>
        member.IsNull ? throw new ArgumentException("A sorted-set member must not be null.", nameof(member)) : member;

    /// <summary>A score range from public arguments; NaN bounds are refused as Redis refuses "nan".</summary>
    private static ScoreRange ScoreRangeOf(double min, double max, Exclude exclude)
    {
        if (double.IsNaN(min) || double.IsNaN(max))
        {
            throw new MnemoException(RedisErrors.MinMaxNotFloat);
        }
        return new ScoreRange(min, max, (exclude & Exclude.Start) != 0, (exclude & Exclude.Stop) != 0);
    }

    /// <summary>A lex range from public arguments: Null is unbounded (- / +), otherwise [value or (value.</summary>
    private static LexRange LexRangeOf(MnemoValue min, MnemoValue max, Exclude exclude) => new(
        min.IsNull ? LexBound.Minus : new LexBound((exclude & Exclude.Start) != 0 ? LexBoundKind.Exclusive : LexBoundKind.Inclusive, min.ToArray()),
        max.IsNull ? LexBound.Plus : new LexBound((exclude & Exclude.Stop) != 0 ? LexBoundKind.Exclusive : LexBoundKind.Inclusive, max.ToArray()));
}
