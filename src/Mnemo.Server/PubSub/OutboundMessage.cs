using Mnemo.Protocol;

namespace Mnemo.Server.PubSub;

/// <summary>
/// Something another connection sends to a client: a pub/sub message or a MONITOR line. One
/// instance is shared by every receiver; each receiver writes it in its own protocol version.
/// </summary>
internal abstract class OutboundMessage
{
    public abstract void Write(RespWriter writer);
}

/// <summary><c>message</c> (channel subscription) or <c>pmessage</c> (pattern subscription).</summary>
internal sealed class PubSubMessage(byte[]? pattern, byte[] channel, byte[] payload) : OutboundMessage
{
    public override void Write(RespWriter writer)
    {
        if (pattern is null)
        {
            writer.WritePushHeader(3);
            writer.WriteBulkString("message"u8);
        }
        else
        {
            writer.WritePushHeader(4);
            writer.WriteBulkString("pmessage"u8);
            writer.WriteBulkString(pattern);
        }
        writer.WriteBulkString(channel);
        writer.WriteBulkString(payload);
    }
}

/// <summary>A pre-encoded reply (a MONITOR line: a simple string, the same in RESP2 and RESP3).</summary>
internal sealed class RawMessage(byte[] resp) : OutboundMessage
{
    public override void Write(RespWriter writer) => writer.WriteRaw(resp);
}
