using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>ZADD's flags.</summary>
[Flags]
internal enum ZAddFlags
{
    None = 0,
    Nx = 1,
    Xx = 2,
    Gt = 4,
    Lt = 8,
    Ch = 16,
    Incr = 32,
}

/// <summary>A member with its score (an engine argument; the member array is kept by the store).</summary>
internal readonly record struct ScoredMember(double Score, byte[] Member);

/// <summary>ZADD's reply: the count (added, or added + updated with CH), or with INCR the new score (null when not performed).</summary>
internal readonly record struct ZAddResult(long Count, double? Score);

/// <summary>How a ZRANGE selects: by rank, by score or by member (lexicographically).</summary>
internal enum ZRangeBy : byte
{
    Rank,
    Score,
    Lex,
}

/// <summary>
/// One ZRANGE-family selection. For <see cref="ZRangeBy.Rank"/>, <see cref="Start"/> and
/// <see cref="Stop"/> are ranks in the walking direction (negative from the end). For score and lex
/// ranges the bounds are always min and max, whatever the direction; <see cref="Offset"/> and
/// <see cref="Count"/> are LIMIT (count &lt; 0 = no limit, offset &lt; 0 = nothing).
/// </summary>
internal readonly record struct ZRangeQuery(ZRangeBy By, bool Reverse, long Start, long Stop, ScoreRange Score, LexRange Lex, long Offset, long Count)
{
    public static ZRangeQuery ByRank(long start, long stop, bool reverse = false) =>
        new(ZRangeBy.Rank, reverse, start, stop, default, default, 0, -1);

    public static ZRangeQuery ByScore(ScoreRange range, bool reverse = false, long offset = 0, long count = -1) =>
        new(ZRangeBy.Score, reverse, 0, 0, range, default, offset, count);

    public static ZRangeQuery ByLex(LexRange range, bool reverse = false, long offset = 0, long count = -1) =>
        new(ZRangeBy.Lex, reverse, 0, 0, default, range, offset, count);
}

/// <summary>ZUNION / ZINTER / ZDIFF.</summary>
internal enum ZSetOperation : byte
{
    Union,
    Inter,
    Diff,
}

/// <summary>AGGREGATE of ZUNION and ZINTER.</summary>
internal enum ZAggregate : byte
{
    Sum,
    Min,
    Max,
}
