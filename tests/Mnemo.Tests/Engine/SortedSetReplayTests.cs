using Mnemo.Changes;

namespace Mnemo.Tests.Engine;

/// <summary>The change stream of sorted-set writes, replayed on another store, reproduces the state exactly.</summary>
public sealed class SortedSetReplayTests
{
    private sealed class Recorder : IChangeObserver
    {
        public List<ChangeRecord> Records { get; } = [];

        public void OnChanges(long firstSequence, int count, ReadOnlySpan<byte> records) => Records.AddRange(ChangeReader.ReadAll(records));
    }

    private static readonly string[] Keys = ["k0", "k1", "k2", "k3"];

    [Fact]
    public void Replaying_the_stream_reproduces_every_sorted_set()
    {
        using var a = new MnemoStore();
        using var b = new MnemoStore();
        var recorder = new Recorder();
        a.SubscribeChanges(recorder);
        var db = a.GetDatabase();
        var random = new Random(1234);
        for (int step = 0; step < 4000; step++)
        {
            RandomOperation(db, random);
        }
        Assert.NotEmpty(recorder.Records);
        Apply(b, recorder.Records);
        AssertSameContents(db, b.GetDatabase());
    }

    [Fact]
    public void Replay_of_store_forms_overwrites_and_deletes_destinations()
    {
        using var a = new MnemoStore();
        using var b = new MnemoStore();
        var recorder = new Recorder();
        a.SubscribeChanges(recorder);
        var db = a.GetDatabase();
        db.SortedSetAdd("k0", [new("x", 1), new("y", 2)]);
        db.SortedSetAdd("k1", [new("y", 5), new("z", 3)]);
        db.SortedSetCombineAndStore(SetOperation.Union, "k2", ["k0", "k1"], [2, 1], Aggregate.Max);
        db.SortedSetRangeAndStore("k1", "k3", 0, 0);
        db.SortedSetCombineAndStore(SetOperation.Intersect, "k3", ["k0", "k1"]);
        Assert.Contains(recorder.Records, r => r.Op == ChangeOp.Delete);
        Apply(b, recorder.Records);
        AssertSameContents(db, b.GetDatabase());
    }

    /// <summary>
    /// Applies records to <paramref name="store"/>. Until the Keys family's replay of Delete lands,
    /// a Delete of a sorted set is applied as the removal of all its members (the same end state).
    /// </summary>
    private static void Apply(MnemoStore store, List<ChangeRecord> records)
    {
        foreach (var record in records)
        {
            try
            {
                store.ApplyChanges([record]);
            }
            catch (NotSupportedException) when (record.Op == ChangeOp.Delete)
            {
                store.GetDatabase(record.Database).SortedSetRemoveRangeByRank(record.Args[0], 0, -1);
            }
        }
    }

    private static void AssertSameContents(IMnemoDatabase expected, IMnemoDatabase actual)
    {
        foreach (var key in Keys)
        {
            var want = expected.SortedSetRangeByRankWithScores(key);
            var got = actual.SortedSetRangeByRankWithScores(key);
            Assert.Equal(want.Select(e => (e.Element.ToString(), e.Score)), got.Select(e => (e.Element.ToString(), e.Score)));
        }
    }

    private static void RandomOperation(IMnemoDatabase db, Random random)
    {
        string key = Keys[random.Next(Keys.Length)];
        string member = "m" + random.Next(60);
        double score = random.Next(10) == 0 ? double.PositiveInfinity : random.Next(-20, 20) / 2.0;
        switch (random.Next(14))
        {
            case 0:
            case 1:
                db.SortedSetAdd(key, member, score, (SortedSetWhen)random.Next(8) & ~(SortedSetWhen.GreaterThan | SortedSetWhen.LessThan) | (random.Next(3) == 0 ? SortedSetWhen.GreaterThan : SortedSetWhen.Always), random.Next(2) == 0);
                break;
            case 2:
                db.SortedSetAdd(key, Enumerable.Range(0, 5).Select(i => new SortedSetEntry("m" + random.Next(60), random.Next(100))).ToArray());
                break;
            case 3:
                try
                {
                    db.SortedSetIncrement(key, member, random.Next(2) == 0 ? 1.5 : double.NegativeInfinity);
                }
                catch (MnemoException e) when (e.Message == RedisErrors.ScoreNaN)
                {
                }
                break;
            case 4:
                db.SortedSetRemove(key, [member, "m" + random.Next(60)]);
                break;
            case 5:
                db.SortedSetPop(key, random.Next(4), random.Next(2) == 0 ? Order.Ascending : Order.Descending);
                break;
            case 6:
                db.SortedSetRemoveRangeByRank(key, random.Next(-5, 5), random.Next(-5, 5));
                break;
            case 7:
                db.SortedSetRemoveRangeByScore(key, random.Next(-10, 10), random.Next(-10, 10), (Exclude)random.Next(4));
                break;
            case 8:
                db.SortedSetRemoveRangeByValue(key, "m" + random.Next(60), "m" + random.Next(60), (Exclude)random.Next(4));
                break;
            case 9:
                db.SortedSetCombineAndStore((SetOperation)random.Next(3), key, [Keys[random.Next(4)], Keys[random.Next(4)]]);
                break;
            case 10:
                db.SortedSetRangeAndStore(Keys[random.Next(4)], key, random.Next(-3, 3), random.Next(-3, 10));
                break;
            case 11:
                db.SortedSetIncrement(key, member, random.Next(-3, 3), SortedSetWhen.LessThan);
                break;
            default:
                db.SortedSetAdd(key, member, score);
                break;
        }
    }
}
