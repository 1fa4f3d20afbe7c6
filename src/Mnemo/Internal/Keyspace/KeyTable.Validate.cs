using System.Runtime.CompilerServices;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>The table's invariants, checked whole (for tests and diagnostics).</summary>
internal sealed partial class KeyTable
{
    /// <summary>
    /// Checks the table's invariants and throws <see cref="InvalidOperationException"/> naming the
    /// first one broken (for tests; it walks everything): every live entry is in its bucket's chain
    /// under its key's hash, the volatile index holds exactly the entries with an expiry, and the
    /// arena's live bytes are the sizes of the records its entries use.
    /// </summary>
    internal void Validate()
    {
        long arenaBytes = 0;
        int live = 0, expiring = 0;
        for (int i = 0; i < _used; i++)
        {
            ref Slot slot = ref _entries[i];
            if (slot.Item is null)
            {
                continue;
            }
            live++;
            var key = KeyOf(in slot);
            if (KeyHash.Compute(key) != slot.Hash || Find(key, slot.Hash) != i)
            {
                throw new InvalidOperationException($"Entry {i} is not found under its key.");
            }
            if (slot.ExpiresAt != 0)
            {
                expiring++;
                if (_volatilePos is null || (uint)_volatilePos[i] >= (uint)_volatileCount || _volatile[_volatilePos[i]] != i)
                {
                    throw new InvalidOperationException($"Entry {i} has an expiry but no place in the volatile index.");
                }
            }
            if (slot.Offset != 0)
            {
                if (!slot.IsString)
                {
                    throw new InvalidOperationException($"Entry {i} is not a string but has a record offset.");
                }
                arenaBytes += StringRecord.Extent(Unsafe.As<byte[]>(slot.Item), slot.Offset);
            }
        }
        if (live != Count || expiring != _volatileCount)
        {
            throw new InvalidOperationException($"Counts disagree: {live} live entries for Count {Count}, {expiring} expiring for {_volatileCount} indexed.");
        }
        if (arenaBytes != _records.LiveBytes)
        {
            throw new InvalidOperationException($"The arena counts {_records.LiveBytes} live bytes; the entries use {arenaBytes}.");
        }
    }

    /// <summary>Bytes of the arena records in use (for tests and diagnostics).</summary>
    internal long ArenaLiveBytes => _records.LiveBytes;

    /// <summary>Bytes of released arena records not yet compacted away (for tests and diagnostics).</summary>
    internal long ArenaDeadBytes => _records.DeadBytes;
}
