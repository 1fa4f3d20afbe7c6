using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo;

internal sealed partial class MnemoDatabase
{
    /// <inheritdoc/>
    public MnemoValue[] SortedSetRangeByRank(MnemoKey key, long start = 0, long stop = -1, Order order = Order.Ascending) =>
        Elements(Range(key, ZRangeQuery.ByRank(start, stop, order == Order.Descending)));

    /// <inheritdoc/>
    public SortedSetEntry[] SortedSetRangeByRankWithScores(MnemoKey key, long start = 0, long stop = -1, Order order = Order.Ascending) =>
        Range(key, ZRangeQuery.ByRank(start, stop, order == Order.Descending));

    /// <inheritdoc/>
    public MnemoValue[] SortedSetRangeByScore(MnemoKey key, double start = double.NegativeInfinity, double stop = double.PositiveInfinity, Exclude exclude = Exclude.None, Order order = Order.Ascending, long skip = 0, long take = -1) =>
        Elements(SortedSetRangeByScoreWithScores(key, start, stop, exclude, order, skip, take));

    /// <inheritdoc/>
    public SortedSetEntry[] SortedSetRangeByScoreWithScores(MnemoKey key, double start = double.NegativeInfinity, double stop = double.PositiveInfinity, Exclude exclude = Exclude.None, Order order = Order.Ascending, long skip = 0, long take = -1) =>
        Range(key, ZRangeQuery.ByScore(ScoreRangeOf(start, stop, exclude), order == Order.Descending, skip, take));

    /// <inheritdoc/>
    public MnemoValue[] SortedSetRangeByValue(MnemoKey key, MnemoValue min = default, MnemoValue max = default, Exclude exclude = Exclude.None, Order order = Order.Ascending, long skip = 0, long take = -1) =>
        Elements(Range(key, ZRangeQuery.ByLex(LexRangeOf(min, max, exclude), order == Order.Descending, skip, take)));

    /// <inheritdoc/>
    public long SortedSetRangeAndStore(MnemoKey sourceKey, MnemoKey destinationKey, MnemoValue start, MnemoValue stop, SortedSetOrder sortedSetOrder = SortedSetOrder.ByRank, Exclude exclude = Exclude.None, Order order = Order.Ascending, long skip = 0, long? take = null)
    {
        using var ack = Track();
        bool reverse = order == Order.Descending;
        ZRangeQuery query;
        switch (sortedSetOrder)
        {
            case SortedSetOrder.ByScore:
                query = ZRangeQuery.ByScore(ScoreRangeOf(ScoreBound(start, double.NegativeInfinity), ScoreBound(stop, double.PositiveInfinity), exclude), reverse, skip, take ?? -1);
                break;
            case SortedSetOrder.ByLex:
                query = ZRangeQuery.ByLex(LexRangeOf(start, stop, exclude), reverse, skip, take ?? -1);
                break;
            default:
                if (!start.TryParse(out long first) || !stop.TryParse(out long last))
                {
                    throw new MnemoException(RedisErrors.NotInteger);
                }
                if (skip != 0 || take is not null)
                {
                    throw new MnemoException(RedisErrors.ZRangeLimitNeedsScoreOrLex);
                }
                query = ZRangeQuery.ByRank(first, last, reverse);
                break;
        }
        Span<byte> scratch = stackalloc byte[Scratch];
        using var source = sourceKey.Encode(scratch);
        Span<byte> destinationScratch = stackalloc byte[Scratch];
        using var destination = destinationKey.Encode(destinationScratch);
        return _db.SortedSetRangeStore(destination.Span, source.Span, query);
    }

    /// <inheritdoc/>
    public long SortedSetRemoveRangeByRank(MnemoKey key, long start, long stop) => RemoveRange(key, ZRangeQuery.ByRank(start, stop));

    /// <inheritdoc/>
    public long SortedSetRemoveRangeByScore(MnemoKey key, double start, double stop, Exclude exclude = Exclude.None) =>
        RemoveRange(key, ZRangeQuery.ByScore(ScoreRangeOf(start, stop, exclude)));

    /// <inheritdoc/>
    public long SortedSetRemoveRangeByValue(MnemoKey key, MnemoValue min, MnemoValue max, Exclude exclude = Exclude.None) =>
        RemoveRange(key, ZRangeQuery.ByLex(LexRangeOf(min, max, exclude)));

    /// <inheritdoc/>
    public MnemoValue[] SortedSetCombine(SetOperation operation, MnemoKey[] keys, double[]? weights = null, Aggregate aggregate = Aggregate.Sum) =>
        Elements(SortedSetCombineWithScores(operation, keys, weights, aggregate));

    /// <inheritdoc/>
    public SortedSetEntry[] SortedSetCombineWithScores(SetOperation operation, MnemoKey[] keys, double[]? weights = null, Aggregate aggregate = Aggregate.Sum)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        return _db.SortedSetCombine(Operation(operation), KeyArrays(keys), weights, (ZAggregate)aggregate);
    }

    /// <inheritdoc/>
    public long SortedSetCombineAndStore(SetOperation operation, MnemoKey destination, MnemoKey[] keys, double[]? weights = null, Aggregate aggregate = Aggregate.Sum)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var d = destination.Encode(scratch);
        return _db.SortedSetCombineStore(Operation(operation), d.Span, KeyArrays(keys), weights, (ZAggregate)aggregate);
    }

    /// <inheritdoc/>
    public long SortedSetCombineAndStore(SetOperation operation, MnemoKey destination, MnemoKey first, MnemoKey second, Aggregate aggregate = Aggregate.Sum) =>
        SortedSetCombineAndStore(operation, destination, [first, second], null, aggregate);

    /// <inheritdoc/>
    public long SortedSetIntersectionLength(MnemoKey[] keys, long limit = 0)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        return _db.SortedSetIntersectionCardinality(KeyArrays(keys), limit);
    }

    private SortedSetEntry[] Range(MnemoKey key, in ZRangeQuery query)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetRange(k.Span, query);
    }

    private long RemoveRange(MnemoKey key, in ZRangeQuery query)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.SortedSetRemoveRange(k.Span, query);
    }

    private static MnemoValue[] Elements(SortedSetEntry[] entries) => Array.ConvertAll(entries, static e => e.Element);

    private static double ScoreBound(MnemoValue bound, double unbounded)
    {
        if (bound.IsNull)
        {
            return unbounded;
        }
        return bound.TryParse(out double value) ? value : throw new MnemoException(RedisErrors.MinMaxNotFloat);
    }

    private static ZSetOperation Operation(SetOperation operation) => operation switch
    {
        SetOperation.Union => ZSetOperation.Union,
        SetOperation.Intersect => ZSetOperation.Inter,
        SetOperation.Difference => ZSetOperation.Diff,
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}
