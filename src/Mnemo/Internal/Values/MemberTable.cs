using System.Buffers.Binary;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>
/// The storage of sets and hashes: members (with an optional value each) in a dense array, indexed
/// by power-of-two buckets that chain through the array. Add, remove and lookup are O(1) expected;
/// a uniformly random member is one array read (SPOP, SRANDMEMBER, HRANDFIELD). Removal moves the
/// last entry into the hole, so the array stays dense. Not thread-safe: used under the shard lock.
/// </summary>
/// <remarks>
/// SSCAN and HSCAN walk buckets, not array positions, with Redis's reverse-binary cursor: an entry
/// lives in the bucket its hash picks wherever it sits in the array, so a member present for the
/// whole scan is returned even when other members are removed (moving entries) or the bucket array
/// grows or shrinks between calls (after a shrink it may be returned twice).
/// Member and value arrays are never modified after they are stored (a new value replaces the
/// array), so <see cref="Clone"/> copies the tables and shares the arrays.
/// </remarks>
internal sealed class MemberTable
{
    private const int MinBuckets = 4;

    /// <summary>Sets and hashes up to this size are returned whole by one SSCAN/HSCAN call (Redis's listpack limit).</summary>
    public const int SmallScanLimit = 128;

    private int[] _buckets = new int[MinBuckets]; // entry index + 1; 0 = empty
    private Entry[] _entries = new Entry[MinBuckets];
    private int _count;

    private struct Entry
    {
        public byte[] Member;
        public byte[]? Value;
        public int Hash;
        public int Next; // next entry index in the bucket chain, -1 ends it
    }

    public int Count => _count;

    public byte[] MemberAt(int index) => _entries[index].Member;

    public byte[]? ValueAt(int index) => _entries[index].Value;

    public void SetValueAt(int index, byte[] value) => _entries[index].Value = value;

    public int Find(ReadOnlySpan<byte> member)
    {
        int hash = KeyHash.Compute(member);
        var entries = _entries;
        int i = _buckets[hash & (_buckets.Length - 1)] - 1;
        while (i >= 0)
        {
            ref Entry e = ref entries[i];
            if (e.Hash == hash && e.Member.AsSpan().SequenceEqual(member))
            {
                return i;
            }
            i = e.Next;
        }
        return -1;
    }

    public bool Contains(ReadOnlySpan<byte> member) => Find(member) >= 0;

