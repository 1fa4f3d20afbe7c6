namespace Mnemo;

/// <summary>One page of an HSCAN.</summary>
/// <param name="Cursor">The cursor for the next call; 0 when the scan is complete.</param>
/// <param name="Entries">Fields and values returned by this call (possibly none, even when the scan is not complete).</param>
public sealed record HashScanResult(long Cursor, HashEntry[] Entries);
