namespace Mnemo.Tests.Engine;

/// <summary>
/// Blocking pops (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) on the embedded store. An embedded
/// blocking call registers as a waiter before it returns its task, so starting calls one after
/// the other blocks them in that order.
/// </summary>
public sealed class ListBlockingTests : IDisposable
{
    /// <summary>The timeout of blocked readers: far longer than <see cref="Patience"/>.</summary>
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    /// <summary>How long a test waits for a reader that should be served: a lost wake-up fails the test.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly MnemoStore _store = new();

    private IMnemoDatabase Db => _store.GetDatabase(0);

    public void Dispose() => _store.Dispose();

    private static async Task<T> Done<T>(Task<T> task) => await task.WaitAsync(Patience);

    /// <summary>Gives a wrongly woken task time to finish, then asserts it did not.</summary>
    private static async Task AssertStillWaiting(Task task)
    {
        await Task.Delay(150);
        Assert.False(task.IsCompleted, "the reader should still be blocked");
    }

    [Fact]
    public async Task Waiters_are_served_in_the_order_they_blocked()
    {
        var first = Db.ListBlockingLeftPopAsync(["q"], Long);
        var second = Db.ListBlockingLeftPopAsync(["q"], Long);
        var third = Db.ListBlockingLeftPopAsync(["q"], Long);
        await AssertStillWaiting(Task.WhenAny(first, second, third));
        Db.ListRightPush("q", "a");
        Db.ListRightPush("q", "b");
        Db.ListRightPush("q", "c");
        Assert.Equal("a", (await Done(first))!.Value.Value.ToString());
        Assert.Equal("b", (await Done(second))!.Value.Value.ToString());
        Assert.Equal("c", (await Done(third))!.Value.Value.ToString());
        Assert.Equal(0, Db.ListLength("q"));
    }

    [Fact]
    public async Task One_push_of_three_elements_serves_three_waiters()
    {
        var waiters = Enumerable.Range(0, 3).Select(_ => Db.ListBlockingRightPopAsync(["q"], Long)).ToArray();
        Db.ListRightPush("q", ["a", "b", "c"]);
        var got = await Done(Task.WhenAll(waiters));
        Assert.Equal(["c", "b", "a"], got.Select(r => r!.Value.Value.ToString()));
        Assert.All(got, r => Assert.Equal("q", r!.Value.Key.ToString()));
        Assert.Equal(0, Db.ListLength("q"));
    }

