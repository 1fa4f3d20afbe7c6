namespace Mnemo;

/// <summary>A condition on the key's existence for a write (Redis's NX / XX).</summary>
public enum When
{
    /// <summary>Write whether or not the key exists.</summary>
    Always,

    /// <summary>Write only when the key does not exist (NX).</summary>
    NotExists,

    /// <summary>Write only when the key exists (XX).</summary>
    Exists,
}
