namespace Mnemo;

/// <summary>The bitwise operation of <see cref="IMnemoDatabase.StringBitOperation"/> (Redis's <c>BITOP</c>).</summary>
public enum BitOp
{
    /// <summary>Bitwise AND of all sources.</summary>
    And,

    /// <summary>Bitwise OR of all sources.</summary>
    Or,

    /// <summary>Bitwise XOR of all sources.</summary>
    Xor,

    /// <summary>Bitwise NOT of a single source.</summary>
    Not,
}
