using Mnemo.Internal.Keyspace;
using Mnemo.Protocol;

namespace Mnemo.Server.Commands;

/// <summary>
/// Writes a stored value straight from the store into the reply as a bulk string, under the shard
/// lock (no copy, no allocation): GET and the one-element LPOP / RPOP.
/// </summary>
internal readonly struct BulkReplyReader(RespWriter reply) : IValueReader
{
    public void Read(scoped ReadOnlySpan<byte> value) => reply.WriteBulkString(value);
}
