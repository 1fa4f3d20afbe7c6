namespace Mnemo;

/// <summary>Which ends of a score or lexicographic range are exclusive (Redis's <c>(</c> prefix).</summary>
[Flags]
public enum Exclude
{
    /// <summary>Both ends are inclusive.</summary>
    None = 0,

    /// <summary>The lower end is exclusive.</summary>
    Start = 1,

    /// <summary>The upper end is exclusive.</summary>
    Stop = 2,

    /// <summary>Both ends are exclusive.</summary>
    Both = Start | Stop,
}
