using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>
/// A list, stored as Redis stores one (a quicklist of listpacks): a deque of nodes, each a byte
/// buffer holding up to <see cref="NodeElements"/> elements back to back. Pushes and pops at both
/// ends are O(1); access by index walks the node counts from the nearer end, then at most one node.
/// Elements are copied in and read out as spans valid until the list next changes.
/// </summary>
/// <remarks>
/// One array per element (the earlier layout) cost about 40 bytes of heap per small element and
/// one object for the garbage collector to promote per push: a queue fed by LPUSH made gen0
/// collections copy every element it had received since the last one. Packed, a push appends a
/// few bytes to the end node and a new node is allocated every <see cref="NodeElements"/> pushes.
/// Each element is framed by its length at both ends (<c>[len][bytes][len]</c>, one byte each
/// below 255, else <c>0xFF</c> and four bytes), so a node can be walked in both directions.
/// </remarks>
internal sealed partial class ListValue : CollectionValue
{
    /// <summary>A node takes no more elements than this, which bounds the walk of an index lookup inside it.</summary>
    internal const int NodeElements = 128;

    /// <summary>A node takes no more element bytes than this (an element larger than it gets a node of its own).</summary>
    internal const int NodeBytes = 8192;

    private const int MinBuffer = 32;
    private const byte LongLength = 0xFF;

    private Node[] _nodes = new Node[4]; // circular: node k is at _nodes[(_first + k) % _nodes.Length]
    private int _first;
    private int _nodeCount;
    private int _count;

    public ListValue(byte[] key) : base(key)
    {
    }

    public override ValueKind Kind => ValueKind.List;

    public override int Count => _count;

    /// <summary>One run of elements: they occupy <c>Buffer[Start..End)</c>, with free space on both sides.</summary>
    private sealed class Node(byte[] buffer, int start)
    {
        public byte[] Buffer = buffer;
        public int Start = start;
        public int End = start;
        public int Count;

        public int Used => End - Start;
    }

