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

    private static bool HasRoomFor(Node node, int size) => node.Count < NodeElements && node.Used + size <= NodeBytes;

    /// <summary>
    /// An empty node for an element of <paramref name="size"/> encoded bytes, its free space on the
    /// side pushes will come from. Sized like its full <paramref name="neighbour"/> (the list's
    /// elements are likely alike), or small for a new list, growing by doubling.
    /// </summary>
    private static Node NewNode(int size, bool atLeft, Node? neighbour)
    {
        int capacity = size > NodeBytes ? size
            : neighbour is null ? Math.Max(MinBuffer, size * 2)
            : Math.Max(size, Math.Min(NodeBytes, neighbour.Used));
        return new Node(new byte[capacity], atLeft ? capacity : 0);
    }

    /// <summary>Moves the node's elements into a larger buffer, leaving the free space on the side being written.</summary>
    private static void GrowNode(Node node, int size, bool atLeft)
    {
        int used = node.Used;
        int capacity = Math.Max(used + size, Math.Min(node.Buffer.Length * 2, NodeBytes));
        var buffer = new byte[capacity];
        int start = atLeft ? capacity - used : 0;
        node.Buffer.AsSpan(node.Start, used).CopyTo(buffer.AsSpan(start));
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

    /// <summary>Element <paramref name="index"/>'s node and its bytes <c>[Start, End)</c> in the node's buffer.</summary>
    private (Node Node, int Start, int End) Locate(int index)
    {
        var (_, node, start, end) = LocateWithIndex(index);
        return (node, start, end);
    }

    /// <summary>Element <paramref name="index"/>'s node, where it starts and its position within the node.</summary>
    private (int K, Node Node, int Start, int Within) LocateNode(int index)
    {
        var (k, node, start, _, within) = Find(index);
        return (k, node, start, within);
    }

    private (int K, Node Node, int Start, int End) LocateWithIndex(int index)
    {
        var (k, node, start, end, _) = Find(index);
        return (k, node, start, end);
    }

    /// <summary>Walks the node counts from the nearer end of the list, then the node from its nearer end.</summary>
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
