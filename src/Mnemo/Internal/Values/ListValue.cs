using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>
/// A list: a double-ended queue of byte arrays in a circular buffer, so pushes and pops at both
/// ends and access by index are O(1). Elements are owned by the list (callers store copies and
/// receive copies).
/// </summary>
internal sealed class ListValue : CollectionValue
{
    private const int MinCapacity = 4;

    private byte[][] _items;
    private int _head; // physical position of element 0
    private int _count;

    public ListValue(byte[] key, int capacity = MinCapacity) : base(key) =>
        _items = new byte[Math.Max(MinCapacity, capacity)][];

    public override ValueKind Kind => ValueKind.List;

    public override int Count => _count;

    public byte[] this[int index]
    {
        get => _items[Physical(index)];
        set => _items[Physical(index)] = value;
    }

    public void PushLeft(byte[] value)
    {
        Grow();
        _head = _head == 0 ? _items.Length - 1 : _head - 1;
        _items[_head] = value;
        _count++;
    }

    public void PushRight(byte[] value)
    {
        Grow();
        _items[Physical(_count)] = value;
        _count++;
    }

    public byte[] PopLeft()
    {
        var value = _items[_head];
        _items[_head] = null!;
        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        _count--;
        Shrink();
        return value;
    }

    public byte[] PopRight()
    {
        int last = Physical(_count - 1);
        var value = _items[last];
        _items[last] = null!;
        _count--;
        Shrink();
        return value;
    }

    /// <summary>Inserts at <paramref name="index"/> (0..Count), moving the shorter side.</summary>
    public void Insert(int index, byte[] value)
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
        Grow();
        if (index < _count / 2)
        {
            _head = _head == 0 ? _items.Length - 1 : _head - 1;
            for (int i = 0; i < index; i++)
            {
                _items[Physical(i)] = _items[Physical(i + 1)];
            }
        }
        else
        {
            for (int i = _count; i > index; i--)
            {
                _items[Physical(i)] = _items[Physical(i - 1)];
            }
        }
        _items[Physical(index)] = value;
        _count++;
    }

    /// <summary>The index of the first element equal to <paramref name="value"/> from the head, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> value)
    {
        for (int i = 0; i < _count; i++)
        {
            if (this[i].AsSpan().SequenceEqual(value))
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
        // Mark the victims first, then compact in one pass so the removal is O(n).
        var remove = new bool[_count];
        int removed = 0;
        for (int n = 0; n < _count && removed < limit; n++)
        {
            int i = fromTail ? _count - 1 - n : n;
            if (this[i].AsSpan().SequenceEqual(value))
            {
                remove[i] = true;
                removed++;
            }
        }
        if (removed == 0)
        {
            return 0;
        }
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (!remove[i])
            {
                this[kept++] = this[i];
            }
        }
        for (int i = kept; i < _count; i++)
        {
            this[i] = null!;
        }
        _count = kept;
        Shrink();
        return removed;
    }

    /// <summary>Drops <paramref name="left"/> elements from the head and <paramref name="right"/> from the tail.</summary>
    public void Trim(int left, int right)
    {
        for (int i = 0; i < left; i++)
        {
            PopLeft();
        }
        for (int i = 0; i < right; i++)
        {
            PopRight();
        }
    }

    public override CollectionValue Clone()
    {
        var copy = new ListValue(Key, _count);
        for (int i = 0; i < _count; i++)
        {
            copy.PushRight((byte[])this[i].Clone());
        }
        return copy;
    }

    private int Physical(int index)
    {
        int p = _head + index;
        return p >= _items.Length ? p - _items.Length : p;
    }

    private void Grow()
    {
        if (_count == _items.Length)
        {
            Resize(_items.Length * 2);
        }
    }

    private void Shrink()
    {
        if (_items.Length > 64 && _count < _items.Length / 4)
        {
            Resize(_items.Length / 2);
        }
    }

    private void Resize(int capacity)
    {
        var items = new byte[capacity][];
        int first = Math.Min(_count, _items.Length - _head);
        Array.Copy(_items, _head, items, 0, first);
        Array.Copy(_items, 0, items, first, _count - first);
        _items = items;
        _head = 0;
    }
}
