using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using Mnemo.Protocol;
using Mnemo.Server.PubSub;

namespace Mnemo.Server.Sessions;

/// <summary>CLIENT REPLY modes.</summary>
internal enum ReplyMode
{
    /// <summary>Replies are sent (the default, CLIENT REPLY ON).</summary>
    On,
    /// <summary>No replies until CLIENT REPLY ON.</summary>
    Off,
    /// <summary>The reply of the next command is dropped (set by CLIENT REPLY SKIP).</summary>
    SkipNext,
    /// <summary>The reply of the command now running is dropped.</summary>
    Skip,
}

/// <summary>
/// The session state of the server administration and pub/sub commands: subscriptions, the
/// outbox other connections post pub/sub and MONITOR messages to, CLIENT REPLY, CLIENT SETINFO,
/// CLIENT NO-EVICT / NO-TOUCH and the flags CLIENT LIST shows.
/// </summary>
public sealed partial class ClientSession
{
    /// <summary>Channels this client subscribed to (Latin-1 strings: one char per byte).</summary>
    internal HashSet<string> Channels { get; } = new(StringComparer.Ordinal);

    /// <summary>Patterns this client subscribed to (Latin-1 strings).</summary>
    internal HashSet<string> Patterns { get; } = new(StringComparer.Ordinal);

    private int _subscriptions;

    /// <summary>Channels plus patterns (readable from other threads: CLIENT LIST, INFO).</summary>
    internal int SubscriptionCount => Volatile.Read(ref _subscriptions);

    internal void UpdateSubscriptionCount() => Volatile.Write(ref _subscriptions, Channels.Count + Patterns.Count);

    /// <summary>Messages for this client posted by other connections (pub/sub, MONITOR), written under <see cref="OutputLock"/>.</summary>
    internal ConcurrentQueue<OutboundMessage> Outbox { get; } = new();

    /// <summary>The connection's output (set by the connection handler).</summary>
    internal PipeWriter? Output { get; set; }

    /// <summary>A writer of its own for messages written by other connections (never redirected by CLIENT REPLY).</summary>
    internal RespWriter? PushWriter { get; set; }

    /// <summary>Set under <see cref="OutputLock"/> once the connection is gone: nothing may write to it any more.</summary>
    internal bool OutputClosed { get; set; }

    /// <summary>The socket's file descriptor (CLIENT LIST <c>fd</c>), -1 when unknown.</summary>
    internal long Fd { get; set; } = -1;

    /// <summary>CLIENT REPLY state.</summary>
    internal ReplyMode ReplyMode { get; set; }

    /// <summary>Where suppressed replies go (CLIENT REPLY OFF / SKIP).</summary>
    internal IBufferWriter<byte> Discard { get; } = new DiscardWriter();

    /// <summary>True when the reply of the command about to run is dropped.</summary>
    internal bool RepliesSuppressed => ReplyMode is ReplyMode.Off or ReplyMode.Skip;

    /// <summary>Advances CLIENT REPLY SKIP after a command: the skipped command is done, a pending skip starts.</summary>
    internal void AfterCommandReply()
    {
        if (ReplyMode == ReplyMode.Skip)
        {
            ReplyMode = ReplyMode.On;
        }
        else if (ReplyMode == ReplyMode.SkipNext)
        {
            ReplyMode = ReplyMode.Skip;
        }
    }

    /// <summary>CLIENT SETINFO LIB-NAME.</summary>
    internal string? LibraryName { get; set; }

    /// <summary>CLIENT SETINFO LIB-VER.</summary>
    internal string? LibraryVersion { get; set; }

    /// <summary>CLIENT NO-EVICT (accepted and shown; Mnemo does not evict clients).</summary>
    internal bool NoEvict { get; set; }

    /// <summary>CLIENT NO-TOUCH (accepted and shown).</summary>
    internal bool NoTouch { get; set; }

    /// <summary>True after MONITOR.</summary>
    internal bool IsMonitor { get; set; }

    /// <summary>True while a command of this client waits (blocking pop, CLIENT PAUSE).</summary>
    internal bool Blocked { get; set; }

    /// <summary>An output that swallows everything (replies suppressed by CLIENT REPLY).</summary>
    private sealed class DiscardWriter : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[4096];

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Buffer(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Buffer(sizeHint);

        private byte[] Buffer(int sizeHint)
        {
            if (sizeHint > _buffer.Length)
            {
                _buffer = new byte[sizeHint];
            }
            return _buffer;
        }
    }
}
