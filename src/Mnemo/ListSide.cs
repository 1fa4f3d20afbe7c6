namespace Mnemo;

/// <summary>An end of a list (Redis's LEFT / RIGHT): the head or the tail.</summary>
public enum ListSide
{
    /// <summary>The head of the list (LEFT): index 0.</summary>
    Left,

    /// <summary>The tail of the list (RIGHT): index -1.</summary>
    Right,
}
