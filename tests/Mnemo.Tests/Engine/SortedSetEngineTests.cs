using System.Text;
using Mnemo.Changes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Tests.Engine;

/// <summary>
/// Engine operations the server uses without a public method of their own: plain sets as inputs of
/// the sorted-set algebra (members score 1, as Redis reads them) and the multi-key pop of ZMPOP /
/// BZPOPMIN / BZMPOP.
/// </summary>
public sealed class SortedSetEngineTests : IDisposable
{
    private readonly MnemoStore _store = new();
    private readonly Db _db;

    public SortedSetEngineTests() => _db = _store.Core.Database(0);

    private IMnemoDatabase Api => _store.GetDatabase(0);

    public void Dispose() => _store.Dispose();

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[][] Keys(params string[] keys) => keys.Select(B).ToArray();

    private static string[] Texts(IEnumerable<SortedSetEntry> entries) =>
        entries.Select(e => $"{e.Element}:{e.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)}").ToArray();

    private static void AssertError(string expected, Action action) => Assert.Equal(expected, Assert.ThrowsAny<MnemoException>(action).Message);

    private void SeedSetAndSortedSet()
    {
        Api.SetAdd("s", ["a", "b", "c"]);
        Api.SortedSetAdd("z", [new("b", 5), new("c", -2), new("d", 7)]);
    }

    [Fact]
    public void Plain_sets_take_part_in_union_with_score_one()
    {
        SeedSetAndSortedSet();
        Assert.Equal(["c:-1", "a:1", "b:6", "d:7"], Texts(_db.SortedSetCombine(ZSetOperation.Union, Keys("s", "z"), null, ZAggregate.Sum)));
        Assert.Equal(["a:3", "b:3", "c:3"], Texts(_db.SortedSetCombine(ZSetOperation.Union, Keys("s"), [3], ZAggregate.Sum)));
        Assert.Equal(["c:-2", "a:1", "b:1", "d:7"], Texts(_db.SortedSetCombine(ZSetOperation.Union, Keys("s", "z"), null, ZAggregate.Min)));
    }

    [Fact]
    public void Plain_sets_take_part_in_intersection_difference_and_cardinality()
    {
        SeedSetAndSortedSet();
        Assert.Equal(["c:-2", "b:12"], Texts(_db.SortedSetCombine(ZSetOperation.Inter, Keys("s", "z"), [2, 2], ZAggregate.Sum)));
        Assert.Equal(["c:1", "b:5"], Texts(_db.SortedSetCombine(ZSetOperation.Inter, Keys("z", "s"), null, ZAggregate.Max)));
        Assert.Equal(["a:1"], Texts(_db.SortedSetCombine(ZSetOperation.Diff, Keys("s", "z"), null, ZAggregate.Sum)));
        Assert.Equal(["d:7"], Texts(_db.SortedSetCombine(ZSetOperation.Diff, Keys("z", "s"), null, ZAggregate.Sum)));
        Assert.Equal(2, _db.SortedSetIntersectionCardinality(Keys("s", "z"), 0));
        Assert.Equal(1, _db.SortedSetIntersectionCardinality(Keys("z", "s"), 1));
        Assert.Equal(3, _db.SortedSetIntersectionCardinality(Keys("s", "s"), 0));
        Assert.Equal(0, _db.SortedSetIntersectionCardinality(Keys("s", "missing"), 0));
    }

    [Fact]
    public void Store_forms_read_plain_sets_and_write_a_sorted_set()
    {
        SeedSetAndSortedSet();
        Assert.Equal(3, _db.SortedSetCombineStore(ZSetOperation.Union, B("d"), Keys("s"), null, ZAggregate.Sum));
        Assert.Equal(["a:1", "b:1", "c:1"], Texts(Api.SortedSetRangeByRankWithScores("d")));
        // The set itself can be the destination: it becomes a sorted set.
        Assert.Equal(1, _db.SortedSetCombineStore(ZSetOperation.Diff, B("s"), Keys("s", "z"), null, ZAggregate.Sum));
        Assert.Equal(MnemoType.SortedSet, Api.KeyType("s"));
        Assert.Equal(["a:1"], Texts(Api.SortedSetRangeByRankWithScores("s")));
    }

