using System.Text.Json.Nodes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Export;

/// <summary>
/// One validated key of an import file, ready to write: <see cref="Value"/> is, per
/// <see cref="Kind"/>, a <c>byte[]</c> (string), <c>List&lt;byte[]&gt;</c> (list, set),
/// <c>List&lt;KeyValuePair&lt;byte[], byte[]&gt;&gt;</c> (hash), <c>List&lt;ScoredMember&gt;</c>
/// (sorted set) or a <see cref="JsonNode"/> (document; null for the JSON <c>null</c> document).
/// <see cref="ExpiresAt"/> is absolute Unix ms, 0 for none.
/// </summary>
internal sealed record ImportEntry(long Line, int Database, byte[] Key, ValueKind Kind, object? Value, long ExpiresAt)
{
    public JsonNode? Document => Value as JsonNode;
}
