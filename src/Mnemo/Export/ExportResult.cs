namespace Mnemo;

/// <summary>What <see cref="MnemoStore.Export"/> wrote.</summary>
/// <param name="Strings">String keys written.</param>
/// <param name="Lists">List keys written.</param>
/// <param name="Sets">Set keys written.</param>
/// <param name="Hashes">Hash keys written.</param>
/// <param name="SortedSets">Sorted-set keys written.</param>
/// <param name="Documents">JSON document keys written.</param>
/// <param name="Sequence">
/// The change-stream sequence the export reflects (see <see cref="Changes.IChangeObserver"/>):
/// it holds the effect of every change up to this one and of none after it.
/// </param>
/// <param name="ExportedAt">The moment the export reflects (its point in time).</param>
public sealed record ExportResult(long Strings, long Lists, long Sets, long Hashes, long SortedSets, long Documents, long Sequence, DateTimeOffset ExportedAt)
{
    /// <summary>Keys written, all types together.</summary>
    public long Keys => Strings + Lists + Sets + Hashes + SortedSets + Documents;
}

/// <summary>What <see cref="MnemoStore.Import"/> did.</summary>
/// <param name="Imported">Keys written to the store (including <paramref name="Replaced"/>).</param>
/// <param name="Replaced">Keys that existed and were replaced (<see cref="ImportMode.Replace"/>).</param>
/// <param name="SkippedExisting">Keys left as they were because they existed (<see cref="ImportMode.Skip"/>).</param>
/// <param name="SkippedExpired">Keys of the file whose expiry time had already passed at import: not written.</param>
public sealed record ImportResult(long Imported, long Replaced, long SkippedExisting, long SkippedExpired);
