using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>A hash: binary fields mapped to binary values, with O(1) set, delete, lookup and random pick.</summary>
internal sealed class HashValue(byte[] key) : CollectionValue(key)
{
    private MemberTable _fields = new();

    public override ValueKind Kind => ValueKind.Hash;

    public override int Count => _fields.Count;

    /// <summary>The fields' storage (read and changed only under the shard lock).</summary>
    public MemberTable Fields => _fields;

    /// <summary>The stored value of a field (not a copy), or null.</summary>
    public byte[]? Get(ReadOnlySpan<byte> field)
    {
        int i = _fields.Find(field);
        return i < 0 ? null : _fields.ValueAt(i);
    }

    /// <summary>Sets a field to a copy of <paramref name="value"/>; returns true when the field is new.</summary>
    public bool Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        int i = _fields.Find(field);
        if (i >= 0)
        {
            _fields.SetValueAt(i, value.ToArray());
            return false;
        }
        _fields.AddNew(field.ToArray(), value.ToArray());
        return true;
    }

    public bool Delete(ReadOnlySpan<byte> field) => _fields.Remove(field);

    public bool Contains(ReadOnlySpan<byte> field) => _fields.Contains(field);

    public byte[] FieldAt(int index) => _fields.MemberAt(index);

    public byte[] ValueAt(int index) => _fields.ValueAt(index)!;

    public override CollectionValue Clone() => new HashValue(Key) { _fields = _fields.Clone() };
}
