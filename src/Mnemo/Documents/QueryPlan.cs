namespace Mnemo.Documents;

/// <summary>What a query did (from <c>Explain</c>): the strategy, the index used, and the work done.</summary>
/// <param name="Strategy">
/// <c>CollectionScan</c> (every document of the collection examined), <c>IndexLookup</c> (exact
/// values looked up in an index), <c>IndexRange</c> (a range or prefix of an ordered index) or
/// <c>IndexOrder</c> (an ordered index walked for the sort, stopping once the page is full).
/// </param>
/// <param name="IndexName">The index used, or null for a scan.</param>
/// <param name="DocumentsExamined">Documents read and tested against the filter.</param>
/// <param name="Returned">Documents returned (after skip and take).</param>
/// <param name="Filter">The filter as text.</param>
public sealed record QueryPlan(string Strategy, string? IndexName, long DocumentsExamined, long Returned, string Filter);

/// <summary>Kinds of secondary index.</summary>
public enum IndexKind
{
    /// <summary>A hash table from values to documents: serves equality and <c>In</c>.</summary>
    Equality,

    /// <summary>A sorted structure: serves equality, ranges (&lt;, &lt;=, &gt;, &gt;=) and sorting.</summary>
    Ordered,
}

/// <summary>A secondary index as it stands now.</summary>
/// <param name="Name">The index name (unique per database).</param>
/// <param name="Pattern">The keys it covers (a glob, <c>users:*</c> for collection <c>users</c>).</param>
/// <param name="OnHashes">True for an index over hash fields, false over JSON documents.</param>
/// <param name="Fields">The indexed field paths (several for a compound index), or hash field names.</param>
/// <param name="Kind">Equality or ordered.</param>
/// <param name="Unique">Whether two documents may not hold the same (non-null) values.</param>
/// <param name="Entries">Documents indexed.</param>
/// <param name="MemoryBytes">Estimated memory of the index structures (see docs/documents.md).</param>
public sealed record IndexInfo(string Name, string Pattern, bool OnHashes, IReadOnlyList<string> Fields, IndexKind Kind, bool Unique, long Entries, long MemoryBytes);

/// <summary>Options of <c>EnsureIndex</c>.</summary>
public sealed class IndexOptions
{
    /// <summary>The index name; by default <c>collection.field1_field2</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Equality (default) or ordered.</summary>
    public IndexKind Kind { get; init; } = IndexKind.Equality;

    /// <summary>Refuse writes that would give two documents the same non-null values.</summary>
    public bool Unique { get; init; }
}

/// <summary>Sorting and paging of a find.</summary>
public sealed class FindOptions
{
    /// <summary>Sort keys, most significant first; ties are broken by id (see docs/documents.md).</summary>
    public IReadOnlyList<SortField> Sort { get; init; } = [];

    /// <summary>Matching documents to pass over first.</summary>
    public int Skip { get; init; }

    /// <summary>At most this many documents; null for all.</summary>
    public int? Take { get; init; }
}
