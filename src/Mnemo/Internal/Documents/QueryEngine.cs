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
/// reads candidate keys under the registry lock, then tests every candidate's stored JSON against
/// the whole filter (so a stale or partial index can only cost time, never a wrong result), sorts
/// and pages. A document's bytes are taken under its shard lock; being immutable, they are
/// filtered and materialized (by a caller-supplied function) after the lock is released.
/// </summary>
internal static class QueryEngine
{
    private const int WalkChunk = 256;

    public static List<T> Find<T>(Db db, IndexSource source, Query filter, SortKey[] sort, int skip, int? take,
        Func<byte[], byte[], T> materialize, QueryStats? stats)
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
                if (db.ObjectDocumentUtf8(key) is not { } utf8)
                {
                    continue;
                }
                if (stats is not null)
                {
                    stats.Examined++;
                }
                if (!filter.Evaluate(utf8))
                {
                    continue;
                }
                if (toSkip > 0)
                {
                    toSkip--;
                    continue;
                }
                results.Add(materialize(key, utf8));
                if (take is { } t && results.Count >= t)
                {
                    break;
                }
            }
            return Finish(results, stats);
        }

        int common = source.Prefix?.Length ?? 0; // every key of the source starts with it: sorted from there
        List<Match>? matches;
        if (plan.Index is null)
        {
            matches = ScanMatches(db, source, filter, sort, common, stats);
        }
        else
        {
            var (keys, documents) = FetchCandidates(db, plan, common);
            matches = sort.Length == 0 ? null : [];
            try
            {
                int toSkip = skip;
                for (int i = 0; i < keys.Count; i++)
                {
                    if (documents[i] is not { } utf8)
                    {
                        continue;
                    }
                    if (stats is not null)
                    {
                        stats.Examined++;
                    }
                    if (!filter.Evaluate(utf8))
                    {
                        continue;
                    }
                    if (matches is not null)
                    {
                        matches.Add(Match.Of(keys[i], common, SortValues(sort, utf8), utf8));
                        continue;
                    }
                    // No sort: the candidates are in id order, the results' order; page as they come.
                    if (toSkip > 0)
                    {
                        toSkip--;
                        continue;
                    }
                    results.Add(materialize(keys[i], utf8)); // the document as it was when it matched (its bytes never change)
                    if (take is { } t && results.Count >= t)
                    {
                        break;
                    }
                }
            }
            finally
            {
                ReturnDocuments(documents);
            }
            if (matches is null)
            {
                return Finish(results, stats);
            }
        }
        SortMatches(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(matches), common, new MatchComparer(sort));
        int end = take is { } n ? (int)Math.Min((long)skip + n, matches.Count) : matches.Count;
        results.Capacity = Math.Max(0, end - skip);
        for (int i = skip; i < end; i++)
        {
            // The document as it was when it matched (its bytes never change).
            results.Add(materialize(matches[i].Key, matches[i].Utf8));
        }
        return Finish(results, stats);
    }

    /// <summary>The matches of a collection scan (a method of its own: its closure is allocated only when a scan runs).</summary>
    private static List<Match> ScanMatches(Db db, IndexSource source, Query filter, SortKey[] sort, int common, QueryStats? stats)
    {
        var matches = new List<Match>();
        db.ScanDocuments(source, (k, utf8) =>
        {
            if (stats is not null)
            {
                stats.Examined++;
            }
            if (filter.Evaluate(utf8))
            {
                matches.Add(Match.Of(k, common, SortValues(sort, utf8), utf8));
            }
            return true;
        });
        return matches;
    }

    private static DocValue[] SortValues(SortKey[] sort, byte[] utf8)
    {
        if (sort.Length == 0)
        {
            return [];
        }
        var values = new DocValue[sort.Length];
        for (int s = 0; s < sort.Length; s++)
        {
            values[s] = sort[s].Path.Value(utf8);
        }
        return values;
    }

    /// <summary>The keys of matching documents, in id order.</summary>
    public static List<byte[]> Keys(Db db, IndexSource source, Query filter, QueryStats? stats) =>
        Find(db, source, filter, [], 0, null, (k, _) => k, stats);

    public static long Count(Db db, IndexSource source, Query filter, QueryStats? stats)
    {
        var plan = QueryPlanner.Choose(db, source, filter, []);
        Record(stats, plan);
        long count = 0;
        if (plan.Index is null)
        {
            count = ScanCount(db, source, filter, stats);
        }
        else
        {
            var (keys, documents) = FetchCandidates(db, plan, source.Prefix?.Length ?? 0);
            for (int i = 0; i < keys.Count; i++)
            {
                if (documents[i] is not { } utf8)
                {
                    continue;
                }
                if (stats is not null)
                {
                    stats.Examined++;
                }
                if (filter.Evaluate(utf8))
                {
                    count++;
                }
            }
            ReturnDocuments(documents);
        }
        if (stats is not null)
        {
            stats.Returned = count;
        }
        return count;
    }

    private static long ScanCount(Db db, IndexSource source, Query filter, QueryStats? stats)
    {
        long count = 0;
        db.ScanDocuments(source, (_, utf8) =>
        {
            if (stats is not null)
            {
                stats.Examined++;
            }
            if (filter.Evaluate(utf8))
            {
                count++;
            }
            return true;
        });
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

    /// <summary>
    /// Every candidate of an index plan, in id order, with its document (null when the key is
    /// absent, expired or not an object document by now). Sorting the keys first costs no more
    /// than sorting the matches after (same count when the index covers the filter) and makes
    /// the lookups read each shard's entries and documents in creation order, not at random.
    /// </summary>
    /// <remarks>The documents array is rented: hand it back with <see cref="ReturnDocuments"/> (large candidate sets would otherwise allocate on the large object heap per query).</remarks>
    private static (List<byte[]> Keys, byte[]?[] Documents) FetchCandidates(Db db, QueryPlanner.Plan plan, int common)
    {
        var keys = AllCandidates(db, plan);
        if (keys.Count > 1)
        {
            var order = System.Buffers.ArrayPool<Match>.Shared.Rent(keys.Count);
            var span = order.AsSpan(0, keys.Count);
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = Match.Of(keys[i], common, [], []);
            }
            SortMatches(span, common, KeyOrder.Instance);
            for (int i = 0; i < span.Length; i++)
            {
                keys[i] = span[i].Key;
            }
            System.Buffers.ArrayPool<Match>.Shared.Return(order, clearArray: true);
        }
        var documents = System.Buffers.ArrayPool<byte[]?>.Shared.Rent(keys.Count);
        db.ObjectDocumentsUtf8(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys), documents.AsSpan(0, keys.Count));
        return (keys, documents);
    }

    private static void ReturnDocuments(byte[]?[] documents) => System.Buffers.ArrayPool<byte[]?>.Shared.Return(documents, clearArray: true);

    /// <summary>
    /// Every candidate key of the plan, read in one pass under the registry lock (for plans that
    /// read them all: one walk of the range instead of a view per chunk, each of which counts
    /// the rest of the range when created).
    /// </summary>
    private static List<byte[]> AllCandidates(Db db, QueryPlanner.Plan plan)
    {
        var registry = db.Indexes!;
        var index = plan.Index!;
        var keys = new List<byte[]>(plan.Lookups is { Length: 1 } ? 1 : 16);
        lock (registry.Gate)
        {
            if (plan.Lookups is { } lookups)
            {
                foreach (var value in lookups)
                {
                    index.AddOwners(value, keys);
                }
                if (lookups.Length > 1 && keys.Count > 1)
                {
                    return [.. keys.Distinct(ByteArrayComparer.Instance)];
                }
                return keys;
            }
            var walk = plan.Unbounded ? index.All(plan.Descending) : index.Range(plan.Low, plan.High, plan.Descending);
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

    /// <summary>
    /// The length of the prefix every key shares, at least <paramref name="known"/> (which all
    /// are known to share). Keys are compared from there: generated ids share their timestamp's
    /// leading characters, and the heads of <see cref="Match"/> then hold the bytes that differ.
    /// </summary>
    private static int CommonPrefix(Span<Match> matches, int known)
    {
        if (matches.Length < 2)
        {
            return known;
        }
        var first = matches[0].Key.AsSpan();
        int common = first.Length;
        for (int i = 1; i < matches.Length && common > known; i++)
        {
            common = first[..common].CommonPrefixLength(matches[i].Key);
        }
        return Math.Max(common, known);
    }

    /// <summary>Sorts <paramref name="matches"/> by <paramref name="comparer"/>, their heads first recomputed past the keys' whole common prefix.</summary>
    private static void SortMatches(Span<Match> matches, int known, IComparer<Match> comparer)
    {
        if (matches.Length < 2)
        {
            return;
        }
        int common = CommonPrefix(matches, known);
        if (common > known)
        {
            for (int i = 0; i < matches.Length; i++)
            {
                matches[i] = Match.Of(matches[i].Key, common, matches[i].SortKeys, matches[i].Utf8);
            }
        }
        matches.Sort(comparer);
    }

    /// <summary>
    /// A matching document. <see cref="Head0"/>..<see cref="Head2"/> hold the first 24 bytes of
    /// the key after a prefix all compared keys share, big-endian and zero-padded: they order keys
    /// like the bytes do, so most comparisons of a sort never touch the key arrays (scattered in memory).
    /// </summary>
    private readonly record struct Match(byte[] Key, DocValue[] SortKeys, byte[] Utf8, ulong Head0, ulong Head1, ulong Head2)
    {
        public static Match Of(byte[] key, int common, DocValue[] sortKeys, byte[] utf8)
        {
            Span<byte> head = stackalloc byte[24];
            head.Clear();
            var rest = key.AsSpan(common);
            rest[..Math.Min(24, rest.Length)].CopyTo(head);
            return new Match(key, sortKeys, utf8,
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(head),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(head[8..]),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(head[16..]));
        }

        public int CompareKeys(in Match other)
        {
            if (Head0 != other.Head0)
            {
                return Head0 < other.Head0 ? -1 : 1;
            }
            if (Head1 != other.Head1)
            {
                return Head1 < other.Head1 ? -1 : 1;
            }
            if (Head2 != other.Head2)
            {
                return Head2 < other.Head2 ? -1 : 1;
            }
            return Key.AsSpan().SequenceCompareTo(other.Key); // equal heads: the whole keys decide (padding included)
        }
    }

    /// <summary>Keys alone, ascending.</summary>
    private sealed class KeyOrder : IComparer<Match>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(Match x, Match y) => x.CompareKeys(y);
    }

    /// <summary>Sort keys in order, then the key (descending when the last sort key is).</summary>
    private sealed class MatchComparer(SortKey[] sort) : IComparer<Match>
    {
        private readonly bool _keysDescending = sort.Length > 0 && sort[^1].Descending;

        public int Compare(Match x, Match y)
        {
            for (int i = 0; i < sort.Length; i++)
            {
                int c = x.SortKeys[i].CompareTo(y.SortKeys[i]);
                if (c != 0)
                {
                    return sort[i].Descending ? -c : c;
                }
            }
            int k = x.CompareKeys(y);
            return _keysDescending ? -k : k;
        }
    }
}
