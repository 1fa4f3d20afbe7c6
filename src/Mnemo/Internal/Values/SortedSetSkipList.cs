using System.Runtime.CompilerServices;

namespace Mnemo.Internal.Values;

/// <summary>One member of a sorted set: a skiplist node that is also an entry of the member hash table.</summary>
internal sealed class SortedSetNode
{
    public SortedSetNode(byte[] member, double score)
    {
        Member = member;
        Score = score;
        Levels = [];
    }

    /// <summary>The member bytes; never mutated and never handed out (readers get copies).</summary>
    public byte[] Member { get; }

    public double Score { get; set; }

    /// <summary>Hash of <see cref="Member"/> (member table).</summary>
    public int Hash { get; set; }

    /// <summary>Next node in the member table's bucket chain.</summary>
    public SortedSetNode? NextInBucket { get; set; }

    public SortedSetNode? Backward { get; set; }

    public Level[] Levels { get; set; }

    public SortedSetNode? Next => Levels[0].Forward;

    public struct Level
    {
        public SortedSetNode? Forward;

        /// <summary>Number of level-0 steps this link jumps over (gives ranks in O(log n)).</summary>
        public int Span;
    }

    /// <summary>True when this node sorts before (score, member): by score, then member bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Precedes(double score, ReadOnlySpan<byte> member) =>
        Score < score || (Score == score && Member.AsSpan().SequenceCompareTo(member) < 0);
}

/// <summary>
/// Redis's zskiplist: nodes ordered by (score, member bytes), each link carrying its span so rank
/// lookups and rank-addressed access are O(log n). Not thread-safe (used under the shard lock).
/// </summary>
internal sealed class SortedSetSkipList
{
    public const int MaxLevel = 32;

    private readonly SortedSetNode _header = new([], 0) { Levels = new SortedSetNode.Level[MaxLevel] };
    private SortedSetNode? _tail;
    private int _level = 1;

    public int Length { get; private set; }

    public SortedSetNode? First => _header.Levels[0].Forward;

    public SortedSetNode? Last => _tail;

    [InlineArray(MaxLevel)]
    private struct NodeBuffer
    {
        private SortedSetNode? _element;
    }

    [InlineArray(MaxLevel)]
    private struct RankBuffer
    {
        private int _element;
    }

    private static int RandomLevel()
    {
        // p = 1/4, as Redis's ZSKIPLIST_P.
        int level = 1;
        while (level < MaxLevel && (Random.Shared.Next() & 3) == 0)
        {
            level++;
        }
        return level;
    }

