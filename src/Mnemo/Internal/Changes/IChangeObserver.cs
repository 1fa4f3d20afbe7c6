namespace Mnemo.Changes;

/// <summary>
/// Receives the change stream: every write, from any API, as encoded effect records. The journal,
/// replicas and the PostgreSQL write-behind all read this one stream.
/// </summary>
/// <remarks>
/// <see cref="OnChanges"/> is called synchronously, in sequence order, while the writer still
/// holds the locks of the keys it changed, so the observer must copy what it needs and return
/// quickly, and must not write to the store (the stream's lock is held too, and taking a shard's
/// lock under it would invert the lock order). A batch is atomic: a transaction or a multi-key
/// command arrives as one batch.
/// </remarks>
public interface IChangeObserver
{
    /// <summary>
    /// One atomic batch of <paramref name="count"/> records numbered from <paramref name="firstSequence"/>.
    /// Decode with <see cref="ChangeReader"/>. The span is only valid during the call.
    /// </summary>
    void OnChanges(long firstSequence, int count, ReadOnlySpan<byte> records);
}
