using Mnemo.Protocol;

namespace Mnemo.Server.PubSub;

/// <summary>
/// Something another connection sends to a client: a pub/sub message or a MONITOR line. One
/// instance is shared by every receiver; each receiver writes it in its own protocol version.
/// </summary>
internal abstract class OutboundMessage
{
    public abstract void Write(RespWriter writer);

    /// <summary>About how many bytes the message takes once written (for client-output-buffer-limit).</summary>
    public abstract int Size { get; }
}

/// <summary><c>message</c> (channel subscription) or <c>pmessage</c> (pattern subscription).</summary>
internal sealed class PubSubMessage(byte[]? pattern, byte[] channel, byte[] payload) : OutboundMessage
{
    // the bulk strings plus their headers (a push/array header and three or four "$<n>\r\n...\r\n")
    public override int Size { get; } = channel.Length + payload.Length + (pattern?.Length ?? 0) + 64;

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
    public override int Size => resp.Length;

    public override void Write(RespWriter writer) => writer.WriteRaw(resp);
}
