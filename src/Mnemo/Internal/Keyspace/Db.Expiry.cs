using Mnemo.Changes;

namespace Mnemo.Internal.Keyspace;

/// <summary>The NX / XX / GT / LT options of EXPIRE and its siblings.</summary>
[Flags]
internal enum ExpireFlags
{
    None = 0,
    /// <summary>NX: only when the key has no expiry.</summary>
    IfNoExpiry = 1,
    /// <summary>XX: only when the key has an expiry.</summary>
    IfHasExpiry = 2,
    /// <summary>GT: only when the new expiry is later (no expiry counts as infinite).</summary>
    IfGreater = 4,
    /// <summary>LT: only when the new expiry is earlier (no expiry counts as infinite).</summary>
    IfLess = 8,
}

/// <summary>Expiry commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST.</summary>
internal sealed partial class Db
{
    /// <summary>
    /// EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT. <paramref name="when"/> is in seconds unless
    /// <paramref name="milliseconds"/>, relative to now unless <paramref name="absolute"/>.
    /// A time already past deletes the key. Returns true when the expiry was set (or the key deleted).
    /// <paramref name="command"/> names the command in the overflow error (<c>expire</c>, <c>pexpireat</c>, ...).
    /// </summary>
    public bool Expire(ReadOnlySpan<byte> key, long when, bool milliseconds, bool absolute, ExpireFlags flags, string command)
    {
        if ((flags & ExpireFlags.IfNoExpiry) != 0 && flags != ExpireFlags.IfNoExpiry)
        {
            Throw(RedisErrors.ExpireOptionsIncompatible);
        }
        if ((flags & (ExpireFlags.IfGreater | ExpireFlags.IfLess)) == (ExpireFlags.IfGreater | ExpireFlags.IfLess))
        {
            Throw(RedisErrors.ExpireGtLt);
        }
        if (!milliseconds)
        {
            if (when > long.MaxValue / 1000 || when < long.MinValue / 1000)
            {
                Throw(RedisErrors.InvalidExpireTime(command));
            }
            when *= 1000;
        }
        if (!absolute)
        {
            long now = Core.NowMs();
            if (when > long.MaxValue - now)
            {
                Throw(RedisErrors.InvalidExpireTime(command));
            }
            when += now;
        }
        return ExpireAt(key, when, flags);
    }

    /// <summary>Sets an absolute expiry (Unix ms) subject to <paramref name="flags"/>; a past time deletes the key.</summary>
    public bool ExpireAt(ReadOnlySpan<byte> key, long expiresAt, ExpireFlags flags)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0)
            {
                return false;
            }
            long current = shard.Table.At(i).ExpiresAt; // 0: none, which GT and LT treat as infinite
            if (((flags & ExpireFlags.IfNoExpiry) != 0 && current != 0)
                || ((flags & ExpireFlags.IfHasExpiry) != 0 && current == 0)
                || ((flags & ExpireFlags.IfGreater) != 0 && (current == 0 || expiresAt <= current))
                || ((flags & ExpireFlags.IfLess) != 0 && current != 0 && expiresAt >= current))
            {
                return false;
            }
            // 0 would mean "no expiry": an absolute time at or before the epoch is simply in the past.
            ChangeExpiryLocked(shard, key, i, Math.Max(expiresAt, 1));
            return true;
        }
    }

    /// <summary>
    /// Sets the expiry of live entry <paramref name="i"/> (0 removes it) and records the effect.
    /// A time already past deletes the key, as Redis does, except while replaying a stream (a later
    /// record may extend it). Runs under the shard's lock; EXPIRE and GETEX share it.
    /// </summary>
    internal void ChangeExpiryLocked(Shard shard, ReadOnlySpan<byte> key, int i, long expiresAt)
    {
        BeforeWrite(shard, key, i);
        if (expiresAt != 0 && expiresAt <= Core.NowMs() && !Replaying)
        {
            RemoveEntry(shard, i);
            if (Effect(ChangeOp.Delete, 1) is { } d)
            {
                d.Arg(key);
                Publish(d);
            }
            return;
        }
        shard.Table.SetExpiry(i, expiresAt);
        if (Effect(ChangeOp.Expire, 2) is { } w)
        {
            w.Arg(key).Arg(expiresAt);
            Publish(w);
        }
    }

    /// <summary>TTL (seconds, rounded) / PTTL (ms): -2 when the key is missing, -1 when it has no expiry.</summary>
    public long TimeToLive(ReadOnlySpan<byte> key, bool milliseconds)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return -2;
            }
            long expiresAt = shard.Table.At(i).ExpiresAt;
            if (expiresAt == 0)
            {
                return -1;
            }
            long ttl = Math.Max(0, expiresAt - Core.NowMs());
            return milliseconds ? ttl : (ttl + 500) / 1000;
        }
    }

    /// <summary>EXPIRETIME (Unix seconds) / PEXPIRETIME (Unix ms): -2 when the key is missing, -1 when it has no expiry.</summary>
    public long ExpireTime(ReadOnlySpan<byte> key, bool milliseconds)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindRead(shard, key, hash);
            if (i < 0)
            {
                return -2;
            }
            long expiresAt = shard.Table.At(i).ExpiresAt;
            if (expiresAt == 0)
            {
                return -1;
            }
            return milliseconds ? expiresAt : expiresAt / 1000;
        }
    }

    /// <summary>PERSIST: removes the expiry; false when the key is missing or has none.</summary>
    public bool Persist(ReadOnlySpan<byte> key)
    {
        int hash = KeyHash.Compute(key);
        var shard = ShardOf(hash);
        using (shard.Lock())
        {
            int i = FindLive(shard, key, hash);
            if (i < 0 || shard.Table.At(i).ExpiresAt == 0)
            {
                return false;
            }
            ChangeExpiryLocked(shard, key, i, 0);
            return true;
        }
    }

    /// <summary>Replays an Expire effect: 0 persists; otherwise an absolute time (kept even when already past: replay does not expire).</summary>
    public void ApplyExpiry(ReadOnlySpan<byte> key, long expiresAt)
    {
        if (expiresAt == 0)
        {
            Persist(key);
        }
        else
        {
            ExpireAt(key, expiresAt, ExpireFlags.None);
        }
    }
}
