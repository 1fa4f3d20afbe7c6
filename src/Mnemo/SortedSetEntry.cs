namespace Mnemo;

/// <summary>A sorted-set member with its score.</summary>
/// <param name="Element">The member.</param>
/// <param name="Score">Its score.</param>
public readonly record struct SortedSetEntry(MnemoValue Element, double Score);
