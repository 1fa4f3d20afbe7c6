using Mnemo.Internal.Keyspace;

namespace Mnemo;

internal sealed partial class MnemoDatabase
{
    /// <inheritdoc/>
    public bool KeyExpire(MnemoKey key, TimeSpan? expiry, ExpireWhen when = ExpireWhen.Always)
    {
        if (expiry is null)
        {
            if (when != ExpireWhen.Always)
            {
                throw new ArgumentException("PERSIST takes no condition: use ExpireWhen.Always with a null expiry.", nameof(when));
            }
            return KeyPersist(key);
        }
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.Expire(k.Span, (long)expiry.Value.TotalMilliseconds, milliseconds: true, absolute: false, Flags(when), "pexpire");
    }

    /// <inheritdoc/>
    public bool KeyExpire(MnemoKey key, DateTimeOffset expiresAt, ExpireWhen when = ExpireWhen.Always)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.Expire(k.Span, expiresAt.ToUnixTimeMilliseconds(), milliseconds: true, absolute: true, Flags(when), "pexpireat");
    }

    /// <inheritdoc/>
    public TimeSpan? KeyTimeToLive(MnemoKey key)
    {
        long ms = KeyTimeToLiveMilliseconds(key);
        return ms < 0 ? null : TimeSpan.FromMilliseconds(ms);
    }

    /// <inheritdoc/>
    public long KeyTimeToLiveSeconds(MnemoKey key) => TimeToLive(key, milliseconds: false);

    /// <inheritdoc/>
    public long KeyTimeToLiveMilliseconds(MnemoKey key) => TimeToLive(key, milliseconds: true);

    /// <inheritdoc/>
    public DateTimeOffset? KeyExpireTime(MnemoKey key)
    {
        long ms = KeyExpireTimeMilliseconds(key);
        return ms < 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    /// <inheritdoc/>
    public long KeyExpireTimeSeconds(MnemoKey key) => ExpireTime(key, milliseconds: false);

    /// <inheritdoc/>
    public long KeyExpireTimeMilliseconds(MnemoKey key) => ExpireTime(key, milliseconds: true);

    /// <inheritdoc/>
    public bool KeyPersist(MnemoKey key)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.Persist(k.Span);
    }

    private long TimeToLive(MnemoKey key, bool milliseconds)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.TimeToLive(k.Span, milliseconds);
    }

    private long ExpireTime(MnemoKey key, bool milliseconds)
    {
        using var ack = Track();
        Span<byte> scratch = stackalloc byte[Scratch];
        using var k = key.Encode(scratch);
        return _db.ExpireTime(k.Span, milliseconds);
    }

    private static ExpireFlags Flags(ExpireWhen when) => when switch
    {
        ExpireWhen.Always => ExpireFlags.None,
        ExpireWhen.HasNoExpiry => ExpireFlags.IfNoExpiry,
        ExpireWhen.HasExpiry => ExpireFlags.IfHasExpiry,
        ExpireWhen.GreaterThanCurrentExpiry => ExpireFlags.IfGreater,
        ExpireWhen.LessThanCurrentExpiry => ExpireFlags.IfLess,
        _ => throw new ArgumentOutOfRangeException(nameof(when)),
    };
}
