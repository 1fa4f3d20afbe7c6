namespace Mnemo;

public partial interface IMnemoDatabase
{
    /// <summary>
    /// PEXPIRE (or PERSIST when <paramref name="expiry"/> is null): the key expires after
    /// <paramref name="expiry"/> (whole milliseconds). A zero or negative time deletes the key at
    /// once. Returns true when the expiry was set (or the key deleted), false when the key does not
    /// exist or <paramref name="when"/> refused.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="expiry"/> is null with a condition other than <see cref="ExpireWhen.Always"/>.</exception>
    bool KeyExpire(MnemoKey key, TimeSpan? expiry, ExpireWhen when = ExpireWhen.Always);

    /// <summary>
    /// PEXPIREAT: the key expires at <paramref name="expiresAt"/> (a time already past deletes it at
    /// once). Returns true when the expiry was set (or the key deleted).
    /// </summary>
    bool KeyExpire(MnemoKey key, DateTimeOffset expiresAt, ExpireWhen when = ExpireWhen.Always);

    /// <summary>PTTL as a <see cref="TimeSpan"/>: the remaining time to live, or null when the key does not exist or has no expiry.</summary>
    TimeSpan? KeyTimeToLive(MnemoKey key);

    /// <summary>TTL: remaining seconds (rounded), -1 when the key has no expiry, -2 when it does not exist.</summary>
    long KeyTimeToLiveSeconds(MnemoKey key);

    /// <summary>PTTL: remaining milliseconds, -1 when the key has no expiry, -2 when it does not exist.</summary>
    long KeyTimeToLiveMilliseconds(MnemoKey key);

    /// <summary>PEXPIRETIME as a time: when the key expires, or null when it does not exist or has no expiry.</summary>
    DateTimeOffset? KeyExpireTime(MnemoKey key);

    /// <summary>EXPIRETIME: the Unix time in seconds at which the key expires, -1 when it has no expiry, -2 when it does not exist.</summary>
    long KeyExpireTimeSeconds(MnemoKey key);

    /// <summary>PEXPIRETIME: the Unix time in milliseconds at which the key expires, -1 when it has no expiry, -2 when it does not exist.</summary>
    long KeyExpireTimeMilliseconds(MnemoKey key);

    /// <summary>PERSIST: removes the key's expiry. Returns false when the key does not exist or has none.</summary>
    bool KeyPersist(MnemoKey key);
}
