using System.Diagnostics;
using Mnemo.Internal.Transactions;

namespace Mnemo.Internal.Keyspace;

/// <summary>What a pop attempt of a blocked reader took: the result, the index of the key it came from, and how many elements remain there.</summary>
internal readonly record struct PopAttempt<T>(T Result, int KeyIndex, int Remaining);

/// <summary>
/// The retry loop shared by the blocking pops (BLPOP, BRPOP, BLMOVE, BLMPOP, BZPOPMIN, BZMPOP ...):
/// the family supplies a non-blocking pop; this loop registers the reader on its keys with
/// <see cref="KeyWaiters"/>, retries the pop on every wake-up, and keeps readers first-come,
/// first-served.
/// </summary>
internal static class BlockingPop
{
    /// <summary>
    /// Runs <paramref name="tryPop"/> until it succeeds, the timeout passes (null) or the token is
    /// cancelled. <paramref name="timeout"/> of zero waits forever (Redis's 0); negative is an error.
    /// Inside a transaction the pop is tried once and never waits (Redis's blocking commands in MULTI).
    /// </summary>
    /// <param name="db">The database of the keys.</param>
    /// <param name="keys">The keys to wait on (arrays the caller will not change).</param>
    /// <param name="kind">The type a key must hold to be worth a retry.</param>
    /// <param name="timeout">How long to wait; <see cref="TimeSpan.Zero"/> waits forever.</param>
    /// <param name="tryPop">The non-blocking pop; null when every key is empty.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task<PopAttempt<T>?> RunAsync<T>(
        Db db, IReadOnlyList<byte[]> keys, ValueKind kind, TimeSpan timeout, Func<PopAttempt<T>?> tryPop, CancellationToken cancellationToken)
    {
        if (timeout < TimeSpan.Zero)
        {
            throw new MnemoException(RedisErrors.TimeoutNegative);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var immediate = tryPop();
        if (immediate is not null || Transaction.Current is not null)
        {
            return immediate;
        }

        long now = Stopwatch.GetTimestamp();
        double ticks = timeout.TotalSeconds * Stopwatch.Frequency;
        bool forever = timeout == TimeSpan.Zero || ticks >= long.MaxValue - now;
        long deadline = forever ? long.MaxValue : now + (long)ticks;
        var waiters = db.Core.Waiters;
        // Register before the retry so a push between the first attempt and the registration is not missed.
        var waiter = waiters.Register(db.Index, keys);
        try
        {
            while (true)
            {
                if (tryPop() is { } attempt)
                {
                    if (attempt.Remaining > 0)
                    {
                        waiters.PassOn(waiter, db.Index, keys[attempt.KeyIndex]);
                    }
                    return attempt;
                }
                var wait = Timeout.InfiniteTimeSpan;
                if (!forever)
                {
                    long left = deadline - Stopwatch.GetTimestamp();
                    if (left <= 0)
                    {
                        return null;
                    }
                    // At least 1 ms, at most what SemaphoreSlim accepts; the loop re-checks the deadline.
                    wait = TimeSpan.FromMilliseconds(Math.Clamp(Math.Ceiling(Stopwatch.GetElapsedTime(0, left).TotalMilliseconds), 1, int.MaxValue - 1));
                }
                // A timed-out wait loops back: one last attempt, then the deadline check ends it.
                await waiter.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            waiters.Unregister(waiter);
            // A wake-up that reached this reader but that it did not use (it was served from
            // another key, or a push raced with its exit, or it timed out or was cancelled) must
            // not be lost: once unregistered, hand it to the next reader of every key with elements.
            // Spurious wake-ups are harmless: a reader that finds nothing keeps its place.
            foreach (var key in keys)
            {
                if (db.KeyHolds(key, kind))
                {
                    waiters.SignalReady(db.Index, key);
                }
            }
        }
    }
}
