namespace Mnemo;

/// <summary>Conditions of ZADD (combinable, as Redis's NX, XX, GT and LT options).</summary>
[Flags]
public enum SortedSetWhen
{
    /// <summary>Add new members and update existing ones.</summary>
    Always = 0,

    /// <summary>XX: only update existing members, never add.</summary>
    Exists = 1,

    /// <summary>GT: update an existing member only when the new score is greater (new members are still added).</summary>
    GreaterThan = 2,

    /// <summary>LT: update an existing member only when the new score is less (new members are still added).</summary>
    LessThan = 4,

    /// <summary>NX: only add new members, never update.</summary>
    NotExists = 8,
}
