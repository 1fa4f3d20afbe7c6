using Mnemo.Internal.Keyspace;
using Mnemo.Protocol;

namespace Mnemo.Server.Commands;

/// <summary>
/// Writes the elements an engine read hands over (under the shard lock) as an array reply of bulk
/// strings, so the read copies nothing (LRANGE).
/// </summary>
internal readonly struct ReplySink(RespWriter reply) : IElementSink
{
    public void Begin(int count) => reply.WriteArrayHeader(count);

    public void Element(ReadOnlySpan<byte> element) => reply.WriteBulkString(element);
}
