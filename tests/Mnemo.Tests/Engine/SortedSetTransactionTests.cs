namespace Mnemo.Tests.Engine;

/// <summary>Sorted sets inside transactions: a failed body restores the set exactly (Clone), WATCH sees sorted-set writes.</summary>
public sealed class SortedSetTransactionTests
{
    [Fact]
    public void A_throwing_body_restores_the_sorted_set()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.SortedSetAdd("z", Enumerable.Range(0, 100).Select(i => new SortedSetEntry($"m{i}", i % 7)).ToArray());
        var before = db.SortedSetRangeByRankWithScores("z");
        Assert.Throws<InvalidOperationException>(() => db.CreateTransaction("z", "n").Execute(t =>
        {
            t.SortedSetAdd("z", "new", 3);
            t.SortedSetIncrement("z", "m1", 100);
            t.SortedSetPop("z", 10);
            t.SortedSetAdd("n", "x", 1);
            throw new InvalidOperationException("abort");
        }));
        Assert.Equal(before, db.SortedSetRangeByRankWithScores("z"));
        Assert.Equal(0, db.SortedSetLength("n"));
        Assert.Equal(3.0, db.SortedSetIncrement("z", "m3", 0));
    }

    [Fact]
    public void Watch_aborts_after_a_sorted_set_write()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.SortedSetAdd("z", "a", 1);
        using var tx = db.CreateTransaction();
        tx.Watch("z");
        db.SortedSetIncrement("z", "a", 1);
        Assert.False(tx.Execute(t => t.SortedSetAdd("z", "b", 1)));
        Assert.Null(db.SortedSetScore("z", "b"));
    }
}
