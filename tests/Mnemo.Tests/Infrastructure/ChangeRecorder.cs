using Mnemo.Changes;

namespace Mnemo.Tests.Infrastructure;

/// <summary>Records a store's change stream (decoded) for replay and atomicity checks.</summary>
public sealed class ChangeRecorder : IChangeObserver
{
    private readonly Lock _gate = new();
    private readonly List<ChangeRecord> _records = [];
    private readonly List<(long First, int Count)> _batches = [];

    public long LastSequence { get; private set; }

    public IReadOnlyList<ChangeRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    public IReadOnlyList<(long First, int Count)> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    public void OnChanges(long firstSequence, int count, ReadOnlySpan<byte> records)
    {
        var decoded = ChangeReader.ReadAll(records);
        lock (_gate)
        {
            Assert.Equal(LastSequence + 1, firstSequence); // sequence numbers are gap-free and ordered
            Assert.Equal(count, decoded.Count);
            LastSequence = firstSequence + count - 1;
            _records.AddRange(decoded);
            _batches.Add((firstSequence, count));
        }
    }
}