    [Fact]
    public void Other_types_are_still_wrongtype_for_the_algebra()
    {
        SeedSetAndSortedSet();
        Api.ListRightPush("l", "a");
        Api.HashSet("h", "f", "v");
        AssertError(RedisErrors.WrongType, () => _db.SortedSetCombine(ZSetOperation.Union, Keys("s", "l"), null, ZAggregate.Sum));
        AssertError(RedisErrors.WrongType, () => _db.SortedSetCombineStore(ZSetOperation.Inter, B("d"), Keys("h", "z"), null, ZAggregate.Sum));
        AssertError(RedisErrors.WrongType, () => _db.SortedSetIntersectionCardinality(Keys("z", "l"), 0));
        Assert.Equal(MnemoType.None, Api.KeyType("d"));
    }

    [Fact]
    public void Pop_first_takes_from_the_first_existing_key()
    {
        Api.SortedSetAdd("b", [new("x", 1), new("y", 2), new("z", 3)]);
        Api.SortedSetAdd("c", [new("w", 0)]);
        var popped = _db.SortedSetPopFirst(Keys("a", "b", "c"), max: true, count: 2)!;
        Assert.Equal(1, popped.KeyIndex);
        Assert.Equal(["z:3", "y:2"], Texts(popped.Entries));
        Assert.Equal(1, popped.Remaining);
        popped = _db.SortedSetPopFirst(Keys("a", "b", "c"), max: false, count: 10)!;
        Assert.Equal(["x:1"], Texts(popped.Entries));
        Assert.Equal(0, popped.Remaining);
        Assert.Equal(MnemoType.None, Api.KeyType("b"));
        Assert.Equal(2, _db.SortedSetPopFirst(Keys("a", "b", "c"), max: false, count: 1)!.KeyIndex);
        Assert.Null(_db.SortedSetPopFirst(Keys("a", "b", "c"), max: false, count: 1));
    }

    [Fact]
    public void Pop_first_errors_and_wrong_types()
    {
        Api.StringSet("s", "v");
        Api.SortedSetAdd("z", "m", 1);
        AssertError(RedisErrors.NumKeysPositive, () => _db.SortedSetPopFirst([], false, 1));
        AssertError(RedisErrors.CountGreaterThanZero, () => _db.SortedSetPopFirst(Keys("z"), false, 0));
        AssertError(RedisErrors.WrongType, () => _db.SortedSetPopFirst(Keys("s", "z"), false, 1));
        Assert.Equal(1, Api.SortedSetLength("z"));
        // A blocked reader retrying skips keys of other types, as Redis serves it only from sorted sets.
        var popped = _db.SortedSetPopFirst(Keys("s", "z"), false, 1, skipWrongType: true)!;
        Assert.Equal(1, popped.KeyIndex);
        Assert.Equal("v", Api.StringGet("s").ToString());
    }

    [Fact]
    public void Pop_with_zero_count_checks_the_type_first()
    {
        Api.StringSet("s", "v");
        Assert.Throws<MnemoWrongTypeException>(() => _db.SortedSetPop(B("s"), 0, false));
        Assert.Empty(_db.SortedSetPop(B("missing"), 0, false));
    }

    [Fact]
    public void Pop_first_is_recorded_as_removals_and_replays()
    {
        using var replica = new MnemoStore();
        var records = new List<ChangeRecord>();
        _store.SubscribeChanges(new Recorder(records));
        Api.SortedSetAdd("b", [new("x", 1), new("y", 2), new("z", 3)]);
        Api.SortedSetAdd("c", [new("w", 0)]);
        _db.SortedSetPopFirst(Keys("a", "b"), max: false, count: 2);
        _db.SortedSetPopFirst(Keys("c"), max: true, count: 5);
        replica.ApplyChanges(records);
        var copy = replica.GetDatabase(0);
        Assert.Equal(["z:3"], Texts(copy.SortedSetRangeByRankWithScores("b")));
        Assert.Equal(MnemoType.None, copy.KeyType("c"));
    }

    private sealed class Recorder(List<ChangeRecord> records) : IChangeObserver
    {
        public void OnChanges(long firstSequence, int count, ReadOnlySpan<byte> batch) => records.AddRange(ChangeReader.ReadAll(batch));
    }
}
