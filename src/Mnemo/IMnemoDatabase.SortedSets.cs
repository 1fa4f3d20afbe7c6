namespace Mnemo;

public partial interface IMnemoDatabase
{
    /// <summary>ZADD: adds a member or updates its score. Returns true when the member was added (or, with <paramref name="changed"/>, added or rescored).</summary>
    /// <param name="key">The key.</param>
    /// <param name="member">The member.</param>
    /// <param name="score">Its score (infinities allowed; NaN is refused).</param>
    /// <param name="when">NX / XX / GT / LT conditions.</param>
    /// <param name="changed">CH: count members whose score changed as well as added ones.</param>
    /// <exception cref="MnemoException">NaN score, or conflicting conditions (Redis's texts).</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    bool SortedSetAdd(MnemoKey key, MnemoValue member, double score, SortedSetWhen when = SortedSetWhen.Always, bool changed = false);

    /// <summary>ZADD of several members at once (atomic); returns how many were added (or, with <paramref name="changed"/>, added or rescored).</summary>
    /// <exception cref="MnemoException">No members, a NaN score, or conflicting conditions.</exception>
    long SortedSetAdd(MnemoKey key, SortedSetEntry[] values, SortedSetWhen when = SortedSetWhen.Always, bool changed = false);

    /// <summary>ZINCRBY: adds <paramref name="value"/> to the member's score (a missing member starts at 0); returns the new score.</summary>
    /// <exception cref="MnemoException">The result would be NaN (<c>inf</c> + <c>-inf</c>).</exception>
    double SortedSetIncrement(MnemoKey key, MnemoValue member, double value);

    /// <summary>ZADD INCR with conditions: the new score, or null when <paramref name="when"/> prevented the update.</summary>
    double? SortedSetIncrement(MnemoKey key, MnemoValue member, double value, SortedSetWhen when);

    /// <summary>ZINCRBY with the increment negated.</summary>
    double SortedSetDecrement(MnemoKey key, MnemoValue member, double value);

    /// <summary>ZREM: removes a member; true when it was there. An emptied set is deleted.</summary>
    bool SortedSetRemove(MnemoKey key, MnemoValue member);

    /// <summary>ZREM of several members; returns how many were removed.</summary>
    long SortedSetRemove(MnemoKey key, MnemoValue[] members);

    /// <summary>ZSCORE: the member's score, or null when the key or member is missing.</summary>
    double? SortedSetScore(MnemoKey key, MnemoValue member);

    /// <summary>ZMSCORE: the scores of several members (null for missing ones).</summary>
    double?[] SortedSetScores(MnemoKey key, MnemoValue[] members);

    /// <summary>ZCARD, or ZCOUNT when a score range is given: the number of members with <paramref name="min"/> &lt;= score &lt;= <paramref name="max"/>.</summary>
    long SortedSetLength(MnemoKey key, double min = double.NegativeInfinity, double max = double.PositiveInfinity, Exclude exclude = Exclude.None);

    /// <summary>ZLEXCOUNT: the number of members between <paramref name="min"/> and <paramref name="max"/> (<see cref="MnemoValue.Null"/> = unbounded).</summary>
    long SortedSetLengthByValue(MnemoKey key, MnemoValue min, MnemoValue max, Exclude exclude = Exclude.None);

    /// <summary>ZRANGE / ZREVRANGE: members from rank <paramref name="start"/> to <paramref name="stop"/> inclusive (negative counts from the end).</summary>
    MnemoValue[] SortedSetRangeByRank(MnemoKey key, long start = 0, long stop = -1, Order order = Order.Ascending);

    /// <summary>ZRANGE ... WITHSCORES.</summary>
    SortedSetEntry[] SortedSetRangeByRankWithScores(MnemoKey key, long start = 0, long stop = -1, Order order = Order.Ascending);

    /// <summary>
    /// ZRANGEBYSCORE / ZREVRANGEBYSCORE: members with <paramref name="start"/> &lt;= score &lt;= <paramref name="stop"/>
    /// (<paramref name="start"/> is the lower bound in both orders), skipping <paramref name="skip"/> and taking
    /// <paramref name="take"/> (-1 = all) — Redis's LIMIT.
    /// </summary>
    MnemoValue[] SortedSetRangeByScore(MnemoKey key, double start = double.NegativeInfinity, double stop = double.PositiveInfinity, Exclude exclude = Exclude.None, Order order = Order.Ascending, long skip = 0, long take = -1);

    /// <summary>ZRANGEBYSCORE ... WITHSCORES.</summary>
    SortedSetEntry[] SortedSetRangeByScoreWithScores(MnemoKey key, double start = double.NegativeInfinity, double stop = double.PositiveInfinity, Exclude exclude = Exclude.None, Order order = Order.Ascending, long skip = 0, long take = -1);

    /// <summary>
    /// ZRANGEBYLEX / ZREVRANGEBYLEX: members between <paramref name="min"/> and <paramref name="max"/> compared
    /// byte-wise (<see cref="MnemoValue.Null"/> = unbounded; meaningful when all scores are equal).
    /// </summary>
    MnemoValue[] SortedSetRangeByValue(MnemoKey key, MnemoValue min = default, MnemoValue max = default, Exclude exclude = Exclude.None, Order order = Order.Ascending, long skip = 0, long take = -1);

