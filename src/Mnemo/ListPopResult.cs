namespace Mnemo;

/// <summary>
/// What LMPOP / BLMPOP popped: the key the elements came from (the first non-empty key given)
/// and the elements, in the order they were popped.
/// </summary>
/// <param name="Key">The key that was popped from.</param>
/// <param name="Values">The popped elements (at least one).</param>
public sealed record ListPopResult(MnemoKey Key, MnemoValue[] Values);