    /// <summary>Links <paramref name="node"/> (not in the list) at its position for its current score.</summary>
    public void Insert(SortedSetNode node)
    {
        NodeBuffer update = default;
        RankBuffer rank = default;
        var x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            rank[i] = i == _level - 1 ? 0 : rank[i + 1];
            while (x.Levels[i].Forward is { } f && f.Precedes(node.Score, node.Member))
            {
                rank[i] += x.Levels[i].Span;
                x = f;
            }
            update[i] = x;
        }
        int level = RandomLevel();
        if (level > _level)
        {
            for (int i = _level; i < level; i++)
            {
                rank[i] = 0;
                update[i] = _header;
                _header.Levels[i].Span = Length;
            }
            _level = level;
        }
        node.Levels = new SortedSetNode.Level[level];
        for (int i = 0; i < level; i++)
        {
            ref var previous = ref update[i]!.Levels[i];
            node.Levels[i].Forward = previous.Forward;
            previous.Forward = node;
            node.Levels[i].Span = previous.Span - (rank[0] - rank[i]);
            previous.Span = rank[0] - rank[i] + 1;
        }
        for (int i = level; i < _level; i++)
        {
            update[i]!.Levels[i].Span++;
        }
        node.Backward = ReferenceEquals(update[0], _header) ? null : update[0];
        if (node.Levels[0].Forward is { } next)
        {
            next.Backward = node;
        }
        else
        {
            _tail = node;
        }
        Length++;
    }

    /// <summary>Unlinks a node that is in the list.</summary>
    public void Remove(SortedSetNode node)
    {
        NodeBuffer update = default;
        var x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } f && f.Precedes(node.Score, node.Member))
            {
                x = f;
            }
            update[i] = x;
        }
        for (int i = 0; i < _level; i++)
        {
            ref var link = ref update[i]!.Levels[i];
            if (ReferenceEquals(link.Forward, node))
            {
                link.Span += node.Levels[i].Span - 1;
                link.Forward = node.Levels[i].Forward;
            }
            else
            {
                link.Span--;
            }
        }
        if (node.Levels[0].Forward is { } next)
        {
            next.Backward = node.Backward;
        }
        else
        {
            _tail = node.Backward;
        }
        while (_level > 1 && _header.Levels[_level - 1].Forward is null)
        {
            _level--;
        }
        node.Backward = null;
        Length--;
    }

    /// <summary>Changes a node's score, moving it only when its neighbours no longer bracket the new score.</summary>
    public void UpdateScore(SortedSetNode node, double score)
    {
        var previous = node.Backward;
        var next = node.Levels[0].Forward;
        if ((previous is null || previous.Score < score) && (next is null || next.Score > score))
        {
            node.Score = score;
            return;
        }
        Remove(node);
        node.Score = score;
        Insert(node);
    }

    /// <summary>1-based rank of (score, member), or 0 when absent.</summary>
    public int GetRank(double score, ReadOnlySpan<byte> member)
    {
        int rank = 0;
        var x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } f &&
                (f.Score < score || (f.Score == score && f.Member.AsSpan().SequenceCompareTo(member) <= 0)))
            {
                rank += x.Levels[i].Span;
                x = f;
            }
            if (!ReferenceEquals(x, _header) && x.Score == score && x.Member.AsSpan().SequenceEqual(member))
            {
                return rank;
            }
        }
        return 0;
    }

    /// <summary>The node at 1-based <paramref name="rank"/>, or null.</summary>
    public SortedSetNode? GetByRank(int rank)
    {
        int traversed = 0;
        var x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } f && traversed + x.Levels[i].Span <= rank)
            {
                traversed += x.Levels[i].Span;
                x = f;
            }
            if (traversed == rank)
            {
                return ReferenceEquals(x, _header) ? null : x;
            }
        }
        return null;
    }

    private bool IsInRange(in ScoreRange range)
    {
        if (range.IsEmpty || _tail is null || !range.GteMin(_tail.Score))
        {
            return false;
        }
        return First is { } first && range.LteMax(first.Score);
    }

    public SortedSetNode? FirstInRange(in ScoreRange range)
    {
        if (!IsInRange(range))
        {
            return null;
        }
        var x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } f && !range.GteMin(f.Score))
            {
                x = f;
            }
        }
        x = x.Levels[0].Forward!;
        return range.LteMax(x.Score) ? x : null;
    }

    public SortedSetNode? LastInRange(in ScoreRange range)
    {
        if (!IsInRange(range))
        {
            return null;
        }
        var x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } f && range.LteMax(f.Score))
            {
                x = f;
            }
        }
        return range.GteMin(x.Score) ? x : null;
    }

    private bool IsInLexRange(in LexRange range)
    {
        if (range.IsEmpty || _tail is null || !range.GteMin(_tail.Member))
        {
            return false;
        }
        return First is { } first && range.LteMax(first.Member);
    }

    public SortedSetNode? FirstInLexRange(in LexRange range)
    {
        if (!IsInLexRange(range))
        {
            return null;
        }
        var x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } f && !range.GteMin(f.Member))
            {
                x = f;
            }
        }
        x = x.Levels[0].Forward!;
        return range.LteMax(x.Member) ? x : null;
    }

    public SortedSetNode? LastInLexRange(in LexRange range)
    {
        if (!IsInLexRange(range))
        {
            return null;
        }
        var x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } f && range.LteMax(f.Member))
            {
                x = f;
            }
        }
        return range.GteMin(x.Member) ? x : null;
    }
}
