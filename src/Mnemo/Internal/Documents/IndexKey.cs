namespace Mnemo.Internal.Documents;

/// <summary>The values one document holds for an index's fields (one per field, compound indexes more).</summary>
internal sealed class IndexKey(DocValue[] values) : IEquatable<IndexKey>
{
    public DocValue[] Values { get; } = values;

    public bool IsAllNull => Array.TrueForAll(Values, v => v.Rank == DocRank.Null);

    public int ByteSize
    {
        get
        {
            int n = 24;
            foreach (var v in Values)
            {
                n += v.ByteSize;
            }
            return n;
        }
    }

    public bool Equals(IndexKey? other)
    {
        if (other is null || other.Values.Length != Values.Length)
        {
            return false;
        }
        for (int i = 0; i < Values.Length; i++)
        {
            if (!Values[i].Equals(other.Values[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as IndexKey);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var v in Values)
        {
            h.Add(v.GetHashCode());
        }
        return h.ToHashCode();
    }

    public override string ToString() =>
        Values.Length == 1 ? Values[0].ToString() : "[" + string.Join(", ", Values.Select(v => v.ToString())) + "]";
}

/// <summary>
/// An entry of an ordered index: the indexed values, then the document key. <see cref="Bound"/>
/// -1 / +1 make a search bound that sorts before / after every entry sharing its value prefix.
/// </summary>
internal readonly record struct IndexEntry(IndexKey Key, byte[] DocKey, sbyte Bound = 0);

internal sealed class IndexEntryComparer : IComparer<IndexEntry>
{
    public static readonly IndexEntryComparer Instance = new();

    public int Compare(IndexEntry x, IndexEntry y)
    {
        var a = x.Key.Values;
        var b = y.Key.Values;
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }
        if (a.Length != b.Length)
        {
            // The shorter one is a bound over a prefix.
            return a.Length < b.Length ? (x.Bound > 0 ? 1 : -1) : (y.Bound > 0 ? -1 : 1);
        }
        if (x.Bound != y.Bound)
        {
            return x.Bound.CompareTo(y.Bound);
        }
        if (x.Bound != 0)
        {
            return 0;
        }
        return x.DocKey.AsSpan().SequenceCompareTo(y.DocKey) switch { < 0 => -1, > 0 => 1, _ => 0 };
    }
}
