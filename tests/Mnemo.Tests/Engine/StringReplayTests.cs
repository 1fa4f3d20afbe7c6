using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Engine;

/// <summary>The change stream of string writes, replayed on an empty store, reproduces the state exactly.</summary>
public sealed class StringReplayTests
{
    [Fact]
    public void Random_string_writes_replay_to_the_same_state()
    {
        var clock = new ManualClock();
        using var source = new MnemoStore(new MnemoStoreOptions { TimeProvider = clock, ActiveExpiryInterval = TimeSpan.Zero });
        var recorder = new ChangeRecorder();
        source.SubscribeChanges(recorder);
        var db = source.GetDatabase();
        var random = new Random(42);
        for (int step = 0; step < 5_000; step++)
        {
            string key = $"k{random.Next(50)}";
            try
            {
                switch (random.Next(10))
                {
                    case 0: db.StringSet(key, $"v{random.Next(1000)}"); break;
                    case 1: db.StringSet(key, random.Next(1000), TimeSpan.FromSeconds(random.Next(1, 30))); break;
                    case 2: db.StringIncrement(key, random.Next(-5, 5)); break;
                    case 3: db.StringAppend(key, "x"); break;
                    case 4: db.StringSetRange(key, random.Next(10), "ab"); break;
                    case 5: db.StringGetDelete(key); break;
                    case 6: db.StringIncrement(key, 0.5); break;
                    case 7: db.StringGetSetExpiry(key, TimeSpan.FromSeconds(random.Next(1, 30))); break;
                    case 8: db.StringSet([new(key, "m1"), new($"k{random.Next(50)}", "m2")], When.NotExists); break;
                    default: clock.Advance(TimeSpan.FromSeconds(1)); db.StringGet(key); break;
                }
            }
            catch (MnemoException)
            {
                // refused writes record nothing
            }
        }
        using var replica = new MnemoStore(new MnemoStoreOptions { TimeProvider = clock, ActiveExpiryInterval = TimeSpan.Zero });
        replica.ApplyChanges(recorder.Records);
        var copy = replica.GetDatabase();
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(db.StringGet($"k{i}"), copy.StringGet($"k{i}"));
        }
    }
}
