using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Contract;

/// <summary>List commands, with Redis 7's results and error texts: pushes, pops and moves (edits and reads in ListContract.Edit.cs).</summary>
public abstract partial class ListContract(IContractTarget target) : ContractTestBase(target)
{
    private string[] Items(MnemoKey key) => [.. Db.ListRange(key).Select(v => v.ToString())];

    private static string[] Texts(MnemoValue[]? values) => values is null ? null! : [.. values.Select(v => v.ToString())];

    private void MakeString(MnemoKey key) => Db.StringSet(key, "text");

    private void AssertStringUntouched(MnemoKey key) => Assert.Equal("text", Db.StringGet(key).ToString());

    [Fact]
    public void Lpush_and_rpush_order_and_return_the_length()
    {
        Assert.Equal(1, Db.ListRightPush("l", "a"));
        Assert.Equal(3, Db.ListRightPush("l", ["b", "c"]));
        Assert.Equal(5, Db.ListLeftPush("l", ["x", "y"]));
        Assert.Equal(6, Db.ListLeftPush("l", "z"));
        Assert.Equal(["z", "y", "x", "a", "b", "c"], Items("l"));
    }

    [Fact]
    public void Pushx_only_pushes_onto_an_existing_list()
    {
        Assert.Equal(0, Db.ListLeftPush("l", "a", When.Exists));
        Assert.Equal(0, Db.ListRightPush("l", ["a", "b"], When.Exists));
        Assert.Equal(0, Db.ListLength("l"));
        Db.ListRightPush("l", "a");
        Assert.Equal(3, Db.ListRightPush("l", ["b", "c"], When.Exists));
        Assert.Equal(4, Db.ListLeftPush("l", "z", When.Exists));
        Assert.Equal(["z", "a", "b", "c"], Items("l"));
    }

