using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Keyspace;

/// <summary>
/// The hash table of one shard: power-of-two buckets chaining into a dense entry array, plus an
/// index of the keys that have an expiry so the active expiry cycle can sample them in O(1).
/// Not thread-safe: every call happens under the owning shard's lock, except
/// <see cref="TryFindUnlocked"/>, whose result the caller validates with the shard's version.
/// Entry indices stay valid until the next <see cref="Add"/> or <see cref="Remove"/>.
/// </summary>
/// <remarks>
/// A custom table rather than <c>Dictionary</c> for three reasons: 32-byte slots with the key
/// inside the value keep memory per key low; SCAN needs Redis's reverse-binary cursor over
/// buckets, which returns every key present for the whole scan even when the table resizes;
/// and eviction and expiry need random sampling.
/// </remarks>
internal sealed class KeyTable
{
    private const int MinSize = 4;

    private int[] _buckets = new int[MinSize]; // entry index + 1; 0 = empty bucket
    private Slot[] _entries = new Slot[MinSize];
    private int _used;
    private int _freeList = -1;
    private int _freeCount;
    private int[] _volatile = [];
    private int _volatileCount;

    public int Count => _used - _freeCount;

    public int VolatileCount => _volatileCount;

    /// <summary>Entries [0, Used) may be live; check <see cref="IsLive"/>.</summary>
    public int Used => _used;

    public int BucketCount => _buckets.Length;

    public ref Slot At(int index) => ref _entries[index];

    public bool IsLive(int index) => _entries[index].Item is not null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> KeyOf(in Slot slot) =>
        slot.IsString
            ? StringRecord.Key(Unsafe.As<byte[]>(slot.Item!))
            : Unsafe.As<CollectionValue>(slot.Item!).Key;

    public int Find(ReadOnlySpan<byte> key, int hash)
    {
        var entries = _entries;
        int i = _buckets[hash & (_buckets.Length - 1)] - 1;
        while ((uint)i < (uint)entries.Length)
        {
            ref Slot slot = ref entries[i];
            if (slot.Hash == hash && KeyOf(in slot).SequenceEqual(key))
            {
                return i;
            }
            i = slot.Next;
        }
        return -1;
    }

    /// <summary>Longest chain <see cref="TryFindUnlocked"/> follows before it leaves the lookup to the lock.</summary>
    private const int UnlockedChainLimit = 32;

    /// <summary>
    /// <see cref="Find"/> for a reader that does not hold the shard lock (see <see cref="Shard"/>):
    /// returns 1 with a copy of the key's slot, 0 when the key is absent, and -1 when the reader
    /// should take the lock instead (a chain too long, a key of 128 bytes or more, or a table in
    /// the middle of a change). Whatever it returns means something only if the shard's version
    /// is unchanged afterwards; until then every value read may be torn, so this reads only within
    /// bounds it checks itself, tests types instead of assuming them, and cannot loop forever.
    /// </summary>
    public int TryFindUnlocked(ReadOnlySpan<byte> key, int hash, out Slot slot)
    {
        var buckets = _buckets;
        var entries = _entries;
        int i = buckets[hash & (buckets.Length - 1)] - 1;
        for (int steps = 0; steps < UnlockedChainLimit; steps++)
        {
            if (i < 0)
            {
                slot = default;
                return 0;
            }
            if ((uint)i >= (uint)entries.Length)
            {
                break; // buckets and entries from different sizes: a resize was under way
            }
            slot = entries[i];
            if (slot.Hash == hash)
            {
                if (slot.Item is byte[] record)
                {
                    // A string record's key: [one-byte length][key] for keys under 128 bytes.
                    if (record.Length == 0 || record[0] >= 0x80)
                    {
                        break;
                    }
                    int length = record[0];
                    if (length < record.Length && record.AsSpan(1, length).SequenceEqual(key))
                    {
                        return 1;
                    }
                }
                else if (slot.Item is CollectionValue collection && collection.Key.AsSpan().SequenceEqual(key))
                {
                    return 1;
                }
            }
            i = slot.Next;
        }
        slot = default;
        return -1;
    }

    /// <summary>Adds a key that is known to be absent; returns its entry index.</summary>
    public int Add(int hash, object item, ValueKind kind)
    {
        int index;
        if (_freeCount > 0)
        {
            index = _freeList;
            _freeList = _entries[index].Next;
            _freeCount--;
        }
        else
        {
            if (_used == _entries.Length)
            {
                Resize(_entries.Length * 2);
            }
            index = _used++;
        }
        ref int bucket = ref _buckets[hash & (_buckets.Length - 1)];
        ref Slot slot = ref _entries[index];
        slot.Item = item;
        slot.Hash = hash;
        slot.Meta = (int)kind;
        slot.ExpiresAt = 0;
        slot.VolatilePos = -1;
        slot.Next = bucket - 1;
        bucket = index + 1;
        return index;
    }

