using System.Text;
using Mnemo.Internal.Text;
using Mnemo.Server.Sessions;

namespace Mnemo.Server.PubSub;

/// <summary>
/// Channel and pattern subscriptions of all clients, and PUBLISH. Names are kept as Latin-1
/// strings (one char per byte), so any binary channel name round-trips exactly.
/// </summary>
internal sealed class PubSubHub
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<ClientSession>> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<ClientSession>> _patterns = new(StringComparer.Ordinal);
    private volatile bool _any;

    public static string Name(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    public static byte[] Bytes(string name) => Encoding.Latin1.GetBytes(name);

    /// <summary>True when at least one client subscribed to something (lets PUBLISH and keyspace events skip all work).</summary>
    public bool HasSubscribers => _any;

    /// <summary>Active channels (with at least one subscriber): INFO pubsub_channels.</summary>
    public int ChannelCount
    {
        get
        {
            lock (_gate)
            {
                return _channels.Count;
            }
        }
    }

    /// <summary>Distinct patterns: PUBSUB NUMPAT, INFO pubsub_patterns.</summary>
    public int PatternCount
    {
        get
        {
            lock (_gate)
            {
                return _patterns.Count;
            }
        }
    }

    /// <summary>Adds a subscription; false when the client already had it.</summary>
    public bool Subscribe(ClientSession session, string name, bool pattern)
    {
        var own = pattern ? session.Patterns : session.Channels;
        if (!own.Add(name))
        {
            return false;
        }
        session.UpdateSubscriptionCount();
        lock (_gate)
        {
            var map = pattern ? _patterns : _channels;
            if (!map.TryGetValue(name, out var clients))
            {
                map[name] = clients = [];
            }
            clients.Add(session);
            _any = true;
        }
        return true;
    }

    /// <summary>Removes a subscription; false when the client did not have it.</summary>
    public bool Unsubscribe(ClientSession session, string name, bool pattern)
    {
        var own = pattern ? session.Patterns : session.Channels;
        if (!own.Remove(name))
        {
            return false;
        }
        session.UpdateSubscriptionCount();
        lock (_gate)
        {
            var map = pattern ? _patterns : _channels;
            if (map.TryGetValue(name, out var clients) && clients.Remove(session) && clients.Count == 0)
            {
                map.Remove(name);
            }
            _any = _channels.Count + _patterns.Count > 0;
        }
        return true;
    }

    /// <summary>Drops every subscription of a client (disconnect, RESET).</summary>
    public void UnsubscribeAll(ClientSession session)
    {
        foreach (var name in session.Channels.ToArray())
        {
            Unsubscribe(session, name, pattern: false);
        }
        foreach (var name in session.Patterns.ToArray())
        {
            Unsubscribe(session, name, pattern: true);
        }
    }

    /// <summary>PUBLISH: posts the message to every subscriber of the channel and of every matching pattern; returns how many received it.</summary>
    public int Publish(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message)
    {
        if (!_any)
        {
            return 0;
        }
        var targets = new List<(ClientSession Session, string? Pattern)>();
        lock (_gate)
        {
            if (_channels.Count > 0 && _channels.TryGetValue(Name(channel), out var clients))
            {
                foreach (var client in clients)
                {
                    targets.Add((client, null));
                }
            }
            foreach (var (pattern, subscribers) in _patterns)
            {
                if (Glob.IsMatch(Bytes(pattern), channel))
                {
                    foreach (var client in subscribers)
                    {
                        targets.Add((client, pattern));
                    }
                }
            }
        }
        if (targets.Count == 0)
        {
            return 0;
        }
        byte[] channelBytes = channel.ToArray(), payload = message.ToArray();
        PubSubMessage? direct = null;
        foreach (var (session, pattern) in targets)
        {
            var outbound = pattern is null
                ? direct ??= new PubSubMessage(null, channelBytes, payload)
                : new PubSubMessage(Bytes(pattern), channelBytes, payload);
            Delivery.Post(session, outbound);
        }
        return targets.Count;
    }

    /// <summary>PUBSUB CHANNELS [pattern]: active channels, optionally filtered.</summary>
    public List<string> Channels(ReadOnlySpan<byte> pattern, bool filter)
    {
        var result = new List<string>();
        lock (_gate)
        {
            foreach (var name in _channels.Keys)
            {
                if (!filter || Glob.IsMatch(pattern, Bytes(name)))
                {
                    result.Add(name);
                }
            }
        }
        return result;
    }

    /// <summary>PUBSUB NUMSUB: subscribers of one channel (patterns not counted).</summary>
    public int SubscriberCount(string channel)
    {
        lock (_gate)
        {
            return _channels.TryGetValue(channel, out var clients) ? clients.Count : 0;
        }
    }
}
