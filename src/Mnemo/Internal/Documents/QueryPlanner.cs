using Mnemo.Documents;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Documents;

/// <summary>
/// Chooses how to read candidates for a filter: an index that covers equality conditions on all
/// its fields, then an ordered index with equality on leading fields and a range on the next,
/// then an ordered index that yields the requested sort order, else a scan of the collection.
/// Only the top-level conjunction (<c>a &amp; b &amp; c</c>) is considered.
/// </summary>
internal static class QueryPlanner
{
    private static readonly IndexEntry Min = new(new IndexKey([]), [], -1);
    private static readonly IndexEntry Max = new(new IndexKey([]), [], 1);

    /// <summary>The plan without an index (shared: plans are not modified once chosen).</summary>
    private static readonly Plan ScanPlan = new();

    internal sealed class Plan
    {
        public DocIndex? Index;
        public string Strategy = "CollectionScan";
        public IndexKey[]? Lookups;
        public IndexEntry Low = Min;
        public IndexEntry High = Max;
        public bool Descending;
        public bool Unbounded;

        /// <summary>Candidates come in the requested sort order (ties by id in the walk's direction).</summary>
        public bool SortServed;
    }

    public static Plan Choose(Db db, IndexSource source, Query filter, SortKey[] sort)
    {
        var registry = db.Indexes;
        if (registry is null || registry.Indexes.Count == 0)
        {
            return ScanPlan;
        }
        registry.DrainAll();
        // A query has few conjuncts: linear searches of them (first one wins, as before) cost
        // less than building lookup tables for every query.
        ReadOnlySpan<Query> conjuncts = filter is AndQuery and ? and.Parts : new ReadOnlySpan<Query>(in filter);
        Plan? best = null;
        int bestScore = 0;
        foreach (var index in registry.IndexArray)
        {
            if (!index.Source.Equals(source))
            {
                continue;
            }
            var fields = index.Fields;
            int k = 0;
            while (k < fields.Length && FindEq(conjuncts, fields[k].Text, out _))
            {
                k++;
            }
            var prefix = k == 0 ? [] : new DocValue[k];
            for (int i = 0; i < k; i++)
            {
                FindEq(conjuncts, fields[i].Text, out prefix[i]);
            }
            Plan? plan = null;
            int score = 0;
            if (k == fields.Length)
            {
                plan = new Plan { Index = index, Strategy = "IndexLookup", Lookups = [new IndexKey(prefix)] };
                score = 100 + k + (index.Ordered ? 0 : 1);
            }
            else if (k == fields.Length - 1 && FindIn(conjuncts, fields[k].Text) is { } ins)
            {
                plan = new Plan
                {
                    Index = index,
                    Strategy = "IndexLookup",
                    Lookups = [.. ins.Select(v => new IndexKey([.. prefix, v]))],
                };
                score = 90 + k;
            }
            else if (index.Ordered)
            {
                string next = fields[k].Text;
                bool hasLow = FindBound(conjuncts, next, lower: true, out var lo);
                bool hasHigh = FindBound(conjuncts, next, lower: false, out var hi);
                if (hasLow || hasHigh)
                {
                    var rank = hasLow ? lo.Value.Rank : hi.Value.Rank;
                    if (hasLow && hasHigh && lo.Value.Rank != hi.Value.Rank)
                    {
                        hasHigh = false; // bounds of two kinds match nothing; the filter says so
                    }
                    var low = hasLow
                        ? new IndexEntry(new IndexKey([.. prefix, lo.Value]), [], lo.Inclusive ? (sbyte)-1 : (sbyte)1)
                        : new IndexEntry(new IndexKey([.. prefix, DocValue.Floor(rank)]), [], -1);
                    var high = hasHigh
                        ? new IndexEntry(new IndexKey([.. prefix, hi.Value]), [], hi.Inclusive ? (sbyte)1 : (sbyte)-1)
                        : rank == DocRank.String
                            ? new IndexEntry(new IndexKey([.. prefix, DocValue.Floor(DocRank.Composite)]), [], -1)
                            : new IndexEntry(new IndexKey([.. prefix, DocValue.Floor(rank + 1)]), [], -1);
                    plan = new Plan { Index = index, Strategy = "IndexRange", Low = low, High = high };
                    score = 60 + k;
                }
                else if (k > 0)
                {
                    plan = new Plan
                    {
                        Index = index,
                        Strategy = "IndexRange",
                        Low = new IndexEntry(new IndexKey(prefix), [], -1),
                        High = new IndexEntry(new IndexKey(prefix), [], 1),
                    };
                    score = 50 + k;
                }
                else if (sort.Length > 0)
                {
                    plan = new Plan { Index = index, Strategy = "IndexOrder", Unbounded = true };
                    score = 10;
                }
            }
            if (plan is null)
            {
                continue;
            }
            if (plan.Lookups is null && ServesSort(fields, k, conjuncts, sort, out bool descending))
            {
                plan.SortServed = true;
                plan.Descending = descending;
                score += 5;
            }
            else if (plan.Strategy == "IndexOrder")
            {
                continue;
            }
            if (score > bestScore)
            {
                best = plan;
                bestScore = score;
            }
        }
        return best ?? ScanPlan;
    }

