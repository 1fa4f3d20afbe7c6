namespace Mnemo.Tests.Engine;

/// <summary>
/// Sets and hashes inside embedded transactions (a throwing body rolls back, WATCH sees only real
/// changes). Moved out of SetContract / HashContract: CreateTransaction has no RESP equivalent.
/// </summary>
public sealed class SetHashTransactionTests
{
    private static string[] Members(IMnemoDatabase db, MnemoKey key) =>
        [.. db.SetMembers(key).Select(v => v.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public void Transaction_rollback_restores_sets()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.SetAdd("s", "a", "b");
        Assert.Throws<InvalidOperationException>(() => db.CreateTransaction("s", "t").Execute(t =>
        {
            t.SetAdd("s", "c");
            t.SetRemove("s", "a");
            t.SetAdd("t", "x");
            t.SetPop("s", 5);
            throw new InvalidOperationException("abort");
        }));
        Assert.Equal(["a", "b"], Members(db, "s"));
        Assert.True(db.StringGet("t").IsNull);
    }

    [Fact]
    public void Watch_sees_real_set_changes_only()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.SetAdd("s", "a");
        using var tx = db.CreateTransaction();
        tx.Watch("s");
        db.SetAdd("s", "a");       // no change
        db.SetRemove("s", "zz");   // no change
        Assert.True(tx.Execute(t => t.SetLength("s")));
        tx.Watch("s");
        db.SetAdd("s", "b");
        Assert.False(tx.Execute(t => t.SetLength("s")));
    }

    [Fact]
    public void Transaction_rollback_restores_hashes()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        db.HashSet("h", "a", "1");
        Assert.Throws<InvalidOperationException>(() => db.CreateTransaction("h").Execute(t =>
        {
            t.HashSet("h", "a", "2");
            t.HashIncrement("h", "n", 5);
            t.HashDelete("h", "a");
            throw new InvalidOperationException("abort");
        }));
        Assert.Equal(["a=1"], db.HashGetAll("h").Select(e => $"{e.Name}={e.Value}"));
    }
}
