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
            return new Plan();
        }
        registry.DrainAll();
        var conjuncts = filter is AndQuery and ? and.Parts : [filter];
        var eq = new Dictionary<string, DocValue>();
        var inValues = new Dictionary<string, DocValue[]>();
        var lower = new Dictionary<string, (DocValue Value, bool Inclusive)>();
        var upper = new Dictionary<string, (DocValue Value, bool Inclusive)>();
        foreach (var c in conjuncts)
        {
            switch (c)
            {
                case CompareQuery { Op: CompareOp.Eq } q:
                    eq.TryAdd(q.Path.Text, q.Value);
                    break;
                case CompareQuery { Op: CompareOp.Gt or CompareOp.Ge } q:
                    lower.TryAdd(q.Path.Text, (q.Value, q.Op == CompareOp.Ge));
                    break;
                case CompareQuery { Op: CompareOp.Lt or CompareOp.Le } q:
                    upper.TryAdd(q.Path.Text, (q.Value, q.Op == CompareOp.Le));
                    break;
                case InQuery q:
                    inValues.TryAdd(q.Path.Text, q.Values);
                    break;
            }
        }

        Plan? best = null;
        int bestScore = 0;
        foreach (var index in registry.Indexes)
        {
            if (!index.Source.Equals(source))
            {
                continue;
            }
            var fields = index.Fields;
            int k = 0;
            while (k < fields.Length && eq.ContainsKey(fields[k].Text))
            {
                k++;
            }
            var prefix = new DocValue[k];
            for (int i = 0; i < k; i++)
            {
                prefix[i] = eq[fields[i].Text];
            }
            Plan? plan = null;
            int score = 0;
            if (k == fields.Length)
            {
                plan = new Plan { Index = index, Strategy = "IndexLookup", Lookups = [new IndexKey(prefix)] };
                score = 100 + k + (index.Ordered ? 0 : 1);
            }
            else if (k == fields.Length - 1 && inValues.TryGetValue(fields[k].Text, out var ins))
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
                bool hasLow = lower.TryGetValue(next, out var lo);
                bool hasHigh = upper.TryGetValue(next, out var hi);
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
            if (plan.Lookups is null && ServesSort(fields, k, eq, sort, out bool descending))
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
        return best ?? new Plan();
    }

    /// <summary>
    /// Whether walking the index yields the sort: the sort fields (less those fixed by equality)
    /// are exactly the index fields after the equality prefix, all in one direction.
    /// </summary>
    private static bool ServesSort(FieldPath[] fields, int k, Dictionary<string, DocValue> eq, SortKey[] sort, out bool descending)
    {
        descending = false;
        var rest = sort.Where(s => !eq.ContainsKey(s.Path.Text)).ToArray();
        // Ties must be exactly the entries with equal index values, which the index orders by key.
        if (rest.Length == 0 || rest.Length != fields.Length - k)
        {
            return false;
        }
        descending = rest[0].Descending;
        for (int i = 0; i < rest.Length; i++)
        {
            if (rest[i].Descending != descending || rest[i].Path.Text != fields[k + i].Text)
            {
                return false;
            }
        }
        // The walk orders ties by key in its own direction; results order them by the last sort key's.
        return sort[^1].Descending == descending;
    }
}
