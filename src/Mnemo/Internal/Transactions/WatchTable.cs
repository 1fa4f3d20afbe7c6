using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Transactions;

/// <summary>A WATCH registration: becomes dirty when any watched key is written, deleted or expires.</summary>
internal sealed class WatchToken
{
    private volatile bool _dirty;

    public bool IsDirty => _dirty;

    public void MarkDirty() => _dirty = true;
}

/// <summary>The WATCH registrations of one shard, keyed by key. Used under the shard's lock.</summary>
internal sealed class WatchTable
{
    private readonly Dictionary<byte[], List<WatchToken>> _byKey = new(ByteArrayComparer.Instance);

    public int Count => _byKey.Count;

    public void Add(byte[] key, WatchToken token)
    {
        if (!_byKey.TryGetValue(key, out var tokens))
        {
            _byKey[key] = tokens = [];
        }
        tokens.Add(token);
    }

    public void Remove(byte[] key, WatchToken token)
    {
        if (_byKey.TryGetValue(key, out var tokens))
        {
            tokens.Remove(token);
            if (tokens.Count == 0)
            {
                _byKey.Remove(key);
            }
        }
    }

    public void Touch(ReadOnlySpan<byte> key)
    {
        if (_byKey.Count != 0 && _byKey.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var tokens))
        {
            foreach (var token in tokens)
            {
                token.MarkDirty();
            }
        }
    }

    public void TouchAll()
    {
        foreach (var tokens in _byKey.Values)
        {
            foreach (var token in tokens)
            {
                token.MarkDirty();
            }
        }
    }
}
