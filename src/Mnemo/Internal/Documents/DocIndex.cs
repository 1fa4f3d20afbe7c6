using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Documents;

/// <summary>
/// One secondary index: equality (a hash table from values to keys) or ordered (a sorted set of
/// value/key entries), optionally unique, over one field or several (compound). Guarded by its
/// registry's lock; never touched without it.
/// </summary>
internal sealed class DocIndex
{
    // Rough per-entry overheads (dictionary/sorted-set nodes, key array header) for IndexBytes.
    private const int EntryOverhead = 96;

    // A value held by one key maps to that key (most values of a selective index); by several, to a set.
    private readonly Dictionary<IndexKey, object>? _equal;
    private readonly SortedSet<IndexEntry>? _ordered;
    private readonly Dictionary<byte[], IndexKey>[] _byShard;
    private readonly byte[][] _hashFields;

    public DocIndex(string name, IndexSource source, FieldPath[] fields, bool ordered, bool unique, int shardCount)
    {
        Name = name;
        Source = source;
        Fields = fields;
        Ordered = ordered;
        Unique = unique;
        _hashFields = [.. fields.Select(f => Encoding.UTF8.GetBytes(f.Text))];
        if (ordered)
        {
            _ordered = new SortedSet<IndexEntry>(IndexEntryComparer.Instance);
        }
        else
        {
            _equal = [];
        }
        _byShard = new Dictionary<byte[], IndexKey>[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            _byShard[i] = new Dictionary<byte[], IndexKey>(ByteArrayComparer.Instance);
        }
    }

    public string Name { get; }

    public IndexSource Source { get; }

    public FieldPath[] Fields { get; }

    public bool Ordered { get; }

    public bool Unique { get; }

    public long Entries { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Documents seen whose values broke uniqueness through an unchecked path (RENAME, COPY, SWAPDB...).</summary>
    public long UniqueViolations { get; private set; }

    /// <summary>
    /// The index key a stored value yields, or null when the value is not covered (another
    /// type, a non-object document, a hash without the field). A value the index cannot hold (an
    /// object or array) throws <see cref="MnemoException"/> when <paramref name="strict"/>, else is skipped.
    /// </summary>
    public IndexKey? KeyOf(object? item, ValueKind kind, ReadOnlySpan<byte> key, bool strict)
    {
        if (item is null)
        {
            return null;
        }
        if (Source.Hashes)
        {
            if (kind != ValueKind.Hash)
            {
                return null;
            }
            var hash = (HashValue)item;
            var values = new DocValue[_hashFields.Length];
            for (int i = 0; i < values.Length; i++)
            {
                var bytes = hash.Get(_hashFields[i]);
                if (bytes is null)
                {
                    return null;
                }
                values[i] = HashFieldValue(bytes);
            }
            return new IndexKey(values);
        }
        if (kind != ValueKind.Json)
        {
            return null;
        }
        return KeyOfDocument(((JsonDocumentValue)item).Utf8, key, strict);
    }

    /// <summary>Hash field values are indexed as numbers when they are canonical numbers, else as strings.</summary>
    public DocValue HashFieldValue(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        if (Ordered && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long n)
            && n.ToString(System.Globalization.CultureInfo.InvariantCulture) == text)
        {
            return DocValue.From(n);
        }
        return DocValue.From(text);
    }

    /// <summary>The index key of a document given as its stored UTF-8 JSON (null when it is not an object).</summary>
    public IndexKey? KeyOfDocument(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> key, bool strict)
    {
        if (!JsonDocumentValue.IsObjectText(utf8))
        {
            return null;
        }
        var values = new DocValue[Fields.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var v = Fields[i].Value(utf8);
            if (v.Rank == DocRank.Composite)
            {
                if (strict)
                {
                    throw new MnemoException(
                        $"ERR index '{Name}' cannot hold the value at '{Fields[i].Text}' of document '{Encoding.UTF8.GetString(key)}': it is an object or array (indexes hold null, booleans, numbers and strings)");
                }
                return null;
            }
            values[i] = v;
        }
        return new IndexKey(values);
    }

    /// <summary>The key already holding <paramref name="value"/> other than <paramref name="self"/> and <paramref name="leaving"/>, if any (unique check).</summary>
    public byte[]? Conflict(IndexKey value, ReadOnlySpan<byte> self, ReadOnlySpan<byte> leaving)
    {
        if (!Unique || value.IsAllNull)
        {
            return null;
        }
        foreach (var owner in Lookup(value))
        {
            if (!owner.AsSpan().SequenceEqual(self) && !owner.AsSpan().SequenceEqual(leaving))
            {
                return owner;
            }
        }
        return null;
    }