    /// <summary>The element at <paramref name="index"/> (0..Count-1).</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var (_, node, start, _, _) = Find(index);
            return ReadForward(node.Buffer, start, out _);
        }
    }

    public void PushLeft(ReadOnlySpan<byte> value)
    {
        int size = EncodedSize(value.Length);
        var node = _nodeCount == 0 ? null : NodeAt(0);
        if (node is null || !HasRoomFor(node, size))
        {
            node = NewNode(size, atLeft: true, neighbour: node);
            InsertNode(0, node);
        }
        else if (node.Start < size)
        {
            GrowNode(node, size, atLeft: true);
        }
        node.Start -= size;
        Encode(node.Buffer.AsSpan(node.Start, size), value);
        node.Count++;
        _count++;
    }

    public void PushRight(ReadOnlySpan<byte> value)
    {
        int size = EncodedSize(value.Length);
        var node = _nodeCount == 0 ? null : NodeAt(_nodeCount - 1);
        if (node is null || !HasRoomFor(node, size))
        {
            node = NewNode(size, atLeft: false, neighbour: node);
            InsertNode(_nodeCount, node);
        }
        else if (node.Buffer.Length - node.End < size)
        {
            GrowNode(node, size, atLeft: false);
        }
        Encode(node.Buffer.AsSpan(node.End, size), value);
        node.End += size;
        node.Count++;
        _count++;
    }

    /// <summary>The first element (the list must not be empty); valid until the list changes.</summary>
    public ReadOnlySpan<byte> PeekLeft()
    {
        var node = NodeAt(0);
        return ReadForward(node.Buffer, node.Start, out _);
    }

    /// <summary>The last element (the list must not be empty); valid until the list changes.</summary>
    public ReadOnlySpan<byte> PeekRight()
    {
        var node = NodeAt(_nodeCount - 1);
        return ReadBackward(node.Buffer, node.End, out _);
    }

    /// <summary>Removes the first element without copying it.</summary>
    public void DropLeft()
    {
        var node = NodeAt(0);
        ReadForward(node.Buffer, node.Start, out int next);
        node.Start = next;
        node.Count--;
        _count--;
        if (node.Count == 0)
        {
            RemoveNode(0);
        }
    }

    /// <summary>Removes the last element without copying it.</summary>
    public void DropRight()
    {
        var node = NodeAt(_nodeCount - 1);
        ReadBackward(node.Buffer, node.End, out int start);
        node.End = start;
        node.Count--;
        _count--;
        if (node.Count == 0)
        {
            RemoveNode(_nodeCount - 1);
        }
    }

    /// <summary>Removes and returns (as a new array) the first element.</summary>
    public byte[] PopLeft()
    {
        var value = PeekLeft().ToArray();
        DropLeft();
        return value;
    }

    /// <summary>Removes and returns (as a new array) the last element.</summary>
    public byte[] PopRight()
    {
        var value = PeekRight().ToArray();
        DropRight();
        return value;
    }

    /// <summary>LSET: replaces the element at <paramref name="index"/>.</summary>
    public void Set(int index, ReadOnlySpan<byte> value)
    {
        var (_, node, start, end, _) = Find(index);
        int size = EncodedSize(value.Length);
        if (end - start == size)
        {
            Encode(node.Buffer.AsSpan(start, size), value);
            return;
        }
        int newUsed = node.Used - (end - start) + size;
        if (newUsed > NodeBytes && node.Count > 1)
        {
            // Too large to share the node: out, and in again as LINSERT puts it (into a split
            // node, or into a node of its own when it is larger than a node), as Redis does.
            RemoveWithin(node, start, end);
            Insert(index, value);
            return;
        }
        // The node's bytes after the element move, within its buffer when they fit and the buffer
        // is not far too large for them (a large element just replaced by a small one).
        var buffer = node.Buffer;
        bool reuse = newUsed <= buffer.Length - node.Start && (buffer.Length <= NodeBytes || newUsed * 2 >= buffer.Length);
        var target = reuse ? buffer : new byte[Math.Max(newUsed, MinBuffer)];
        int newStart = reuse ? node.Start : 0;
        int offset = newStart + (start - node.Start);
        buffer.AsSpan(end, node.End - end).CopyTo(target.AsSpan(offset + size)); // the tail first: it may overlap
        if (!reuse)
        {
            buffer.AsSpan(node.Start, start - node.Start).CopyTo(target.AsSpan(newStart));
        }
        Encode(target.AsSpan(offset, size), value);
        node.Buffer = target;
        node.Start = newStart;
        node.End = newStart + newUsed;
    }

    /// <summary>Inserts at <paramref name="index"/> (0..Count).</summary>
    public void Insert(int index, ReadOnlySpan<byte> value)
    {
        if (index == 0)
        {
            PushLeft(value);
            return;
        }
        if (index == _count)
        {
            PushRight(value);
            return;
        }
        var (k, node, position, _, within) = Find(index);
        int size = EncodedSize(value.Length);
        if (!HasRoomFor(node, size))
        {
            // Split the full node at the insertion point; the element joins the left half, or
            // gets a node of its own when even that half has no room.
            var right = new Node(node.Buffer.AsSpan(position, node.End - position).ToArray(), 0);
            right.End = node.End - position;
            right.Count = node.Count - within;
            node.End = position;
            node.Count = within;
            InsertNode(k + 1, right);
            if (node.Count == 0 || !HasRoomFor(node, size))
            {
                var single = NewNode(size, atLeft: false, neighbour: null);
                Encode(single.Buffer.AsSpan(0, size), value);
                single.End = size;
                single.Count = 1;
                InsertNode(node.Count == 0 ? k : k + 1, single);
                if (node.Count == 0)
                {
                    RemoveNode(k + 1); // the emptied left half, now after the new node
                }
                _count++;
                return;
            }
            position = node.End;
        }
        if (node.Buffer.Length - node.End < size)
        {
            int offset = position - node.Start;
            GrowNode(node, size, atLeft: false);
            position = node.Start + offset;
        }
        node.Buffer.AsSpan(position, node.End - position).CopyTo(node.Buffer.AsSpan(position + size));
        Encode(node.Buffer.AsSpan(position, size), value);
        node.End += size;
        node.Count++;
        _count++;
    }

    /// <summary>The index of the first element equal to <paramref name="value"/> from the head, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> value)
    {
        var cursor = Walk(0, forward: true);
        for (int i = 0; cursor.MoveNext(); i++)
        {
            if (cursor.Current.SequenceEqual(value))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// LREM: removes up to <paramref name="limit"/> elements equal to <paramref name="value"/>,
    /// scanning from the head (or from the tail when <paramref name="fromTail"/>); returns how many.
    /// </summary>
    public int Remove(ReadOnlySpan<byte> value, long limit, bool fromTail)
    {
        // Mark the victims first, then rebuild the nodes in one pass so the removal is O(n).
        var remove = new bool[_count];
        int removed = 0;
        var cursor = Walk(fromTail ? _count - 1 : 0, forward: !fromTail);
        for (int n = 0; removed < limit && cursor.MoveNext(); n++)
        {
            if (cursor.Current.SequenceEqual(value))
            {
                remove[fromTail ? _count - 1 - n : n] = true;
                removed++;
            }
        }
        if (removed == 0)
        {
            return 0;
        }
        var kept = new ListValue(Key);
        var all = Walk(0, forward: true);
        for (int i = 0; all.MoveNext(); i++)
        {
            if (!remove[i])
            {
                kept.PushRight(all.Current);
            }
        }
        TakeNodesOf(kept);
        return removed;
    }

    /// <summary>Drops <paramref name="left"/> elements from the head and <paramref name="right"/> from the tail.</summary>
    public void Trim(int left, int right)
    {
        for (int i = 0; i < left; i++)
        {
            DropLeft();
        }
        for (int i = 0; i < right; i++)
        {
            DropRight();
        }
    }

    /// <summary>The sizes of the node buffers, head first (for tests of the memory a list holds).</summary>
    internal int[] NodeBufferSizes()
    {
        var sizes = new int[_nodeCount];
        for (int k = 0; k < _nodeCount; k++)
        {
            sizes[k] = NodeAt(k).Buffer.Length;
        }
        return sizes;
    }

    public override CollectionValue Clone()
    {
        var copy = new ListValue(Key) { _nodes = new Node[Math.Max(4, _nodeCount)] };
        for (int k = 0; k < _nodeCount; k++)
        {
            var node = NodeAt(k);
            copy._nodes[k] = new Node(node.Buffer.AsSpan(node.Start, node.Used).ToArray(), 0) { End = node.Used, Count = node.Count };
        }
        copy._nodeCount = _nodeCount;
        copy._count = _count;
        return copy;
    }

    /// <summary>Elements from <paramref name="index"/> towards the tail (or the head when not <paramref name="forward"/>).</summary>
    public Cursor Walk(int index, bool forward)
    {
        if ((uint)index >= (uint)_count)
        {
            return new Cursor(this, _nodeCount, 0, forward);
        }
        var (k, _, start, end, _) = Find(index);
        return new Cursor(this, k, forward ? start : end, forward);
    }

    /// <summary>
    /// Reads elements one after another without locating each: <see cref="MoveNext"/> then
    /// <see cref="Current"/> (valid until the list changes).
    /// </summary>
    public ref struct Cursor
    {
        private readonly ListValue _list;
        private readonly bool _forward;
        private int _node;
        private byte[]? _buffer; // the current node's, with its bound in the walking direction
        private int _limit;
        private int _position; // forward: where the next element starts; backward: where it ends
        private ReadOnlySpan<byte> _current;

        internal Cursor(ListValue list, int node, int position, bool forward)
        {
            _list = list;
            _node = node;
            _forward = forward;
            if (node < list._nodeCount)
            {
                var current = list.NodeAt(node);
                _buffer = current.Buffer;
                _limit = forward ? current.End : current.Start;
                _position = position;
            }
        }

        public readonly ReadOnlySpan<byte> Current => _current;

        public bool MoveNext()
        {
            if (_buffer is null)
            {
                return false;
            }
            if (_position == _limit && !NextNode())
            {
                return false;
            }
            _current = _forward ? ReadForward(_buffer, _position, out _position) : ReadBackward(_buffer, _position, out _position);
            return true;
        }

        private bool NextNode()
        {
            _node += _forward ? 1 : -1;
            if (_node < 0 || _node >= _list._nodeCount)
            {
                _buffer = null;
                return false;
            }
            var node = _list.NodeAt(_node);
            _buffer = node.Buffer;
            (_position, _limit) = _forward ? (node.Start, node.End) : (node.End, node.Start);
            return true;
        }
    }
}