    /// <summary>
    /// Whether walking the index yields the sort: the sort fields (less those fixed by equality)
    /// are exactly the index fields after the equality prefix, all in one direction.
    /// </summary>
    private static bool ServesSort(FieldPath[] fields, int k, ReadOnlySpan<Query> conjuncts, SortKey[] sort, out bool descending)
    {
        descending = false;
        var rest = new List<SortKey>(sort.Length);
        foreach (var s in sort)
        {
            if (!FindEq(conjuncts, s.Path.Text, out _))
            {
                rest.Add(s);
            }
        }
        // Ties must be exactly the entries with equal index values, which the index orders by key.
        if (rest.Count == 0 || rest.Count != fields.Length - k)
        {
            return false;
        }
        descending = rest[0].Descending;
        for (int i = 0; i < rest.Count; i++)
        {
            if (rest[i].Descending != descending || rest[i].Path.Text != fields[k + i].Text)
            {
                return false;
            }
        }
        // The walk orders ties by key in its own direction; results order them by the last sort key's.
        return sort[^1].Descending == descending;
    }

    /// <summary>The value of the first equality conjunct on <paramref name="path"/>.</summary>
    private static bool FindEq(ReadOnlySpan<Query> conjuncts, string path, out DocValue value)
    {
        foreach (var c in conjuncts)
        {
            if (c is CompareQuery { Op: CompareOp.Eq } q && q.Path.Text == path)
            {
                value = q.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The values of the first <c>In</c> conjunct on <paramref name="path"/>.</summary>
    private static DocValue[]? FindIn(ReadOnlySpan<Query> conjuncts, string path)
    {
        foreach (var c in conjuncts)
        {
            if (c is InQuery q && q.Path.Text == path)
            {
                return q.Values;
            }
        }
        return null;
    }

    /// <summary>The first lower (&gt;, &gt;=) or upper (&lt;, &lt;=) bound conjunct on <paramref name="path"/>.</summary>
    private static bool FindBound(ReadOnlySpan<Query> conjuncts, string path, bool lower, out (DocValue Value, bool Inclusive) bound)
    {
        foreach (var c in conjuncts)
        {
            if (c is CompareQuery q && q.Path.Text == path
                && (lower ? q.Op is CompareOp.Gt or CompareOp.Ge : q.Op is CompareOp.Lt or CompareOp.Le))
            {
                bound = (q.Value, q.Op is CompareOp.Ge or CompareOp.Le);
                return true;
            }
        }
        bound = default;
        return false;
    }
}
