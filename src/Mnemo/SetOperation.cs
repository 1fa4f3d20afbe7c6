namespace Mnemo;

/// <summary>A set-algebra operation over several sets or sorted sets.</summary>
public enum SetOperation
{
    /// <summary>Members found in any input (SUNION, ZUNION).</summary>
    Union,

    /// <summary>Members found in every input (SINTER, ZINTER).</summary>
    Intersect,

    /// <summary>Members of the first input found in none of the others (SDIFF, ZDIFF).</summary>
    Difference,
}
