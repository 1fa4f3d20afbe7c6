using Mnemo.Internal.Keyspace;

namespace Mnemo;

internal sealed partial class MnemoDatabase
{
    /// <inheritdoc/>
    public bool KeyDelete(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.Delete(k.Span);
    }

    /// <inheritdoc/>
    public long KeyDelete(params MnemoKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        return _db.Delete(KeyArrays(keys));
    }

    /// <inheritdoc/>
    public long KeyUnlink(params MnemoKey[] keys) => KeyDelete(keys);

    /// <inheritdoc/>
    public bool KeyExists(MnemoKey key) => KeyExists([key]) == 1;

    /// <inheritdoc/>
    public long KeyExists(params MnemoKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        return _db.Exists(KeyArrays(keys));
    }

    /// <inheritdoc/>
    public MnemoType KeyType(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.KeyType(k.Span) switch
        {
            ValueKind.StringRaw or ValueKind.StringInt => MnemoType.String,
            ValueKind.List => MnemoType.List,
            ValueKind.Set => MnemoType.Set,
            ValueKind.Hash => MnemoType.Hash,
            ValueKind.SortedSet => MnemoType.SortedSet,
            ValueKind.Json => MnemoType.Json,
            _ => MnemoType.None,
        };
    }

    /// <inheritdoc/>
    public bool KeyTouch(MnemoKey key) => KeyTouch([key]) == 1;

    /// <inheritdoc/>
    public long KeyTouch(params MnemoKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var ack = Track();
        return _db.Touch(KeyArrays(keys));
    }

    /// <inheritdoc/>
    public bool KeyRename(MnemoKey key, MnemoKey newKey, When when = When.Always)
    {
        if (when == When.Exists)
        {
            throw new ArgumentException("RENAME supports When.Always and When.NotExists (RENAMENX) only.", nameof(when));
        }
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        Span<byte> scratch2 = stackalloc byte[Scratch];
        using var n = newKey.Encode(scratch2);
        return _db.Rename(k.Span, n.Span, when == When.NotExists);
    }

    /// <inheritdoc/>
    public bool KeyCopy(MnemoKey source, MnemoKey destination, int destinationDatabase = -1, bool replace = false)
    {
        using var ack = Track();
        var target = destinationDatabase == -1 ? _db : _db.Core.Database(destinationDatabase);
        Span<byte> scratch = stackalloc byte[Scratch];
        using var s = source.Encode(scratch);
        Span<byte> scratch2 = stackalloc byte[Scratch];
        using var d = destination.Encode(scratch2);
        return _db.Copy(s.Span, target, d.Span, replace);
    }

    /// <inheritdoc/>
    public MnemoKey[] Keys(MnemoValue pattern = default)
    {
        using var ack = Track();
        var keys = _db.Keys(pattern.IsNull ? "*"u8 : pattern.ToArray());
        return [.. keys.Select(k => new MnemoKey(k))];
    }

    /// <inheritdoc/>
    public KeyScanResult KeyScan(ulong cursor, MnemoValue pattern = default, int count = 10, MnemoType? type = null)
    {
        using var ack = Track();
        var keys = new List<byte[]>();
        ulong next = _db.Scan(cursor, pattern.IsNull ? null : pattern.ToArray(), count, KindOf(type), keys);
        return new KeyScanResult(next, [.. keys.Select(k => new MnemoKey(k))]);
    }

    /// <inheritdoc/>
    public IEnumerable<MnemoKey> EnumerateKeys(MnemoValue pattern = default, int pageSize = 10, MnemoType? type = null)
    {
        if (pageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), "The page size must be at least 1.");
        }
        var patternBytes = pattern.IsNull ? null : pattern.ToArray();
        var kind = KindOf(type);
        return ScanAll(0, cursor =>
        {
            var keys = new List<byte[]>();
            ulong next = _db.Scan(cursor, patternBytes, pageSize, kind, keys);
            return (next, keys.Select(k => new MnemoKey(k)));
        });
    }

    /// <inheritdoc/>
    public MnemoKey? KeyRandom()
    {
        using var ack = Track();
        return _db.RandomKey() is { } key ? new MnemoKey(key) : (MnemoKey?)null;
    }

    /// <inheritdoc/>
    public long DatabaseSize()
    {
        using var ack = Track();
        return _db.KeyCount();
    }

    /// <inheritdoc/>
    public void FlushDatabase()
    {
        using var ack = Track();
        _db.FlushDatabase();
    }

    /// <summary>The engine's SCAN TYPE filter: 0 for any; <see cref="MnemoType.None"/> matches no key.</summary>
    private static ValueKind KindOf(MnemoType? type) => type switch
    {
        null => 0,
        MnemoType.String => ValueKind.StringRaw,
        MnemoType.List => ValueKind.List,
        MnemoType.Set => ValueKind.Set,
        MnemoType.Hash => ValueKind.Hash,
        MnemoType.SortedSet => ValueKind.SortedSet,
        MnemoType.Json => ValueKind.Json,
        _ => (ValueKind)0xF, // no value has this kind
    };
}