    /// <summary>Adds a member known to be absent (the array is kept, not copied); returns its index.</summary>
    public int AddNew(byte[] member, byte[]? value)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }
        if (_count >= _buckets.Length)
        {
            Rehash(_buckets.Length * 2);
        }
        int hash = KeyHash.Compute(member);
        int index = _count++;
        ref int bucket = ref _buckets[hash & (_buckets.Length - 1)];
        _entries[index] = new Entry { Member = member, Value = value, Hash = hash, Next = bucket - 1 };
        bucket = index + 1;
        return index;
    }

    /// <summary>Adds a copy of <paramref name="member"/> when absent; returns false when it was already there.</summary>
    public bool Add(ReadOnlySpan<byte> member)
    {
        if (Find(member) >= 0)
        {
            return false;
        }
        AddNew(member.ToArray(), null);
        return true;
    }

    public bool Remove(ReadOnlySpan<byte> member)
    {
        int index = Find(member);
        if (index < 0)
        {
            return false;
        }
        RemoveAt(index);
        return true;
    }

    /// <summary>Removes entry <paramref name="index"/>; the last entry moves into its place.</summary>
    public void RemoveAt(int index)
    {
        Unlink(index);
        int last = --_count;
        if (index != last)
        {
            // Point whatever referenced the last entry (its bucket or a chain predecessor) at its new place.
            ref Entry moved = ref _entries[last];
            ref int link = ref _buckets[moved.Hash & (_buckets.Length - 1)];
            if (link - 1 == last)
            {
                link = index + 1;
            }
            else
            {
                int i = link - 1;
                while (_entries[i].Next != last)
                {
                    i = _entries[i].Next;
                }
                _entries[i].Next = index;
            }
            _entries[index] = moved;
        }
        _entries[last] = default;
        if (_buckets.Length > MinBuckets && _count < _buckets.Length / 8)
        {
            Rehash(Math.Max(MinBuckets, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, _count))));
        }
        if (_entries.Length > MinBuckets && _count < _entries.Length / 4)
        {
            Array.Resize(ref _entries, Math.Max(MinBuckets, _entries.Length / 2));
        }
    }

    private void Unlink(int index)
    {
        ref Entry e = ref _entries[index];
        ref int bucket = ref _buckets[e.Hash & (_buckets.Length - 1)];
        if (bucket - 1 == index)
        {
            bucket = e.Next + 1;
            return;
        }
        int i = bucket - 1;
        while (_entries[i].Next != index)
        {
            i = _entries[i].Next;
        }
        _entries[i].Next = e.Next;
    }

    private void Rehash(int size)
    {
        var buckets = new int[size];
        for (int i = 0; i < _count; i++)
        {
            ref Entry e = ref _entries[i];
            ref int bucket = ref buckets[e.Hash & (size - 1)];
            e.Next = bucket - 1;
            bucket = i + 1;
        }
        _buckets = buckets;
    }

    /// <summary>
    /// Visits one bucket addressed by <paramref name="cursor"/> (adding entry indices to
    /// <paramref name="visited"/>) and returns the next cursor, 0 when the table is covered.
    /// The cursor increments its reversed bits, as Redis's dictScan does.
    /// </summary>
    public ulong ScanBucket(ulong cursor, List<int> visited)
    {
        ulong mask = (ulong)_buckets.Length - 1;
        for (int i = _buckets[(int)(cursor & mask)] - 1; i >= 0; i = _entries[i].Next)
        {
            visited.Add(i);
        }
        cursor |= ~mask;
        cursor = Reverse(cursor);
        cursor++;
        return Reverse(cursor);
    }

    /// <summary>
    /// One SSCAN/HSCAN call: the indices of the entries to return (members matching
    /// <paramref name="pattern"/>, null for all) and the next cursor. A table of at most
    /// <paramref name="smallLimit"/> entries is returned whole with cursor 0, as Redis does for its
    /// small encodings; otherwise buckets are visited until about <paramref name="count"/> entries
    /// were seen (at most 10 * count buckets), as Redis's scanGenericCommand does.
    /// </summary>
    public ulong Scan(ulong cursor, long count, byte[]? pattern, int smallLimit, List<int> result)
    {
        if (_count <= smallLimit)
        {
            for (int i = 0; i < _count; i++)
            {
                result.Add(i);
            }
            cursor = 0;
        }
        else
        {
            long maxIterations = count > long.MaxValue / 10 ? long.MaxValue : count * 10;
            do
            {
                cursor = ScanBucket(cursor, result);
            }
            while (cursor != 0 && maxIterations-- > 0 && result.Count < count);
        }
        if (pattern is not null)
        {
            result.RemoveAll(i => !Text.Glob.IsMatch(pattern, _entries[i].Member));
        }
        return cursor;
    }

    /// <summary>
    /// <paramref name="count"/> distinct uniformly random entry indices (count at most
    /// <see cref="Count"/>): a partial Fisher-Yates shuffle over a sparse map, O(count).
    /// </summary>
    public int[] DistinctRandomIndices(int count, Random random)
    {
        var result = new int[count];
        var swapped = new Dictionary<int, int>(count);
        for (int j = 0; j < count; j++)
        {
            int r = random.Next(j, _count);
            int atR = swapped.TryGetValue(r, out int v) ? v : r;
            int atJ = swapped.TryGetValue(j, out int u) ? u : j;
            swapped[r] = atJ;
            result[j] = atR;
        }
        return result;
    }

    private static ulong Reverse(ulong v)
    {
        v = ((v >> 1) & 0x5555555555555555UL) | ((v & 0x5555555555555555UL) << 1);
        v = ((v >> 2) & 0x3333333333333333UL) | ((v & 0x3333333333333333UL) << 2);
        v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((v & 0x0F0F0F0F0F0F0F0FUL) << 4);
        return BinaryPrimitives.ReverseEndianness(v);
    }

    public MemberTable Clone()
    {
        var copy = new MemberTable
        {
            _buckets = (int[])_buckets.Clone(),
            _entries = (Entry[])_entries.Clone(),
            _count = _count,
        };
        return copy;
    }

    /// <summary>SRANDMEMBER / HRANDFIELD count limits, checked before the key is looked up (as Redis does).</summary>
    public static void ValidateRandomCount(long count, bool withValues)
    {
        if (count == long.MinValue)
        {
            Db.Throw(RedisErrors.RankOutOfRange);
        }
        if (withValues && (count < -long.MaxValue / 2 || count > long.MaxValue / 2))
        {
            Db.Throw(RedisErrors.ValueOutOfRange);
        }
        if (count < -Array.MaxLength)
        {
            // Redis would stream |count| replies; an array this long cannot exist here.
            Db.Throw(RedisErrors.ValueOutOfRange);
        }
    }

    /// <summary>Entry indices for a random pick: distinct for a positive count, with repeats for a negative one.</summary>
    public static int[] RandomIndices(MemberTable table, long count)
    {
        if (count < 0)
        {
            var repeated = new int[-count];
            for (int m = 0; m < repeated.Length; m++)
            {
                repeated[m] = Random.Shared.Next(table.Count);
            }
            return repeated;
        }
        if (count >= table.Count)
        {
            var all = new int[table.Count];
            for (int m = 0; m < all.Length; m++)
            {
                all[m] = m;
            }
            return all;
        }
        return table.DistinctRandomIndices((int)count, Random.Shared);
    }

    public static void ValidateScanCount(long count)
    {
        if (count < 1)
        {
            Db.Throw(RedisErrors.Syntax);
        }
    }

    /// <summary>A lone <c>*</c> matches everything, as in Redis's scanGenericCommand.</summary>
    public static byte[]? ScanPattern(byte[]? pattern) =>
        pattern is [(byte)'*'] ? null : pattern;
}
