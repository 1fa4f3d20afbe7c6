namespace Mnemo.Internal.Keyspace;

/// <summary>
/// Receives the elements of a read while the shard lock is held, instead of a copy of them: the
/// server writes an LRANGE reply straight from the list, so a read of 100 elements allocates
/// nothing (copies made the LRANGE benchmark collect gen0 about every 60 ms, each collection
/// stopping every connection). An implementation must not call back into the store.
/// </summary>
internal interface IElementSink
{
    /// <summary>How many elements follow (called once, before the first <see cref="Element"/>).</summary>
    void Begin(int count);

    /// <summary>One element; the span is valid only during the call.</summary>
    void Element(ReadOnlySpan<byte> element);
}