    /// <summary>Keys holding exactly <paramref name="value"/>.</summary>
    public IEnumerable<byte[]> Lookup(IndexKey value)
    {
        if (_equal is not null)
        {
            return _equal.TryGetValue(value, out var owners) ? owners as HashSet<byte[]> ?? [(byte[])owners] : [];
        }
        return _ordered!.GetViewBetween(new IndexEntry(value, [], -1), new IndexEntry(value, [], 1)).Select(e => e.DocKey);
    }

    /// <summary>Adds the keys holding exactly <paramref name="value"/> to <paramref name="into"/> (<see cref="Lookup"/> without its enumerator).</summary>
    public void AddOwners(IndexKey value, List<byte[]> into)
    {
        if (_equal is null)
        {
            into.AddRange(Lookup(value));
        }
        else if (_equal.TryGetValue(value, out var owners))
        {
            if (owners is HashSet<byte[]> set)
            {
                into.AddRange(set);
            }
            else
            {
                into.Add((byte[])owners);
            }
        }
    }

    /// <summary>Entries between two bounds, in order (ordered indexes only).</summary>
    public IEnumerable<IndexEntry> Range(IndexEntry low, IndexEntry high, bool descending)
    {
        if (IndexEntryComparer.Instance.Compare(low, high) > 0)
        {
            return [];
        }
        var view = _ordered!.GetViewBetween(low, high);
        return descending ? view.Reverse() : view;
    }

    public IEnumerable<IndexEntry> All(bool descending) => descending ? _ordered!.Reverse() : _ordered!;

    /// <summary>Sets the entry of <paramref name="key"/> (null removes it).</summary>
    /// <remarks>Each table is probed once per change (get-or-add and remove-with-value), not looked up then written.</remarks>
    public void Set(int shard, byte[]? storedKey, ReadOnlySpan<byte> key, IndexKey? value)
    {
        var map = _byShard[shard];
        var lookup = map.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (value is null)
        {
            if (lookup.Remove(key, out var removedKey, out var removed))
            {
                RemoveEntry(removedKey, removed);
            }
            return;
        }
        if (lookup.TryGetValue(key, out var actualKey, out var old))
        {
            if (old.Equals(value))
            {
                return;
            }
            RemoveEntry(actualKey, old);
            map.Remove(actualKey);
        }
        var k = storedKey ?? key.ToArray();
        if (Unique && !value.IsAllNull && Lookup(value).Any())
        {
            UniqueViolations++;
        }
        map[k] = value;
        if (_equal is not null)
        {
            ref var owners = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_equal, value, out bool exists);
            if (!exists)
            {
                owners = k;
                Bytes += value.ByteSize + EntryOverhead;
            }
            else if (owners is HashSet<byte[]> set)
            {
                set.Add(k);
            }
            else
            {
                owners = new HashSet<byte[]>(ByteArrayComparer.Instance) { (byte[])owners!, k };
            }
        }
        else
        {
            _ordered!.Add(new IndexEntry(value, k));
            Bytes += value.ByteSize;
        }
        Entries++;
        Bytes += k.Length + 24 + EntryOverhead;
    }

    /// <summary>Drops every entry of one shard (its table was replaced: FLUSHDB, SWAPDB, rollback).</summary>
    public void ClearShard(int shard)
    {
        var map = _byShard[shard];
        foreach (var (k, v) in map)
        {
            RemoveEntry(k, v);
        }
        map.Clear();
    }

    private void RemoveEntry(byte[] key, IndexKey value)
    {
        if (_equal is not null)
        {
            // Removed first (one probe for the usual single owner), put back when others share the value.
            if (_equal.Remove(value, out var owners))
            {
                if (owners is HashSet<byte[]> set)
                {
                    set.Remove(key);
                    _equal[value] = set.Count == 1 ? set.First() : set;
                }
                else if (ByteArrayComparer.Instance.Equals((byte[])owners, key))
                {
                    Bytes -= value.ByteSize + EntryOverhead;
                }
                else
                {
                    _equal[value] = owners; // another key's (cannot happen while the tables agree)
                }
            }
        }
        else
        {
            _ordered!.Remove(new IndexEntry(value, key));
            Bytes -= value.ByteSize;
        }
        Entries--;
        Bytes -= key.Length + 24 + EntryOverhead;
    }
}
