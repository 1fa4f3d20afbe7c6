namespace Mnemo;

/// <summary>A condition on a key's current expiry for <see cref="IMnemoDatabase.KeyExpire(MnemoKey, TimeSpan?, ExpireWhen)"/> (Redis 7's NX / XX / GT / LT).</summary>
public enum ExpireWhen
{
    /// <summary>Set the expiry unconditionally.</summary>
    Always,

    /// <summary>Only when the key has no expiry (NX).</summary>
    HasNoExpiry,

    /// <summary>Only when the key already has an expiry (XX).</summary>
    HasExpiry,

    /// <summary>Only when the new expiry is later than the current one (GT); a key without expiry counts as never expiring, so it fails.</summary>
    GreaterThanCurrentExpiry,

    /// <summary>Only when the new expiry is earlier than the current one (LT); a key without expiry counts as never expiring, so it succeeds.</summary>
    LessThanCurrentExpiry,
}
