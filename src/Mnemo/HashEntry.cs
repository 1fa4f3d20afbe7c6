namespace Mnemo;

/// <summary>One field of a hash and its value (HGETALL, HRANDFIELD WITHVALUES, HSCAN).</summary>
/// <param name="Name">The field.</param>
/// <param name="Value">The field's value.</param>
public readonly record struct HashEntry(MnemoValue Name, MnemoValue Value);
