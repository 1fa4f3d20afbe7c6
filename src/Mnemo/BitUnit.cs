namespace Mnemo;

/// <summary>What the start and end of a BITCOUNT or BITPOS range count: bytes (the default) or bits.</summary>
public enum BitUnit
{
    /// <summary>The range is in bytes (<c>BYTE</c>).</summary>
    Byte,

    /// <summary>The range is in bits (<c>BIT</c>).</summary>
    Bit,
}
