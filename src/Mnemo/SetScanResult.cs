namespace Mnemo;

/// <summary>One page of an SSCAN.</summary>
/// <param name="Cursor">The cursor for the next call; 0 when the scan is complete.</param>
/// <param name="Members">Members returned by this call (possibly none, even when the scan is not complete).</param>
public sealed record SetScanResult(long Cursor, MnemoValue[] Members);
