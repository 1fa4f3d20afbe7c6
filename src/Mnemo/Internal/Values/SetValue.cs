using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Values;

/// <summary>A set: distinct binary members with O(1) add, remove, lookup and random pick.</summary>
internal sealed class SetValue(byte[] key) : CollectionValue(key)
{
    private MemberTable _members = new();

    public override ValueKind Kind => ValueKind.Set;

    public override int Count => _members.Count;

    /// <summary>The members' storage (read and changed only under the shard lock).</summary>
    public MemberTable Members => _members;

    public bool Add(ReadOnlySpan<byte> member) => _members.Add(member);

    public bool Remove(ReadOnlySpan<byte> member) => _members.Remove(member);

    public bool Contains(ReadOnlySpan<byte> member) => _members.Contains(member);

    /// <summary>The member at a dense position (0 to Count - 1): the stored array, not a copy.</summary>
    public byte[] At(int index) => _members.MemberAt(index);

    public override CollectionValue Clone() => new SetValue(Key) { _members = _members.Clone() };
}