    [Fact]
    public async Task Timeout_returns_null()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Null(await Done(Db.ListBlockingLeftPopAsync(["q"], TimeSpan.FromMilliseconds(100))));
        Assert.True(started.ElapsedMilliseconds >= 90, $"returned after {started.ElapsedMilliseconds} ms");
        Assert.True((await Done(Db.ListBlockingMoveAsync("q", "d", ListSide.Left, ListSide.Left, TimeSpan.FromMilliseconds(20)))).IsNull);
        Assert.Null(await Done(Db.ListBlockingPopAsync(["q"], ListSide.Left, 2, TimeSpan.FromMilliseconds(20))));
        Db.ListRightPush("q", "late");
        Assert.Equal(1, Db.ListLength("q")); // nobody is left waiting to take it
    }

    [Fact]
    public async Task Zero_timeout_waits_until_a_push()
    {
        var waiter = Db.ListBlockingLeftPopAsync(["q"], TimeSpan.Zero);
        await AssertStillWaiting(waiter);
        Db.ListLeftPush("q", "x");
        Assert.Equal("x", (await Done(waiter))!.Value.Value.ToString());
    }

    [Fact]
    public async Task Negative_timeout_is_an_error()
    {
        var error = await Assert.ThrowsAsync<MnemoException>(() => Db.ListBlockingLeftPopAsync(["q"], TimeSpan.FromSeconds(-1)));
        Assert.Equal(RedisErrors.TimeoutNegative, error.Message);
        error = await Assert.ThrowsAsync<MnemoException>(() => Db.ListBlockingMoveAsync("q", "d", ListSide.Left, ListSide.Left, TimeSpan.FromMilliseconds(-1)));
        Assert.Equal(RedisErrors.TimeoutNegative, error.Message);
        error = await Assert.ThrowsAsync<MnemoException>(() => Db.ListBlockingPopAsync(["q"], ListSide.Left, 1, TimeSpan.FromTicks(-1)));
        Assert.Equal(RedisErrors.TimeoutNegative, error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_and_the_reader_takes_nothing_afterwards()
    {
        using var cts = new CancellationTokenSource();
        var cancelled = Db.ListBlockingLeftPopAsync(["q"], TimeSpan.Zero, cts.Token);
        var other = Db.ListBlockingLeftPopAsync(["q"], Long);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Db.ListRightPush("q", "a");
        Assert.Equal("a", (await Done(other))!.Value.Value.ToString());
        Db.ListRightPush("q", "b");
        Assert.Equal(["b"], Db.ListRange("q").Select(v => v.ToString()));
    }

    [Fact]
    public async Task Already_cancelled_token_throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Db.ListBlockingLeftPopAsync(["q"], Long, cts.Token));
    }

    [Fact]
    public async Task A_woken_reader_beaten_by_a_plain_pop_keeps_waiting()
    {
        var waiter = Db.ListBlockingLeftPopAsync(["q"], Long);
        // The transaction pushes (which wakes the reader once it commits) and pops the element
        // again before the reader can retry: the reader finds nothing and must keep its place.
        using (var tx = Db.CreateTransaction("q"))
        {
            Assert.True(tx.Execute(db =>
            {
                db.ListRightPush("q", "stolen");
                Assert.Equal("stolen", db.ListLeftPop("q").ToString());
            }));
        }
        await AssertStillWaiting(waiter);
        var second = Db.ListBlockingLeftPopAsync(["q"], Long);
        Db.ListRightPush("q", "mine");
        Assert.Equal("mine", (await Done(waiter))!.Value.Value.ToString());
        Db.ListRightPush("q", "next");
        Assert.Equal("next", (await Done(second))!.Value.Value.ToString());
    }

    [Fact]
    public async Task Data_already_there_is_returned_at_once_from_the_first_non_empty_key()
    {
        Db.ListRightPush("b", ["1", "2"]);
        Db.ListRightPush("c", ["3"]);
        var result = (await Done(Db.ListBlockingRightPopAsync(["a", "b", "c"], Long)))!.Value;
        Assert.Equal("b", result.Key.ToString());
        Assert.Equal("2", result.Value.ToString());
    }

    [Fact]
    public async Task A_reader_on_several_keys_is_woken_by_any_of_them()
    {
        var waiter = Db.ListBlockingLeftPopAsync(["a", "b"], Long);
        Db.ListRightPush("b", "x");
        var result = (await Done(waiter))!.Value;
        Assert.Equal("b", result.Key.ToString());
        Assert.Equal("x", result.Value.ToString());
    }

    [Fact]
    public async Task A_key_given_twice_is_waited_on_once()
    {
        var waiter = Db.ListBlockingLeftPopAsync(["q", "q"], Long);
        Db.ListRightPush("q", ["x", "y"]);
        Assert.Equal("x", (await Done(waiter))!.Value.Value.ToString());
        var again = Db.ListBlockingLeftPopAsync(["q", "q"], Long);
        Assert.Equal("y", (await Done(again))!.Value.Value.ToString());
        var third = Db.ListBlockingLeftPopAsync(["q"], Long);
        Db.ListRightPush("q", "z");
        Assert.Equal("z", (await Done(third))!.Value.Value.ToString());
    }

    [Fact]
    public async Task A_reader_served_from_another_key_passes_the_wake_up_on()
    {
        // r1 waits on a and b, r2 on b only. One transaction fills both keys: r1 is signalled for
        // both but takes from a; r2 must still get b's element.
        var r1 = Db.ListBlockingLeftPopAsync(["a", "b"], Long);
        var r2 = Db.ListBlockingLeftPopAsync(["b"], Long);
        using (var tx = Db.CreateTransaction("a", "b"))
        {
            tx.Execute(db =>
            {
                db.ListRightPush("b", "for-r2");
                db.ListRightPush("a", "for-r1");
            });
        }
        var got1 = (await Done(r1))!.Value;
        var got2 = (await Done(r2))!.Value;
        Assert.Equal(("a", "for-r1"), (got1.Key.ToString(), got1.Value.ToString()));
        Assert.Equal(("b", "for-r2"), (got2.Key.ToString(), got2.Value.ToString()));
    }

    [Fact]
    public async Task Wrong_type_fails_the_blocking_pop()
    {
        Db.StringSet("s", "text");
        var error = await Assert.ThrowsAsync<MnemoWrongTypeException>(() => Db.ListBlockingLeftPopAsync(["missing", "s"], Long));
        Assert.Equal(RedisErrors.WrongType, error.Message);
        Assert.Equal("text", Db.StringGet("s").ToString());
    }

    [Fact]
    public async Task Blmove_waits_for_the_source_and_wakes_readers_of_the_destination()
    {
        var reader = Db.ListBlockingLeftPopAsync(["dst"], Long);
        var mover = Db.ListBlockingMoveAsync("src", "dst", ListSide.Right, ListSide.Left, Long);
        await AssertStillWaiting(mover);
        Db.ListRightPush("src", ["a", "b"]);
        Assert.Equal("b", (await Done(mover)).ToString());
        Assert.Equal("b", (await Done(reader))!.Value.Value.ToString());
        Assert.Equal(["a"], Db.ListRange("src").Select(v => v.ToString()));
        Assert.Equal("a", (await Done(Db.ListBlockingRightPopLeftPushAsync("src", "dst", Long))).ToString());
        Assert.Equal(["a"], Db.ListRange("dst").Select(v => v.ToString()));
    }

    [Fact]
    public async Task Blmpop_pops_up_to_count_and_validates_its_arguments()
    {
        var waiter = Db.ListBlockingPopAsync(["x", "y"], ListSide.Right, 2, Long);
        Db.ListRightPush("y", ["1", "2", "3"]);
        var result = (await Done(waiter))!;
        Assert.Equal("y", result.Key.ToString());
        Assert.Equal(["3", "2"], result.Values.Select(v => v.ToString()));
        var error = await Assert.ThrowsAsync<MnemoException>(() => Db.ListBlockingPopAsync(["y"], ListSide.Left, 0, Long));
        Assert.Equal(RedisErrors.CountGreaterThanZero, error.Message);
        error = await Assert.ThrowsAsync<MnemoException>(() => Db.ListBlockingPopAsync([], ListSide.Left, 1, Long));
        Assert.Equal(RedisErrors.NumKeysPositive, error.Message);
        Assert.Equal(["1"], Db.ListRange("y").Select(v => v.ToString()));
    }

    [Fact]
    public async Task Inside_a_transaction_a_blocking_pop_does_not_wait()
    {
        Task<KeyValuePair<MnemoKey, MnemoValue>?>? empty = null, full = null;
        using (var tx = Db.CreateTransaction("q"))
        {
            tx.Execute(db =>
            {
                empty = db.ListBlockingLeftPopAsync(["q"], TimeSpan.Zero);
                Assert.True(empty.IsCompleted);
                db.ListRightPush("q", "v");
                full = db.ListBlockingLeftPopAsync(["q"], TimeSpan.Zero);
                Assert.True(full.IsCompleted);
            });
        }
        Assert.Null(await empty!);
        Assert.Equal("v", (await full!)!.Value.Value.ToString());
        Assert.Equal(0, Db.ListLength("q"));
    }

    [Fact]
    public async Task Many_producers_and_blocked_consumers_lose_and_duplicate_nothing()
    {
        // Consumers wait forever: a lost wake-up would leave an element unconsumed and hang the test.
        const int Producers = 4, PerProducer = 250, Consumers = 6;
        int total = Producers * PerProducer;
        var received = new System.Collections.Concurrent.ConcurrentBag<string>();
        int remaining = total;
        using var done = new CancellationTokenSource();
        var consumers = Enumerable.Range(0, Consumers).Select(_ => Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var got = await Db.ListBlockingLeftPopAsync(["q1", "q2"], TimeSpan.Zero, done.Token);
                    received.Add(got!.Value.Value.ToString());
                    if (Interlocked.Decrement(ref remaining) == 0)
                    {
                        await done.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        })).ToArray();
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
        {
            for (int i = 0; i < PerProducer; i++)
            {
                Db.ListRightPush(i % 2 == 0 ? "q1" : "q2", $"{p}:{i}");
            }
        })).ToArray();
        await Task.WhenAll(producers).WaitAsync(Patience);
        await Task.WhenAll(consumers).WaitAsync(Patience);
        Assert.Equal(total, received.Count);
        Assert.Equal(total, received.Distinct().Count());
        Assert.Equal(0, Db.ListLength("q1") + Db.ListLength("q2"));
    }
}
