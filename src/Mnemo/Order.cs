namespace Mnemo;

/// <summary>The direction of a sorted range.</summary>
public enum Order
{
    /// <summary>Lowest first.</summary>
    Ascending,

    /// <summary>Highest first (Redis's REV).</summary>
    Descending,
}
