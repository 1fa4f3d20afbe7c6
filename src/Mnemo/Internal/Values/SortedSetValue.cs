using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>
/// A sorted set: a <see cref="SortedSetSkipList"/> for order, ranks and ranges, plus a member hash
/// table (member to node) for O(1) score lookups, as Redis pairs its zskiplist with a dict.
/// </summary>
/// <remarks>
/// The member table is a chained hash table of the nodes themselves rather than a
/// <c>Dictionary</c>: a node is one object for both structures, and ZSCAN needs Redis's
/// reverse-binary bucket cursor, which guarantees that a member present for the whole scan is
/// returned even if the table grows or shrinks between calls.
/// </remarks>
internal sealed class SortedSetValue : CollectionValue
{
    private const int MinBuckets = 4;

    private readonly SortedSetSkipList _list = new();
    private SortedSetNode?[] _buckets = new SortedSetNode?[MinBuckets];

    public SortedSetValue(byte[] key) : base(key)
    {
    }

    public override ValueKind Kind => ValueKind.SortedSet;

    public override int Count => _list.Length;

    public SortedSetNode? First => _list.First;

    public SortedSetNode? Last => _list.Last;

    public SortedSetNode? Find(ReadOnlySpan<byte> member)
    {
        int hash = KeyHash.Compute(member);
        for (var node = _buckets[hash & (_buckets.Length - 1)]; node is not null; node = node.NextInBucket)
        {
            if (node.Hash == hash && node.Member.AsSpan().SequenceEqual(member))
            {
                return node;
            }
        }
        return null;
    }

    public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
    {
        var node = Find(member);
        score = node?.Score ?? 0;
        return node is not null;
    }

    /// <summary>Adds a member known to be absent; <paramref name="member"/> is kept (the caller gives it up).</summary>
    public SortedSetNode Add(byte[] member, double score)
    {
        var node = new SortedSetNode(member, score) { Hash = KeyHash.Compute(member) };
        if (_list.Length + 1 > _buckets.Length)
        {
            Rehash(_buckets.Length * 2); // before linking the node: Rehash walks the list
        }
        _list.Insert(node);
        ref var bucket = ref _buckets[node.Hash & (_buckets.Length - 1)];
        node.NextInBucket = bucket;
        bucket = node;
        return node;
    }

    public void SetScore(SortedSetNode node, double score) => _list.UpdateScore(node, score);

    public void Remove(SortedSetNode node)
    {
        _list.Remove(node);
        int bucket = node.Hash & (_buckets.Length - 1);
        if (ReferenceEquals(_buckets[bucket], node))
        {
            _buckets[bucket] = node.NextInBucket;
        }
        else
        {
            var previous = _buckets[bucket]!;
            while (!ReferenceEquals(previous.NextInBucket, node))
            {
                previous = previous.NextInBucket!;
            }
            previous.NextInBucket = node.NextInBucket;
        }
        node.NextInBucket = null;
        if (_buckets.Length > MinBuckets && _list.Length < _buckets.Length / 8)
        {
            Rehash(Math.Max(MinBuckets, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, _list.Length * 2))));
        }
    }

    /// <summary>0-based rank of a node in ascending order.</summary>
    public int RankOf(SortedSetNode node) => _list.GetRank(node.Score, node.Member) - 1;

    /// <summary>The node at 0-based ascending <paramref name="rank"/>, or null when out of range.</summary>
    public SortedSetNode? AtRank(long rank) =>
        rank < 0 || rank >= _list.Length ? null : _list.GetByRank((int)rank + 1);

    public SortedSetNode? FirstInRange(in ScoreRange range) => _list.FirstInRange(range);

    public SortedSetNode? LastInRange(in ScoreRange range) => _list.LastInRange(range);

    public SortedSetNode? FirstInLexRange(in LexRange range) => _list.FirstInLexRange(range);

    public SortedSetNode? LastInLexRange(in LexRange range) => _list.LastInLexRange(range);

    /// <summary>Number of members with a score in <paramref name="range"/> (O(log n)).</summary>
    public int CountInRange(in ScoreRange range)
    {
        var first = FirstInRange(range);
        return first is null ? 0 : RankOf(LastInRange(range)!) - RankOf(first) + 1;
    }

    public int CountInLexRange(in LexRange range)
    {
        var first = FirstInLexRange(range);
        return first is null ? 0 : RankOf(LastInLexRange(range)!) - RankOf(first) + 1;
    }

    /// <summary>
    /// Visits the members of the bucket addressed by <paramref name="cursor"/> and returns the next
    /// cursor (0 when the scan is complete), as Redis's dictScan does.
    /// </summary>
    public uint ScanBucket(uint cursor, List<SortedSetNode> visited)
    {
        uint mask = (uint)_buckets.Length - 1;
        for (var node = _buckets[cursor & mask]; node is not null; node = node.NextInBucket)
        {
            visited.Add(node);
        }
        cursor |= ~mask;
        cursor = ReverseBits(cursor);
        cursor++;
        return ReverseBits(cursor);
    }

    /// <summary>
    /// A deep copy. Member arrays are shared: they are immutable once stored (never written to and
    /// never handed out), so sharing them shares no mutable state.
    /// </summary>
    public override CollectionValue Clone()
    {
        var copy = new SortedSetValue(Key.ToArray());
        for (var node = First; node is not null; node = node.Next)
        {
            copy.Add(node.Member, node.Score);
        }
        return copy;
    }

    private void Rehash(int size)
    {
        var buckets = new SortedSetNode?[size];
        for (var node = _list.First; node is not null; node = node.Next)
        {
            ref var bucket = ref buckets[node.Hash & (size - 1)];
            node.NextInBucket = bucket;
            bucket = node;
        }
        _buckets = buckets;
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v);
    }
}
