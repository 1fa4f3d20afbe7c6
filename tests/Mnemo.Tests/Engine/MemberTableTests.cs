using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mnemo.Internal.Text;
using Mnemo.Internal.Values;

namespace Mnemo.Tests.Engine;

/// <summary>The set/hash storage table and the glob matcher used by SSCAN and HSCAN.</summary>
public sealed class MemberTableTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static HashSet<string> Contents(MemberTable table) =>
        [.. Enumerable.Range(0, table.Count).Select(i => Encoding.UTF8.GetString(table.MemberAt(i)))];

    [Fact]
    public void Adds_and_removes_agree_with_a_hash_set()
    {
        // Ops: positive = add member n, negative = remove member -n - 1.
        Prop.ForAll(Arb.From(Gen.Choose(-60, 59).ListOf()), ops =>
        {
            var table = new MemberTable();
            var model = new HashSet<string>();
            foreach (int op in ops)
            {
                string member = "m" + (op >= 0 ? op : -op - 1);
                bool changed = op >= 0 ? table.Add(B(member)) : table.Remove(B(member));
                bool expected = op >= 0 ? model.Add(member) : model.Remove(member);
                if (changed != expected || table.Count != model.Count)
                {
                    return false;
                }
            }
            return Contents(table).SetEquals(model) && model.All(m => table.Contains(B(m))) && !table.Contains(B("absent"));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Clone_shares_no_mutable_state()
    {
        var table = new MemberTable();
        for (int i = 0; i < 100; i++)
        {
            table.Add(B($"m{i}"));
        }
        var copy = table.Clone();
        for (int i = 0; i < 50; i++)
        {
            table.Remove(B($"m{i}"));
        }
        table.Add(B("new"));
        Assert.Equal(100, copy.Count);
        Assert.True(copy.Contains(B("m0")));
        Assert.False(copy.Contains(B("new")));
        Assert.Equal(51, table.Count);
    }

    [Fact]
    public void Scan_returns_every_member_present_throughout_while_the_table_grows_and_shrinks()
    {
        var random = new Random(7);
        for (int round = 0; round < 20; round++)
        {
            var table = new MemberTable();
            var stable = new List<string>();
            for (int i = 0; i < 300; i++)
            {
                stable.Add($"s{round}:{i}");
                table.Add(B(stable[^1]));
            }
            int transient = 0;
            var seen = new HashSet<string>();
            ulong cursor = 0;
            do
            {
                var found = new List<int>();
                cursor = table.Scan(cursor, 1 + random.Next(40), null, 0, found);
                seen.UnionWith(found.Select(i => Encoding.UTF8.GetString(table.MemberAt(i))));
                // Grow by a lot or shrink back, moving entries around in the dense array.
                if (random.Next(2) == 0)
                {
                    for (int i = 0; i < random.Next(1500); i++)
                    {
                        table.Add(B($"t{transient++}"));
                    }
                }
                else
                {
                    for (int i = 0; i < transient; i++)
                    {
                        table.Remove(B($"t{i}"));
                    }
                }
            }
            while (cursor != 0);
            Assert.All(stable, s => Assert.Contains(s, seen));
        }
    }

    [Fact]
    public void Distinct_random_indices_are_distinct_and_in_range()
    {
        var table = new MemberTable();
        for (int i = 0; i < 50; i++)
        {
            table.Add(B($"m{i}"));
        }
        var hits = new int[50];
        for (int round = 0; round < 2000; round++)
        {
            var picked = table.DistinctRandomIndices(5, Random.Shared);
            Assert.Equal(5, picked.Distinct().Count());
            Assert.All(picked, i => Assert.InRange(i, 0, 49));
            foreach (int i in picked)
            {
                hits[i]++;
            }
        }
        Assert.All(hits, h => Assert.InRange(h, 100, 320)); // expected 200 each
        Assert.Equal(Enumerable.Range(0, 50), table.DistinctRandomIndices(50, Random.Shared).Order());
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("*", "", false)] // as Redis's stringmatchlen; SCAN treats a lone * as no pattern
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("h?llo", "hello", true)]
    [InlineData("h?llo", "hllo", false)]
    [InlineData("h*llo", "heeeello", true)]
    [InlineData("h*llo", "hllo", true)]
    [InlineData("h[ae]llo", "hallo", true)]
    [InlineData("h[ae]llo", "hillo", false)]
    [InlineData("h[^e]llo", "hallo", true)]
    [InlineData("h[^e]llo", "hello", false)]
    [InlineData("h[a-b]llo", "hbllo", true)]
    [InlineData("h[b-a]llo", "hallo", true)]
    [InlineData("h[a-b]llo", "hcllo", false)]
    [InlineData("h\\*llo", "h*llo", true)]
    [InlineData("h\\*llo", "hello", false)]
    [InlineData("h[\\]]llo", "h]llo", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a**", "a", true)]
    [InlineData("*a", "ba", true)]
    [InlineData("*a", "ab", false)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("[abc", "a", true)]  // an unclosed class ends at the end of the pattern
    [InlineData("[abc", "ab", false)]
    [InlineData("abc\\", "abc\\", true)]
    [InlineData("user:*:name", "user:42:name", true)]
    public void Glob_follows_redis_stringmatchlen(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Glob.IsMatch(B(pattern), B(text)));
    }

    [Fact]
    public void Glob_with_many_stars_does_not_backtrack_exponentially()
    {
        var pattern = B(string.Concat(Enumerable.Repeat("a*", 30)) + "b");
        var text = B(new string('a', 200));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(Glob.IsMatch(pattern, text));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }
}
