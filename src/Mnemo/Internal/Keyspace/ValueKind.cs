namespace Mnemo.Internal.Keyspace;

/// <summary>The type and encoding of a stored value, kept in the low bits of <see cref="Slot.Meta"/>.</summary>
internal enum ValueKind
{
    /// <summary>A string stored as raw bytes in a <see cref="Values.StringRecord"/>.</summary>
    StringRaw = 1,
    /// <summary>A string holding a canonical 64-bit integer, stored as 8 bytes.</summary>
    StringInt = 2,
    List = 3,
    Set = 4,
    Hash = 5,
    SortedSet = 6,
    /// <summary>A JSON document (<see cref="Values.JsonDocumentValue"/>), RedisJSON's <c>ReJSON-RL</c>.</summary>
    Json = 7,
}