    [Fact]
    public void Push_with_when_not_exists_or_no_values_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Db.ListLeftPush("l", "a", When.NotExists));
        Assert.Throws<ArgumentException>(() => Db.ListRightPush("l", Array.Empty<MnemoValue>()));
        Assert.Throws<ArgumentException>(() => Db.ListRightPush("l", [MnemoValue.Null]));
        Assert.Equal(0, Db.ListLength("l"));
    }

    [Fact]
    public void Binary_values_round_trip_and_are_copies()
    {
        var input = new byte[] { 0, 255, 13, 10 };
        Db.ListRightPush("l", input);
        input[0] = 9;
        var first = (byte[])Db.ListGetByIndex("l", 0)!;
        Assert.Equal(new byte[] { 0, 255, 13, 10 }, first);
        first[1] = 1;
        Assert.Equal(new byte[] { 0, 255, 13, 10 }, (byte[]?)Db.ListRange("l")[0]);
        Db.ListRightPush("l", ["", 42]);
        Assert.Equal(["", "42"], Items("l")[1..]);
    }

    [Fact]
    public void Pop_single_from_both_ends_and_deletes_the_emptied_list()
    {
        Db.ListRightPush("l", ["a", "b", "c"]);
        Assert.Equal("a", Db.ListLeftPop("l").ToString());
        Assert.Equal("c", Db.ListRightPop("l").ToString());
        Assert.Equal("b", Db.ListLeftPop("l").ToString());
        Assert.True(Db.ListLeftPop("l").IsNull);
        Assert.True(Db.ListRightPop("l").IsNull);
        Assert.True(Db.StringGet("l").IsNull); // the key is gone: it can hold a string now
        Db.StringSet("l", "s");
    }

    [Fact]
    public void Pop_with_count()
    {
        Db.ListRightPush("l", ["a", "b", "c", "d", "e"]);
        Assert.Equal(["a", "b"], Texts(Db.ListLeftPop("l", 2)));
        Assert.Equal(["e", "d"], Texts(Db.ListRightPop("l", 2)));
        Assert.Equal(["c"], Texts(Db.ListLeftPop("l", 10)));
        Assert.Equal(0, Db.ListLength("l"));
    }

    [Fact]
    public void Pop_with_count_nil_vs_empty_rules()
    {
        Assert.Null(Db.ListLeftPop("missing", 2));
        Assert.Null(Db.ListRightPop("missing", 0)); // missing key: nil array even for count 0
        Db.ListRightPush("l", "a");
        Assert.Empty(Db.ListLeftPop("l", 0)!); // existing key, count 0: empty array, nothing popped
        Assert.Equal(1, Db.ListLength("l"));
    }

    [Fact]
    public void Pop_with_negative_count_is_an_error_checked_before_the_key()
    {
        Db.ListRightPush("l", ["a", "b"]);
        AssertError(RedisErrors.MustBePositive, () => Db.ListLeftPop("l", -1));
        AssertError(RedisErrors.MustBePositive, () => Db.ListRightPop("missing", -5));
        MakeString("s");
        AssertError(RedisErrors.MustBePositive, () => Db.ListRightPop("s", -1));
        Assert.Equal(["a", "b"], Items("l"));
    }

    [Fact]
    public void Wrong_type_errors_leave_data_untouched()
    {
        MakeString("s");
        AssertError(RedisErrors.WrongType, () => Db.ListLeftPush("s", "a"));
        AssertError(RedisErrors.WrongType, () => Db.ListRightPush("s", ["a", "b"]));
        AssertError(RedisErrors.WrongType, () => Db.ListLeftPush("s", "a", When.Exists));
        AssertError(RedisErrors.WrongType, () => Db.ListLeftPop("s"));
        AssertError(RedisErrors.WrongType, () => Db.ListRightPop("s", 0));
        AssertError(RedisErrors.WrongType, () => Db.ListLength("s"));
        AssertError(RedisErrors.WrongType, () => Db.ListRange("s"));
        AssertError(RedisErrors.WrongType, () => Db.ListGetByIndex("s", 0));
        AssertError(RedisErrors.WrongType, () => Db.ListSetByIndex("s", 0, "x"));
        AssertError(RedisErrors.WrongType, () => Db.ListInsertBefore("s", "a", "x"));
        AssertError(RedisErrors.WrongType, () => Db.ListInsertAfter("s", "a", "x"));
        AssertError(RedisErrors.WrongType, () => Db.ListRemove("s", "a"));
        AssertError(RedisErrors.WrongType, () => Db.ListTrim("s", 0, 1));
        AssertError(RedisErrors.WrongType, () => Db.ListPosition("s", "a"));
        AssertError(RedisErrors.WrongType, () => Db.ListPositions("s", "a", 0));
        AssertError(RedisErrors.WrongType, () => Db.ListMove("s", "d", ListSide.Left, ListSide.Right));
        AssertError(RedisErrors.WrongType, () => Db.ListLeftPop(["s"], 1));
        AssertStringUntouched("s");
        Assert.True(Db.StringGet("d").IsNull);
    }

    [Fact]
    public void Lmpop_pops_from_the_first_existing_key()
    {
        Db.ListRightPush("b", ["1", "2", "3"]);
        Db.ListRightPush("c", ["x"]);
        var left = Db.ListLeftPop(["a", "b", "c"], 2)!;
        Assert.Equal("b", left.Key.ToString());
        Assert.Equal(["1", "2"], Texts(left.Values));
        var right = Db.ListRightPop(["a", "b", "c"], 5)!;
        Assert.Equal("b", right.Key.ToString());
        Assert.Equal(["3"], Texts(right.Values));
        var next = Db.ListRightPop(["a", "b", "c"], 1)!;
        Assert.Equal("c", next.Key.ToString());
        Assert.Null(Db.ListLeftPop(["a", "b", "c"], 1));
    }

    [Fact]
    public void Lmpop_errors()
    {
        Db.ListRightPush("l", "a");
        AssertError(RedisErrors.NumKeysPositive, () => Db.ListLeftPop(Array.Empty<MnemoKey>(), 1));
        AssertError(RedisErrors.CountGreaterThanZero, () => Db.ListLeftPop(["l"], 0));
        AssertError(RedisErrors.CountGreaterThanZero, () => Db.ListRightPop(["l"], -1));
        Assert.Equal(["a"], Items("l"));
    }

    [Fact]
    public void Lmpop_checks_types_only_up_to_the_first_list()
    {
        MakeString("s");
        Db.ListRightPush("l", ["a", "b"]);
        AssertError(RedisErrors.WrongType, () => Db.ListLeftPop(["missing", "s", "l"], 1));
        Assert.Equal(["a", "b"], Items("l"));
        var popped = Db.ListLeftPop(["l", "s"], 1)!;
        Assert.Equal(["a"], Texts(popped.Values));
        AssertStringUntouched("s");
    }

    [Fact]
    public void Lmove_between_all_ends()
    {
        Db.ListRightPush("src", ["a", "b", "c", "d"]);
        Db.ListRightPush("dst", ["x"]);
        Assert.Equal("a", Db.ListMove("src", "dst", ListSide.Left, ListSide.Left).ToString());
        Assert.Equal("d", Db.ListMove("src", "dst", ListSide.Right, ListSide.Right).ToString());
        Assert.Equal("b", Db.ListMove("src", "dst", ListSide.Left, ListSide.Right).ToString());
        Assert.Equal("c", Db.ListMove("src", "dst", ListSide.Right, ListSide.Left).ToString());
        Assert.Equal(["c", "a", "x", "d", "b"], Items("dst"));
        Assert.Equal(0, Db.ListLength("src"));
        Assert.True(Db.ListMove("src", "dst", ListSide.Left, ListSide.Left).IsNull);
        Assert.Equal(5, Db.ListLength("dst"));
    }

    [Fact]
    public void Lmove_creates_the_destination()
    {
        Db.ListRightPush("src", ["a", "b"]);
        Assert.Equal("b", Db.ListRightPopLeftPush("src", "new").ToString());
        Assert.Equal(["b"], Items("new"));
        Assert.Equal(["a"], Items("src"));
    }

    [Fact]
    public void Lmove_on_one_key_rotates()
    {
        Db.ListRightPush("l", ["a", "b", "c"]);
        Assert.Equal("c", Db.ListRightPopLeftPush("l", "l").ToString());
        Assert.Equal(["c", "a", "b"], Items("l"));
        Assert.Equal("c", Db.ListMove("l", "l", ListSide.Left, ListSide.Right).ToString());
        Assert.Equal(["a", "b", "c"], Items("l"));
        Assert.Equal("a", Db.ListMove("l", "l", ListSide.Left, ListSide.Left).ToString());
        Assert.Equal(["a", "b", "c"], Items("l"));
        Db.ListRightPush("one", "x");
        Assert.Equal("x", Db.ListMove("one", "one", ListSide.Right, ListSide.Left).ToString());
        Assert.Equal(["x"], Items("one"));
    }

    [Fact]
    public void Lmove_wrong_type_destination_changes_nothing()
    {
        Db.ListRightPush("src", ["a", "b"]);
        MakeString("s");
        AssertError(RedisErrors.WrongType, () => Db.ListMove("src", "s", ListSide.Left, ListSide.Left));
        AssertError(RedisErrors.WrongType, () => Db.ListRightPopLeftPush("src", "s"));
        Assert.Equal(["a", "b"], Items("src"));
        AssertStringUntouched("s");
        // A missing source is nil before the destination's type is looked at, as in Redis.
        Assert.True(Db.ListMove("missing", "s", ListSide.Left, ListSide.Left).IsNull);
    }
}

public sealed class ListContractEmbedded() : ListContract(new EmbeddedTarget());
