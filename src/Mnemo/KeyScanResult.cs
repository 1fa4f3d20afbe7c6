namespace Mnemo;

/// <summary>One step of a SCAN iteration: the cursor to continue from and the keys of this step.</summary>
/// <param name="Cursor">Pass it to the next call; 0 when the iteration is complete.</param>
/// <param name="Keys">The keys found in this step (possibly none, even when the iteration continues).</param>
public readonly record struct KeyScanResult(ulong Cursor, IReadOnlyList<MnemoKey> Keys);
