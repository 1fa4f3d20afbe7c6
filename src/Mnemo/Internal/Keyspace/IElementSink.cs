namespace Mnemo.Internal.Keyspace;

/// <summary>
/// Receives the elements of a read while the shard lock is held, instead of a copy of them: the
/// server copies an LRANGE's elements into a buffer it reuses and writes the reply after the lock
/// is released, so a read of 100 elements allocates nothing (one array per element made the LRANGE
/// benchmark collect gen0 about every 60 ms, each collection stopping every connection). An
/// implementation must be quick (the lock is held) and must not call back into the store.
/// </summary>
internal interface IElementSink
{
    /// <summary>How many elements follow (called once, before the first <see cref="Element"/>).</summary>
    void Begin(int count);

    /// <summary>One element; the span is valid only during the call.</summary>
    void Element(ReadOnlySpan<byte> element);
}
