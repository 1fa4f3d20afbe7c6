namespace Mnemo;

/// <summary>How several sets combine (SUNION, SINTER, SDIFF and their STORE forms).</summary>
public enum SetOperation
{
    /// <summary>Members of any of the sets (SUNION).</summary>
    Union,

    /// <summary>Members of every set (SINTER).</summary>
    Intersect,

    /// <summary>Members of the first set that are in none of the others (SDIFF).</summary>
    Difference,
}
