using System.Runtime.CompilerServices;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>
/// String records: placed in the table's <see cref="RecordArena"/> when small, released as holes,
/// and compacted into new chunks when the holes outweigh them (docs/architecture.md, "Data layout").
/// </summary>
internal sealed partial class KeyTable
{
    /// <summary>Adds a string key that is known to be absent, its record placed by the table; returns its entry index.</summary>
    public int AddString(int hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ValueKind kind)
    {
        var record = PlaceRecord(key, value, out int offset);
        return AddEntry(hash, record, offset, kind);
    }

    /// <summary>Replaces the value of a live entry with a string record placed by the table, keeping its expiry.</summary>
    public void ReplaceString(int index, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ValueKind kind)
    {
        var record = PlaceRecord(key, value, out int offset);
        ref Slot slot = ref _entries[index];
        ReleaseRecord(in slot);
        slot.Item = record;
        slot.Offset = offset;
        slot.Meta = (slot.Meta & ~0xF) | (int)kind;
    }

    /// <summary>Changes a string entry's kind (raw or integer) after its record was rewritten in place.</summary>
    public void SetStringKind(int index, ValueKind kind)
    {
        ref Slot slot = ref _entries[index];
        slot.Meta = (slot.Meta & ~0xF) | (int)kind;
    }

    /// <summary>
    /// A new record for <paramref name="key"/> and <paramref name="value"/>: in the arena when it is
    /// small, otherwise in an array of its own (offset 0). Does not change any entry.
    /// </summary>
    private byte[] PlaceRecord(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, out int offset)
    {
        int size = StringRecord.Size(key.Length, value.Length);
        if (size > RecordArena.MaxRecordSize)
        {
            offset = 0;
            return StringRecord.Create(key, value);
        }
        var chunk = _records.Allocate(size, out offset);
        StringRecord.Write(chunk.AsSpan(offset, size), key, value);
        return chunk;
    }

    /// <summary>Counts the entry's arena record (if it has one) as a hole.</summary>
    private void ReleaseRecord(in Slot slot)
    {
        if (slot.Offset != 0)
        {
            _records.Release(StringRecord.Extent(Unsafe.As<byte[]>(slot.Item!), slot.Offset));
        }
    }

    /// <summary>
    /// True when enough arena records were released that <see cref="CompactRecords"/> should run:
    /// the holes exceed 64 KB, the live records (so a compaction gives back at least half the
    /// arena) and <see cref="HoleBytesPerSlot"/> per entry (so its walk over every entry is paid
    /// for by the bytes it gives back, even in a table of many collections and few strings).
    /// Checked at every release of the shard lock, so the common answer takes one comparison.
    /// </summary>
    public bool NeedsCompaction => _records.DeadBytes > RecordArena.MinimumCompactionBytes && HolesOutweighRecords();

    /// <summary>Bytes of holes per table entry a compaction waits for (see <see cref="NeedsCompaction"/>).</summary>
    private const long HoleBytesPerSlot = 16;

    private bool HolesOutweighRecords() =>
        _records.DeadBytes > _records.LiveBytes && _records.DeadBytes > _used * HoleBytesPerSlot;

    /// <summary>After a compaction failed (out of memory): waits for new churn before the next try.</summary>
    public void PostponeCompaction() => _records.ForgetHoles();

    /// <summary>
    /// Copies every arena record into a new arena and lets the old chunks go. Runs when the shard's
    /// lock is released by its outermost holder (<see cref="Shard"/>), never in the middle of a
    /// command, so no command holds a chunk and offset across it; those who hold an old chunk still
    /// read it intact (see <see cref="RecordArena"/>).
    /// </summary>
    public void CompactRecords()
    {
        var records = new RecordArena();
        var entries = _entries;
        for (int i = 0; i < _used; i++)
        {
            ref Slot slot = ref entries[i];
            if (slot.Offset == 0 || slot.Item is null)
            {
                continue;
            }
            var old = Unsafe.As<byte[]>(slot.Item);
            int size = StringRecord.Extent(old, slot.Offset);
            var chunk = records.Allocate(size, out int offset);
            old.AsSpan(slot.Offset, size).CopyTo(chunk.AsSpan(offset));
            slot.Item = chunk;
            slot.Offset = offset;
        }
        _records = records;
    }
}
