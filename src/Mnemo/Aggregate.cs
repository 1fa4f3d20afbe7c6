namespace Mnemo;

/// <summary>How ZUNION and ZINTER combine the scores of a member found in several sets (AGGREGATE).</summary>
public enum Aggregate
{
    /// <summary>Add the (weighted) scores; <c>inf + -inf</c> gives 0, as in Redis.</summary>
    Sum,

    /// <summary>The smallest (weighted) score.</summary>
    Min,

    /// <summary>The largest (weighted) score.</summary>
    Max,
}