    /// <summary>Replaces the value of a live entry, keeping its expiry.</summary>
    public void Replace(int index, object item, ValueKind kind)
    {
        ref Slot slot = ref _entries[index];
        slot.Item = item;
        slot.Meta = (slot.Meta & ~0xF) | (int)kind;
    }

    public void Remove(int index)
    {
        ref Slot slot = ref _entries[index];
        int bucket = slot.Hash & (_buckets.Length - 1);
        int previous = -1;
        for (int i = _buckets[bucket] - 1; i != index; i = _entries[i].Next)
        {
            previous = i;
        }
        if (previous < 0)
        {
            _buckets[bucket] = slot.Next + 1;
        }
        else
        {
            _entries[previous].Next = slot.Next;
        }
        if (slot.VolatilePos >= 0)
        {
            RemoveVolatile(ref slot);
        }
        slot = default;
        slot.Next = _freeList;
        _freeList = index;
        _freeCount++;
        if (_entries.Length > MinSize && Count < _entries.Length / 8)
        {
            Resize(Math.Max(MinSize, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Count * 2))));
        }
    }

    public void SetExpiry(int index, long expiresAt)
    {
        ref Slot slot = ref _entries[index];
        slot.ExpiresAt = expiresAt;
        if (expiresAt == 0)
        {
            if (slot.VolatilePos >= 0)
            {
                RemoveVolatile(ref slot);
            }
        }
        else if (slot.VolatilePos < 0)
        {
            if (_volatileCount == _volatile.Length)
            {
                Array.Resize(ref _volatile, Math.Max(4, _volatile.Length * 2));
            }
            slot.VolatilePos = _volatileCount;
            _volatile[_volatileCount++] = index;
        }
    }

    private void RemoveVolatile(ref Slot slot)
    {
        int pos = slot.VolatilePos;
        int last = _volatile[--_volatileCount];
        _volatile[pos] = last;
        _entries[last].VolatilePos = pos;
        slot.VolatilePos = -1;
        if (_volatile.Length > 64 && _volatileCount < _volatile.Length / 4)
        {
            Array.Resize(ref _volatile, _volatile.Length / 2);
        }
    }

    public int RandomEntry(Random random)
    {
        if (Count == 0)
        {
            return -1;
        }
        // The table shrinks below 1/8 occupancy, so this takes at most a few tries on average.
        while (true)
        {
            int i = random.Next(_used);
            if (_entries[i].Item is not null)
            {
                return i;
            }
        }
    }

    public int RandomVolatileEntry(Random random) =>
        _volatileCount == 0 ? -1 : _volatile[random.Next(_volatileCount)];

    /// <summary>
    /// Visits the entries of one bucket addressed by <paramref name="cursor"/> and returns the next
    /// cursor (0 when the whole table was covered). The cursor increments its reversed bits, as in
    /// Redis's dictScan, so a key present for the whole scan is visited even if the table grows or
    /// shrinks between calls (it may be visited twice after a shrink).
    /// </summary>
    public uint ScanBucket(uint cursor, List<int> visited)
    {
        uint mask = (uint)_buckets.Length - 1;
        int i = _buckets[cursor & mask] - 1;
        while (i >= 0)
        {
            visited.Add(i);
            i = _entries[i].Next;
        }
        cursor |= ~mask;
        cursor = ReverseBits(cursor);
        cursor++;
        return ReverseBits(cursor);
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        return BinaryPrimitives.ReverseEndianness(v); // bits reversed within bytes, then the bytes
    }

    public void Clear()
    {
        _buckets = new int[MinSize];
        _entries = new Slot[MinSize];
        _used = 0;
        _freeList = -1;
        _freeCount = 0;
        _volatile = [];
        _volatileCount = 0;
    }

    private void Resize(int size)
    {
        var entries = new Slot[size];
        int used = 0;
        if (size >= _used)
        {
            // Growing: indices are preserved, so the free list and volatile index stay valid.
            Array.Copy(_entries, entries, _used);
            used = _used;
        }
        else
        {
            // Shrinking: compact live entries; rebuild the volatile index positions.
            _volatileCount = 0;
            for (int i = 0; i < _used; i++)
            {
                if (_entries[i].Item is null)
                {
                    continue;
                }
                entries[used] = _entries[i];
                if (entries[used].VolatilePos >= 0)
                {
                    _volatile[_volatileCount] = used;
                    entries[used].VolatilePos = _volatileCount++;
                }
                used++;
            }
            _freeList = -1;
            _freeCount = 0;
        }
        var buckets = new int[size];
        for (int i = 0; i < used; i++)
        {
            ref Slot slot = ref entries[i];
            if (slot.Item is null)
            {
                continue;
            }
            ref int bucket = ref buckets[slot.Hash & (size - 1)];
            slot.Next = bucket - 1;
            bucket = i + 1;
        }
        _entries = entries;
        _buckets = buckets;
        _used = used;
    }
}
