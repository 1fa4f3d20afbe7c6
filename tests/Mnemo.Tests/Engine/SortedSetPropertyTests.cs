using FsCheck;
using FsCheck.Fluent;

namespace Mnemo.Tests.Engine;

/// <summary>
/// Sorted sets against a reference model (a dictionary sorted by score, then ordinal member bytes):
/// ranks, ranges by rank, score and member, counts and pops over long random operation sequences.
/// </summary>
public sealed class SortedSetPropertyTests
{
    private sealed class Model
    {
        public Dictionary<string, double> Scores { get; } = new(StringComparer.Ordinal);

        // Members are ASCII, so ordinal string order is byte order.
        public List<KeyValuePair<string, double>> Sorted() =>
            [.. Scores.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)];
    }

    private static string[] Names(IEnumerable<MnemoValue> values) => values.Select(v => v.ToString()).ToArray();

    private static (string, double)[] Pairs(IEnumerable<SortedSetEntry> entries) => entries.Select(e => (e.Element.ToString(), e.Score)).ToArray();

    private static (string, double)[] Pairs(IEnumerable<KeyValuePair<string, double>> entries) => entries.Select(e => (e.Key, e.Value)).ToArray();

    private static bool InScore(double score, double min, double max, Exclude exclude) =>
        ((exclude & Exclude.Start) != 0 ? score > min : score >= min) && ((exclude & Exclude.Stop) != 0 ? score < max : score <= max);

    private static bool InLex(string member, string? min, string? max, Exclude exclude) =>
        (min is null || ((exclude & Exclude.Start) != 0 ? string.CompareOrdinal(member, min) > 0 : string.CompareOrdinal(member, min) >= 0)) &&
        (max is null || ((exclude & Exclude.Stop) != 0 ? string.CompareOrdinal(member, max) < 0 : string.CompareOrdinal(member, max) <= 0));

    private static IEnumerable<T> Limit<T>(IEnumerable<T> items, long skip, long take) =>
        skip < 0 ? [] : take < 0 ? items.Skip((int)skip) : items.Skip((int)skip).Take((int)take);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_operations_match_the_model(int seed)
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        var model = new Model();
        var random = new Random(seed);
        const string Key = "z";
        // Few distinct scores give many ties, so member order matters as much as score order.
        double Score() => random.Next(20) == 0 ? (random.Next(2) == 0 ? double.NegativeInfinity : double.PositiveInfinity) : random.Next(-50, 50) / 4.0;
        string Member() => "m" + random.Next(4000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < 3000; i++)
        {
            var (member, score) = (Member(), Score());
            db.SortedSetAdd(Key, member, score);
            model.Scores[member] = score;
        }
        for (int step = 0; step < 1500; step++)
        {
            switch (random.Next(9))
            {
                case 0:
                    {
                        var (member, score) = (Member(), Score());
                        db.SortedSetAdd(Key, member, score);
                        model.Scores[member] = score;
                        break;
                    }
                case 1:
                    {
                        string member = Member();
                        Assert.Equal(model.Scores.Remove(member), db.SortedSetRemove(Key, member));
                        break;
                    }
                case 2:
                    {
                        string member = Member();
                        double delta = random.Next(-8, 8) / 2.0;
                        double expected = (model.Scores.TryGetValue(member, out double s) ? s : 0) + delta;
                        if (double.IsNaN(expected))
                        {
                            continue;
                        }
                        Assert.Equal(expected, db.SortedSetIncrement(Key, member, delta));
                        model.Scores[member] = expected;
                        break;
                    }
                case 3:
                    {
                        int count = random.Next(0, 5);
                        bool max = random.Next(2) == 0;
                        var sorted = model.Sorted();
                        var expected = (max ? Enumerable.Reverse(sorted) : sorted).Take(count).ToList();
                        Assert.Equal(Pairs(expected), Pairs(db.SortedSetPop(Key, count, max ? Order.Descending : Order.Ascending)));
                        expected.ForEach(p => model.Scores.Remove(p.Key));
                        break;
                    }
                case 4:
                    {
                        var sorted = model.Sorted();
                        long start = random.Next(-sorted.Count - 10, sorted.Count + 10), stop = random.Next(-sorted.Count - 10, sorted.Count + 10);
                        bool reverse = random.Next(2) == 0;
                        var walk = reverse ? Enumerable.Reverse(sorted).ToList() : sorted;
                        long from = start < 0 ? Math.Max(0, walk.Count + start) : start, to = stop < 0 ? walk.Count + stop : Math.Min(stop, walk.Count - 1);
                        var expected = from > to ? [] : walk.Skip((int)from).Take((int)(to - from + 1)).ToList();
                        Assert.Equal(Pairs(expected), Pairs(db.SortedSetRangeByRankWithScores(Key, start, stop, reverse ? Order.Descending : Order.Ascending)));
                        break;
                    }
                case 5:
                    {
                        double a = Score(), b = Score();
                        var exclude = (Exclude)random.Next(4);
                        bool reverse = random.Next(2) == 0;
                        long skip = random.Next(-1, 20), take = random.Next(-1, 50);
                        var sorted = model.Sorted();
                        var inside = sorted.Where(p => InScore(p.Value, a, b, exclude));
                        var expected = Limit(reverse ? inside.Reverse() : inside, skip, take).ToList();
                        Assert.Equal(Pairs(expected), Pairs(db.SortedSetRangeByScoreWithScores(Key, a, b, exclude, reverse ? Order.Descending : Order.Ascending, skip, take)));
                        Assert.Equal(inside.Count(), db.SortedSetLength(Key, a, b, exclude));
                        break;
                    }
                case 6:
                    {
                        string member = Member();
                        var sorted = model.Sorted();
                        int rank = sorted.FindIndex(p => p.Key == member);
                        Assert.Equal(rank < 0 ? null : rank, db.SortedSetRank(Key, member));
                        Assert.Equal(rank < 0 ? null : sorted.Count - 1 - rank, db.SortedSetRank(Key, member, Order.Descending));
                        break;
                    }
                case 7:
                    {
                        double a = Score(), b = Score();
                        var exclude = (Exclude)random.Next(4);
                        var removed = model.Scores.Where(p => InScore(p.Value, a, b, exclude)).Select(p => p.Key).ToList();
                        Assert.Equal(removed.Count, db.SortedSetRemoveRangeByScore(Key, a, b, exclude));
                        removed.ForEach(m => model.Scores.Remove(m));
                        break;
                    }
                default:
                    {
                        long start = random.Next(-20, 20), stop = random.Next(-20, 20);
                        var sorted = model.Sorted();
                        long from = start < 0 ? Math.Max(0, sorted.Count + start) : start, to = stop < 0 ? sorted.Count + stop : Math.Min(stop, sorted.Count - 1);
                        var removed = from > to ? [] : sorted.Skip((int)from).Take((int)(to - from + 1)).ToList();
                        Assert.Equal(removed.Count, db.SortedSetRemoveRangeByRank(Key, start, stop));
                        removed.ForEach(p => model.Scores.Remove(p.Key));
                        break;
                    }
            }
            Assert.Equal(model.Scores.Count, db.SortedSetLength(Key));
        }
        Assert.Equal(Pairs(model.Sorted()), Pairs(db.SortedSetRangeByRankWithScores(Key)));
    }

    [Fact]
    public void Lex_ranges_and_counts_match_the_model()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        var random = new Random(7);
        var members = new SortedSet<string>(StringComparer.Ordinal);
        string Word() => new(Enumerable.Range(0, random.Next(0, 4)).Select(_ => (char)('a' + random.Next(4))).ToArray());
        for (int i = 0; i < 2000; i++)
        {
            string word = Word() + random.Next(50);
            members.Add(word);
            db.SortedSetAdd("l", word, 0);
        }
        for (int step = 0; step < 500; step++)
        {
            string? min = random.Next(8) == 0 ? null : Word(), max = random.Next(8) == 0 ? null : Word();
            var exclude = (Exclude)random.Next(4);
            bool reverse = random.Next(2) == 0;
            long skip = random.Next(-1, 30), take = random.Next(-1, 100);
            var inside = members.Where(m => InLex(m, min, max, exclude)).ToList();
            Assert.Equal(inside.Count, db.SortedSetLengthByValue("l", min, max, exclude));
            var expected = Limit(reverse ? Enumerable.Reverse(inside) : inside, skip, take).ToArray();
            Assert.Equal(expected, Names(db.SortedSetRangeByValue("l", min, max, exclude, reverse ? Order.Descending : Order.Ascending, skip, take)));
            if (random.Next(10) == 0)
            {
                Assert.Equal(inside.Count, db.SortedSetRemoveRangeByValue("l", min, max, exclude));
                inside.ForEach(m => members.Remove(m));
            }
        }
    }

    [Fact]
    public void Random_members_are_drawn_from_the_set()
    {
        using var store = new MnemoStore();
        var db = store.GetDatabase();
        var model = Enumerable.Range(0, 1000).ToDictionary(i => $"r{i}", i => (double)(i % 13));
        db.SortedSetAdd("r", model.Select(p => new SortedSetEntry(p.Key, p.Value)).ToArray());
        foreach (long count in new long[] { 1, 5, 200, 333, 999, 1000, 5000, -1, -3000 })
        {
            var drawn = db.SortedSetRandomMembersWithScores("r", count);
            Assert.Equal(count < 0 ? -count : Math.Min(count, 1000), drawn.Length);
            Assert.All(drawn, e => Assert.Equal(model[e.Element.ToString()], e.Score));
            if (count > 0)
            {
                Assert.Equal(drawn.Length, drawn.Select(e => e.Element.ToString()).Distinct().Count());
            }
        }
    }

    /// <summary>FsCheck: any sequence of adds, increments and removes leaves the set equal to the model, in order.</summary>
    [Fact]
    public void Any_operation_sequence_keeps_order_scores_and_ranks()
    {
        var op = Gen.Zip(Gen.Choose(0, 3), Gen.Zip(Gen.Choose(0, 30), Gen.Choose(-6, 6)));
        Prop.ForAll(Arb.From(Gen.ListOf(op)), ops =>
        {
            using var store = new MnemoStore();
            var db = store.GetDatabase();
            var model = new Model();
            foreach (var (kind, (index, value)) in ops)
            {
                string member = "p" + index;
                switch (kind)
                {
                    case 0:
                        db.SortedSetAdd("z", member, value / 2.0);
                        model.Scores[member] = value / 2.0;
                        break;
                    case 1:
                        model.Scores[member] = db.SortedSetIncrement("z", member, value);
                        break;
                    case 2:
                        db.SortedSetRemove("z", member);
                        model.Scores.Remove(member);
                        break;
                    default:
                        db.SortedSetAdd("z", member, value, SortedSetWhen.GreaterThan);
                        if (!model.Scores.TryGetValue(member, out double current) || value > current)
                        {
                            model.Scores[member] = value;
                        }
                        break;
                }
            }
            var sorted = model.Sorted();
            bool ranksMatch = sorted.Select((p, i) => db.SortedSetRank("z", p.Key) == i).All(ok => ok);
            return ranksMatch && Pairs(sorted).SequenceEqual(Pairs(db.SortedSetRangeByRankWithScores("z")));
        }).QuickCheckThrowOnFailure();
    }
}
