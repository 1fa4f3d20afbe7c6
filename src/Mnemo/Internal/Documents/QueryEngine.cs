using System.Text.Json.Nodes;
using Mnemo.Documents;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Internal.Documents;

/// <summary>A sort key: a path and a direction.</summary>
internal readonly record struct SortKey(FieldPath Path, bool Descending);

/// <summary>What a query execution did (for Explain).</summary>
internal sealed class QueryStats
{
    public string Strategy = "CollectionScan";
    public string? Index;
    public long Examined;
    public long Returned;
}

/// <summary>
/// Runs queries over the documents of one key source: picks an index (<see cref="QueryPlanner"/>),
/// reads candidate keys under the registry lock, then tests every candidate against the whole
/// filter under its shard lock (so a stale or partial index can only cost time, never a wrong
/// result), sorts and pages. Results are built by a caller-supplied function under the shard lock.
/// </summary>
internal static class QueryEngine
{
    private const int WalkChunk = 256;

    public static List<T> Find<T>(Db db, IndexSource source, Query filter, SortKey[] sort, int skip, int? take,
        Func<byte[], JsonNode?, T> materialize, QueryStats? stats)
    {
        if (take is <= 0)
        {
            return [];
        }
        var plan = QueryPlanner.Choose(db, source, filter, sort);
        Record(stats, plan);
        var results = new List<T>();
        if (plan.SortServed)
        {
            int toSkip = skip;
            foreach (var key in Candidates(db, plan))
            {
                bool done = false;
                db.VisitDocument(key, (k, root) =>
                {
                    if (stats is not null)
                    {
                        stats.Examined++;
                    }
                    if (!filter.Evaluate(root))
                    {
                        return false;
                    }
                    if (toSkip > 0)
                    {
                        toSkip--;
                        return false;
                    }
                    results.Add(materialize(k, root));
                    done = take is { } t && results.Count >= t;
                    return true;
                });
                if (done)
                {
                    break;
                }
            }
            return Finish(results, stats);
        }

        bool direct = skip == 0 && take is null;
        var matches = new List<Match<T>>();
        Func<byte[], JsonNode?, bool> visit = (k, root) =>
        {
            if (stats is not null)
            {
                stats.Examined++;
            }
            if (filter.Evaluate(root))
            {
                var keys = sort.Length == 0 ? [] : new DocValue[sort.Length];
                for (int s = 0; s < sort.Length; s++)
                {
                    keys[s] = sort[s].Path.Value(root);
                }
                matches.Add(new Match<T>(k, keys, direct ? materialize(k, root) : default));
            }
            return true;
        };
        Collect(db, source, plan, visit);
        matches.Sort(new MatchComparer<T>(sort));
        if (direct)
        {
            results.Capacity = matches.Count;
            foreach (var m in matches)
            {
                results.Add(m.Value!);
            }
            return Finish(results, stats);
        }
        int end = take is { } n ? (int)Math.Min((long)skip + n, matches.Count) : matches.Count;
        for (int i = skip; i < end; i++)
        {
            var key = matches[i].Key;
            db.VisitDocument(key, (k, root) =>
            {
                if (filter.Evaluate(root))
                {
                    results.Add(materialize(k, root));
                }
                return true;
            });
        }
        return Finish(results, stats);
    }

    /// <summary>The keys of matching documents, in id order.</summary>
    public static List<byte[]> Keys(Db db, IndexSource source, Query filter, QueryStats? stats) =>
        Find(db, source, filter, [], 0, null, (k, _) => k, stats);

    public static long Count(Db db, IndexSource source, Query filter, QueryStats? stats)
    {
        var plan = QueryPlanner.Choose(db, source, filter, []);
        Record(stats, plan);
        long count = 0;
        Collect(db, source, plan, (_, root) =>
        {
            if (stats is not null)
            {
                stats.Examined++;
            }
            if (filter.Evaluate(root))
            {
                count++;
            }
            return true;
        });
        if (stats is not null)
        {
            stats.Returned = count;
        }
        return count;
    }

