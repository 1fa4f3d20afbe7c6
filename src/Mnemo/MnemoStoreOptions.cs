namespace Mnemo;

/// <summary>Settings of an embedded <see cref="MnemoStore"/>.</summary>
/// <example>
/// <code>
/// using var store = new MnemoStore(new MnemoStoreOptions { Databases = 4 });
/// </code>
/// </example>
public sealed class MnemoStoreOptions
{
    /// <summary>Number of numbered databases (Redis's <c>databases</c>, default 16).</summary>
    public int Databases { get; init; } = 16;

    /// <summary>
    /// Lock stripes per database (a power of two, 2-1024, default 64). More shards let more
    /// threads write at once; each costs a few hundred bytes when empty.
    /// </summary>
    public int ShardsPerDatabase { get; init; } = 64;

    /// <summary>The clock used for expiry (tests can supply their own). Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How often the active expiry cycle samples keys with a TTL to reclaim expired ones that
    /// nobody reads (Redis's <c>hz</c> 10 = every 100 ms). <see cref="TimeSpan.Zero"/> disables it;
    /// expired keys are then still never visible, but only removed when touched.
    /// </summary>
    public TimeSpan ActiveExpiryInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Where and how the store persists (journal, snapshots). Null (the default) keeps everything in
    /// memory only. A store with a directory recovers its state from it when constructed.
    /// </summary>
    public Persistence.MnemoPersistenceOptions? Persistence { get; init; }
}
