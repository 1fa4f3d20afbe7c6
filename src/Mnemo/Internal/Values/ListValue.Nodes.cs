using System.Buffers.Binary;

namespace Mnemo.Internal.Values;

/// <summary>The list's node directory, element framing and lookups (see ListValue.cs).</summary>
internal sealed partial class ListValue
{
    private static int EncodedSize(int length) => length < LongLength ? length + 2 : length + 10;

    /// <summary>Writes <c>[len][bytes][len]</c> into <paramref name="target"/> (exactly <see cref="EncodedSize"/> bytes).</summary>
    private static void Encode(Span<byte> target, ReadOnlySpan<byte> value)
    {
        if (value.Length < LongLength)
        {
            target[0] = (byte)value.Length;
            value.CopyTo(target[1..]);
            target[value.Length + 1] = (byte)value.Length;
            return;
        }
        target[0] = LongLength;
        BinaryPrimitives.WriteInt32LittleEndian(target[1..], value.Length);
        value.CopyTo(target[5..]);
        BinaryPrimitives.WriteInt32LittleEndian(target[(5 + value.Length)..], value.Length);
        target[9 + value.Length] = LongLength;
    }

    /// <summary>The element that starts at <paramref name="position"/>; <paramref name="next"/> is where the one after it starts.</summary>
    private static ReadOnlySpan<byte> ReadForward(byte[] buffer, int position, out int next)
    {
        int length = buffer[position];
        if (length < LongLength)
        {
            next = position + length + 2;
            return buffer.AsSpan(position + 1, length);
        }
        length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(position + 1));
        next = position + length + 10;
        return buffer.AsSpan(position + 5, length);
    }

    /// <summary>The element that ends at <paramref name="end"/>; <paramref name="start"/> is where it starts.</summary>
    private static ReadOnlySpan<byte> ReadBackward(byte[] buffer, int end, out int start)
    {
        int length = buffer[end - 1];
        if (length < LongLength)
        {
            start = end - length - 2;
            return buffer.AsSpan(start + 1, length);
        }
        length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(end - 5));
        start = end - length - 10;
        return buffer.AsSpan(start + 5, length);
    }

    /// <summary>Removes the element at <c>[start, end)</c> of node <paramref name="node"/> (which keeps at least one other).</summary>
    private void RemoveWithin(Node node, int start, int end)
    {
        node.Buffer.AsSpan(end, node.End - end).CopyTo(node.Buffer.AsSpan(start));
        node.End -= end - start;
        node.Count--;
        _count--;
    }

    private static bool HasRoomFor(Node node, int size) => node.Count < NodeElements && node.Used + size <= NodeBytes;

    /// <summary>
    /// An empty node for an element of <paramref name="size"/> encoded bytes, its free space on the
    /// side pushes will come from. Sized like the full <paramref name="neighbour"/> it follows (the
    /// list's elements are likely alike), or small for a new list (then growing by doubling).
    /// </summary>
    private static Node NewNode(int size, bool atLeft, Node? neighbour)
    {
        int capacity = size > NodeBytes ? size
            : neighbour is null || neighbour.Used > NodeBytes ? Math.Max(MinBuffer, size * 2) // none, or one oversized element
            : Math.Max(size, neighbour.Used);
        return new Node(new byte[capacity], atLeft ? capacity : 0);
    }

    /// <summary>
    /// Makes room for <paramref name="size"/> more bytes on one side: slides the elements within
    /// the buffer while at least half of it stays free, else moves them into a buffer twice what
    /// they need. Sized by use, not by the old buffer: a queue fed at one end and drained at the
    /// other must not double its buffer at every wrap.
    /// </summary>
    private static void GrowNode(Node node, int size, bool atLeft)
    {
        int used = node.Used;
        int needed = used + size;
        var buffer = node.Buffer;
        if (needed * 2 > buffer.Length)
        {
            buffer = new byte[Math.Max(needed, Math.Min(Math.Max(MinBuffer, needed * 2), NodeBytes))];
        }
        int start = atLeft ? buffer.Length - used : 0;
        node.Buffer.AsSpan(node.Start, used).CopyTo(buffer.AsSpan(start)); // a memmove within the same buffer
        node.Buffer = buffer;
        node.Start = start;
        node.End = start + used;
    }

    private Node NodeAt(int k)
    {
        int p = _first + k;
        return _nodes[p >= _nodes.Length ? p - _nodes.Length : p];
    }

    private ref Node NodeSlot(int k)
    {
        int p = _first + k;
        return ref _nodes[p >= _nodes.Length ? p - _nodes.Length : p];
    }

    private void InsertNode(int k, Node node)
    {
        if (_nodeCount == _nodes.Length)
        {
            ResizeDirectory(_nodes.Length * 2);
        }
        if (k == 0)
        {
            _first = _first == 0 ? _nodes.Length - 1 : _first - 1;
        }
        else
        {
            for (int j = _nodeCount; j > k; j--)
            {
                NodeSlot(j) = NodeAt(j - 1);
            }
        }
        NodeSlot(k) = node;
        _nodeCount++;
    }

    private void RemoveNode(int k)
    {
        if (k == 0)
        {
            NodeSlot(0) = null!;
            _first = _first + 1 == _nodes.Length ? 0 : _first + 1;
        }
        else
        {
            for (int j = k; j < _nodeCount - 1; j++)
            {
                NodeSlot(j) = NodeAt(j + 1);
            }
            NodeSlot(_nodeCount - 1) = null!;
        }
        _nodeCount--;
        if (_nodes.Length > 64 && _nodeCount < _nodes.Length / 4)
        {
            ResizeDirectory(_nodes.Length / 2);
        }
    }

    private void ResizeDirectory(int capacity)
    {
        var nodes = new Node[capacity];
        for (int k = 0; k < _nodeCount; k++)
        {
            nodes[k] = NodeAt(k);
        }
        _nodes = nodes;
        _first = 0;
    }

    /// <summary>Adopts <paramref name="other"/>'s elements (a rebuilt copy of this list), leaving it unusable.</summary>
    private void TakeNodesOf(ListValue other)
    {
        _nodes = other._nodes;
        _first = other._first;
        _nodeCount = other._nodeCount;
        _count = other._count;
    }

    /// <summary>
    /// Element <paramref name="index"/>: its node's position <c>K</c> in the directory, the node,
    /// its bytes <c>[Start, End)</c> in the node's buffer and its position <c>Within</c> the node.
    /// Walks the node counts from the nearer end of the list, then the node from its nearer end.
    /// </summary>
    private (int K, Node Node, int Start, int End, int Within) Find(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        int k, before;
        if (index < _count / 2)
        {
            k = 0;
            before = 0;
            while (before + NodeAt(k).Count <= index)
            {
                before += NodeAt(k).Count;
                k++;
            }
        }
        else
        {
            k = _nodeCount - 1;
            before = _count - NodeAt(k).Count;
            while (before > index)
            {
                k--;
                before -= NodeAt(k).Count;
            }
        }
        var node = NodeAt(k);
        int within = index - before;
        int start, end;
        if (within <= node.Count / 2)
        {
            start = node.Start;
            for (int j = 0; j < within; j++)
            {
                ReadForward(node.Buffer, start, out start);
            }
            ReadForward(node.Buffer, start, out end);
        }
        else
        {
            end = node.End;
            for (int j = node.Count - 1; j > within; j--)
            {
                ReadBackward(node.Buffer, end, out end);
            }
            ReadBackward(node.Buffer, end, out start);
        }
        return (k, node, start, end, within);
    }
}