    /// <summary>
    /// ZRANGESTORE: stores a selection of <paramref name="sourceKey"/> at <paramref name="destinationKey"/>
    /// (replacing it; deleting it when the selection is empty); returns the stored size. For
    /// <see cref="SortedSetOrder.ByRank"/> the bounds are ranks; otherwise they are the lower and upper
    /// scores or members (<see cref="MnemoValue.Null"/> = unbounded), whatever the order.
    /// </summary>
    /// <exception cref="MnemoException">Bounds that are not integers / floats, or LIMIT with ranks.</exception>
    long SortedSetRangeAndStore(MnemoKey sourceKey, MnemoKey destinationKey, MnemoValue start, MnemoValue stop, SortedSetOrder sortedSetOrder = SortedSetOrder.ByRank, Exclude exclude = Exclude.None, Order order = Order.Ascending, long skip = 0, long? take = null);

    /// <summary>ZRANK / ZREVRANK: the member's 0-based rank, or null.</summary>
    long? SortedSetRank(MnemoKey key, MnemoValue member, Order order = Order.Ascending);

    /// <summary>ZRANK ... WITHSCORE: the member's rank and score, or null.</summary>
    (long Rank, double Score)? SortedSetRankWithScore(MnemoKey key, MnemoValue member, Order order = Order.Ascending);

    /// <summary>ZREMRANGEBYRANK: removes ranks <paramref name="start"/> to <paramref name="stop"/>; returns the number removed.</summary>
    long SortedSetRemoveRangeByRank(MnemoKey key, long start, long stop);

    /// <summary>ZREMRANGEBYSCORE: removes members with <paramref name="start"/> &lt;= score &lt;= <paramref name="stop"/>.</summary>
    long SortedSetRemoveRangeByScore(MnemoKey key, double start, double stop, Exclude exclude = Exclude.None);

    /// <summary>ZREMRANGEBYLEX: removes members between <paramref name="min"/> and <paramref name="max"/> (<see cref="MnemoValue.Null"/> = unbounded).</summary>
    long SortedSetRemoveRangeByValue(MnemoKey key, MnemoValue min, MnemoValue max, Exclude exclude = Exclude.None);

    /// <summary>ZPOPMIN (ascending) or ZPOPMAX (descending): removes and returns one member, or null when empty.</summary>
    SortedSetEntry? SortedSetPop(MnemoKey key, Order order = Order.Ascending);

    /// <summary>ZPOPMIN / ZPOPMAX with a count: up to <paramref name="count"/> members.</summary>
    /// <exception cref="MnemoException">A negative count.</exception>
    SortedSetEntry[] SortedSetPop(MnemoKey key, long count, Order order = Order.Ascending);

    /// <summary>ZRANDMEMBER: a random member, or <see cref="MnemoValue.Null"/> when the key is missing.</summary>
    MnemoValue SortedSetRandomMember(MnemoKey key);

    /// <summary>ZRANDMEMBER count: distinct members when <paramref name="count"/> is positive; |count| members, possibly repeated, when negative.</summary>
    MnemoValue[] SortedSetRandomMembers(MnemoKey key, long count);

    /// <summary>ZRANDMEMBER count WITHSCORES.</summary>
    SortedSetEntry[] SortedSetRandomMembersWithScores(MnemoKey key, long count);

    /// <summary>ZUNION / ZINTER / ZDIFF: the resulting members, ordered by score.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="keys">The input keys (a missing key is an empty set).</param>
    /// <param name="weights">WEIGHTS, one per key (not for <see cref="SetOperation.Difference"/>).</param>
    /// <param name="aggregate">AGGREGATE (not for <see cref="SetOperation.Difference"/>).</param>
    MnemoValue[] SortedSetCombine(SetOperation operation, MnemoKey[] keys, double[]? weights = null, Aggregate aggregate = Aggregate.Sum);

    /// <summary>ZUNION / ZINTER / ZDIFF ... WITHSCORES.</summary>
    SortedSetEntry[] SortedSetCombineWithScores(SetOperation operation, MnemoKey[] keys, double[]? weights = null, Aggregate aggregate = Aggregate.Sum);

    /// <summary>ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE: stores the result at <paramref name="destination"/> (deleted when empty); returns its size.</summary>
    long SortedSetCombineAndStore(SetOperation operation, MnemoKey destination, MnemoKey[] keys, double[]? weights = null, Aggregate aggregate = Aggregate.Sum);

    /// <summary>ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE of two keys.</summary>
    long SortedSetCombineAndStore(SetOperation operation, MnemoKey destination, MnemoKey first, MnemoKey second, Aggregate aggregate = Aggregate.Sum);

    /// <summary>ZINTERCARD: the size of the intersection, counting no further than <paramref name="limit"/> (0 = no limit).</summary>
    long SortedSetIntersectionLength(MnemoKey[] keys, long limit = 0);

    /// <summary>
    /// ZSCAN: iterates the members (with scores) matching <paramref name="pattern"/> (a glob;
    /// <see cref="MnemoValue.Null"/> = all), fetching <paramref name="pageSize"/> at a time (COUNT) from
    /// <paramref name="cursor"/>. Members present for the whole iteration are returned at least once.
    /// </summary>
    IEnumerable<SortedSetEntry> SortedSetScan(MnemoKey key, MnemoValue pattern = default, int pageSize = 250, long cursor = 0);
}