    private static void Record(QueryStats? stats, QueryPlanner.Plan plan)
    {
        if (stats is not null)
        {
            stats.Strategy = plan.Strategy;
            stats.Index = plan.Index?.Name;
        }
    }

    private static List<T> Finish<T>(List<T> results, QueryStats? stats)
    {
        if (stats is not null)
        {
            stats.Returned = results.Count;
        }
        return results;
    }

    private static void Collect(Db db, IndexSource source, QueryPlanner.Plan plan, Func<byte[], JsonNode?, bool> visit)
    {
        if (plan.Index is null)
        {
            db.ScanDocuments(source, visit);
            return;
        }
        foreach (var key in AllCandidates(db, plan))
        {
            db.VisitDocument(key, visit);
        }
    }

    /// <summary>
    /// Every candidate key of the plan, read in one pass under the registry lock (for plans that
    /// read them all: one walk of the range instead of a view per chunk, each of which counts
    /// the rest of the range when created).
    /// </summary>
    private static List<byte[]> AllCandidates(Db db, QueryPlanner.Plan plan)
    {
        var registry = db.Indexes!;
        var index = plan.Index!;
        lock (registry.Gate)
        {
            if (plan.Lookups is { } lookups)
            {
                if (lookups.Length == 1)
                {
                    return [.. index.Lookup(lookups[0])];
                }
                return [.. lookups.SelectMany(index.Lookup).Distinct(ByteArrayComparer.Instance)];
            }
            var walk = plan.Unbounded ? index.All(plan.Descending) : index.Range(plan.Low, plan.High, plan.Descending);
            var keys = new List<byte[]>();
            foreach (var e in walk)
            {
                keys.Add(e.DocKey);
            }
            return keys;
        }
    }

    /// <summary>Candidate keys from the plan's index, read in chunks under the registry lock (never holding it while locking a shard).</summary>
    private static IEnumerable<byte[]> Candidates(Db db, QueryPlanner.Plan plan)
    {
        var registry = db.Indexes!;
        var index = plan.Index!;
        if (plan.Lookups is { } lookups)
        {
            List<byte[]> keys;
            lock (registry.Gate)
            {
                keys = [.. lookups.SelectMany(index.Lookup).Distinct(ByteArrayComparer.Instance)];
            }
            foreach (var k in keys)
            {
                yield return k;
            }
            yield break;
        }
        IndexEntry? after = null;
        var chunk = new List<IndexEntry>(WalkChunk);
        while (true)
        {
            chunk.Clear();
            lock (registry.Gate)
            {
                IEnumerable<IndexEntry> walk;
                if (after is { } last)
                {
                    walk = plan.Descending ? index.Range(plan.Low, last, true) : index.Range(last, plan.High, false);
                }
                else
                {
                    walk = plan.Unbounded ? index.All(plan.Descending) : index.Range(plan.Low, plan.High, plan.Descending);
                }
                foreach (var e in walk)
                {
                    if (after is { } a && IndexEntryComparer.Instance.Compare(e, a) == 0)
                    {
                        continue;
                    }
                    chunk.Add(e);
                    if (chunk.Count == WalkChunk)
                    {
                        break;
                    }
                }
            }
            foreach (var e in chunk)
            {
                yield return e.DocKey;
            }
            if (chunk.Count < WalkChunk)
            {
                yield break;
            }
            after = chunk[^1];
        }
    }

    private readonly record struct Match<T>(byte[] Key, DocValue[] SortKeys, T? Value);

    /// <summary>Sort keys in order, then the key (descending when the last sort key is).</summary>
    private sealed class MatchComparer<T>(SortKey[] sort) : IComparer<Match<T>>
    {
        private readonly bool _keysDescending = sort.Length > 0 && sort[^1].Descending;

        public int Compare(Match<T> x, Match<T> y)
        {
            for (int i = 0; i < sort.Length; i++)
            {
                int c = x.SortKeys[i].CompareTo(y.SortKeys[i]);
                if (c != 0)
                {
                    return sort[i].Descending ? -c : c;
                }
            }
            int k = x.Key.AsSpan().SequenceCompareTo(y.Key);
            return _keysDescending ? -k : k;
        }
    }
}
