namespace Mnemo;

/// <summary>What the bounds of a ZRANGE-style selection mean.</summary>
public enum SortedSetOrder
{
    /// <summary>Ranks (0-based; negative counts from the end).</summary>
    ByRank,

    /// <summary>Scores (BYSCORE).</summary>
    ByScore,

    /// <summary>Members compared byte-wise (BYLEX; meaningful when all scores are equal).</summary>
    ByLex,
}
