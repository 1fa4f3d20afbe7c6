using FsCheck;
using FsCheck.Fluent;
using Mnemo.Changes;

namespace Mnemo.Tests.Engine;

/// <summary>
/// Lists against a reference model over random operation sequences (FsCheck and a seeded random
/// walk), and change-stream replay: store B fed store A's stream ends with equal lists.
/// </summary>
public sealed class ListPropertyTests
{
    private static readonly Gen<ListOp> OpGen =
        from kind in Gen.Choose(0, ListOp.Kinds - 1)
        from key in Gen.Choose(0, 1)
        from a in Gen.Choose(-6, 6)
        from b in Gen.Choose(-6, 6)
        from v in Gen.Elements("a", "b", "c")
        from w in Gen.Elements("a", "b", "c", "d")
        select new ListOp(kind, key, a, b, v, w);

    [Fact]
    public void Random_operation_sequences_match_the_reference_model()
    {
        var ops = Gen.ListOf(OpGen).Select(l => l.ToArray());
        Prop.ForAll(Arb.From(ops), sequence =>
        {
            using var store = new MnemoStore();
            var db = store.GetDatabase(0);
            var model = new ListModel();
            foreach (var op in sequence)
            {
                model.Apply(db, op);
                model.AssertSame(db);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Long_seeded_random_walk_matches_the_reference_model(int seed)
    {
        var random = new Random(seed);
        using var store = new MnemoStore();
        var db = store.GetDatabase(0);
        var model = new ListModel();
        for (int n = 0; n < 5000; n++)
        {
            // Bias towards pushes so lists grow long enough to exercise the ring buffer's wrap and resize.
            int kind = random.Next(3) == 0 ? random.Next(4) : random.Next(ListOp.Kinds);
            var op = new ListOp(kind, random.Next(2), random.Next(-40, 41), random.Next(-40, 41),
                ((char)('a' + random.Next(4))).ToString(), ((char)('a' + random.Next(5))).ToString());
            model.Apply(db, op);
            if (n % 50 == 0)
            {
                model.AssertSame(db);
            }
        }
        model.AssertSame(db);
    }

    [Fact]
    public void Replaying_the_change_stream_reproduces_the_lists()
    {
        var ops = Gen.ListOf(OpGen).Select(l => l.ToArray());
        Prop.ForAll(Arb.From(ops), sequence =>
        {
            using var a = new MnemoStore();
            using var b = new MnemoStore();
            var recorder = new Recorder();
            a.SubscribeChanges(recorder);
            var model = new ListModel();
            foreach (var op in sequence)
            {
                model.Apply(a.GetDatabase(0), op);
            }
            b.ApplyChanges(recorder.Records);
            model.AssertSame(b.GetDatabase(0));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Replay_covers_every_list_effect_and_atomic_moves()
    {
        using var a = new MnemoStore();
        using var b = new MnemoStore();
        var recorder = new Recorder();
        a.SubscribeChanges(recorder);
        var db = a.GetDatabase(3);
        db.ListRightPush("l", ["a", "b", "c", "d", "e", "a"]);
        db.ListLeftPush("l", "z");
        db.ListSetByIndex("l", -2, "E");
        db.ListInsertAfter("l", "b", "b2");
        db.ListRemove("l", "a", -1);
        db.ListTrim("l", 1, -2);
        db.ListLeftPop("l", 2);
        db.ListMove("l", "m", ListSide.Left, ListSide.Right);
        db.ListRightPopLeftPush("l", "l");
        db.ListRightPush("gone", "x");
        db.ListMove("gone", "m", ListSide.Right, ListSide.Left);
        db.ListLeftPop(["none", "m"], 1);

        var moveBatch = recorder.Batches[^2]; // LMOVE gone -> m: pop and push in one atomic batch
        Assert.Equal([ChangeOp.ListPop, ChangeOp.ListPush], moveBatch.Select(r => r.Op));

        b.ApplyChanges(recorder.Records);
        foreach (var key in new[] { "l", "m", "gone" })
        {
            Assert.Equal(db.ListRange(key).Select(v => v.ToString()), b.GetDatabase(3).ListRange(key).Select(v => v.ToString()));
        }
        Assert.Equal(a.GetDatabase(3).ListLength("gone"), b.GetDatabase(3).ListLength("gone"));
        Assert.Equal(2, ((MnemoDatabase)b.GetDatabase(3)).Engine.KeyCount());
    }

    [Fact]
    public void Replaying_a_rotation_of_a_one_element_list_keeps_the_key_and_its_ttl()
    {
        var clock = new Infrastructure.ManualClock();
        using var a = new MnemoStore(new MnemoStoreOptions { TimeProvider = clock, ActiveExpiryInterval = TimeSpan.Zero });
        using var b = new MnemoStore(new MnemoStoreOptions { TimeProvider = clock, ActiveExpiryInterval = TimeSpan.Zero });
        var recorder = new Recorder();
        a.SubscribeChanges(recorder);
        var db = a.GetDatabase(0);
        db.ListRightPush("one", "x");
        SetExpiry(a, "one", clock.GetUtcNow().AddSeconds(10).ToUnixTimeMilliseconds());
        db.ListRightPopLeftPush("one", "one");
        b.ApplyChanges(recorder.Records);
        SetExpiry(b, "one", clock.GetUtcNow().AddSeconds(10).ToUnixTimeMilliseconds()); // what the keys family's EXPIRE effect replays
        var rotation = recorder.Batches[^1];
        Assert.Equal([ChangeOp.ListPush, ChangeOp.ListPop], rotation.Select(r => r.Op)); // never empties the list on replay
        Assert.Equal(["x"], b.GetDatabase(0).ListRange("one").Select(v => v.ToString()));
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(0, a.GetDatabase(0).ListLength("one"));
        Assert.Equal(0, b.GetDatabase(0).ListLength("one"));
    }

    /// <summary>Sets an expiry straight on the engine entry (EXPIRE belongs to the keys family).</summary>
    private static void SetExpiry(MnemoStore store, string key, long at)
    {
        var db = store.Core.Database(0);
        var bytes = System.Text.Encoding.UTF8.GetBytes(key);
        int hash = Internal.Keyspace.KeyHash.Compute(bytes);
        var shard = db.ShardOf(hash);
        using (shard.Lock())
        {
            shard.Table.SetExpiry(shard.Table.Find(bytes, hash), at);
        }
    }

    private sealed class Recorder : IChangeObserver
    {
        public List<List<ChangeRecord>> Batches { get; } = [];

        public IEnumerable<ChangeRecord> Records => Batches.SelectMany(b => b);

        public void OnChanges(long firstSequence, int count, ReadOnlySpan<byte> records)
        {
            var batch = ChangeReader.ReadAll(records);
            Assert.Equal(count, batch.Count);
            Batches.Add(batch);
        }
    }
}
