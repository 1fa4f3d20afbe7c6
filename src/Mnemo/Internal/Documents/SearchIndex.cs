using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Internal.Json;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Values;

namespace Mnemo.Internal.Documents;

/// <summary>The type of a search index field (RediSearch's TEXT, TAG and NUMERIC).</summary>
internal enum SearchFieldType
{
    Text,
    Tag,
    Numeric,
}

/// <summary>
/// One field of a search index: <see cref="Identifier"/> is the hash field name or the JSONPath,
/// <see cref="Name"/> the alias queries use (the identifier when no alias was given).
/// </summary>
internal sealed class SearchField
{
    public SearchField(string identifier, string name, SearchFieldType type, char separator, bool sortable, bool json)
    {
        Identifier = identifier;
        Name = name;
        Type = type;
        Separator = separator;
        Sortable = sortable;
        HashField = Encoding.UTF8.GetBytes(identifier);
        Path = json ? JsonPath.Parse(identifier) : null;
    }

    public string Identifier { get; }

    public string Name { get; }

    public SearchFieldType Type { get; }

    public char Separator { get; }

    public bool Sortable { get; }

    public byte[] HashField { get; }

    public JsonPath? Path { get; }
}

/// <summary>
/// A full-text/tag/numeric index over hashes or JSON documents whose keys start with one of its
/// prefixes (FT.CREATE). Kept by its <see cref="IndexRegistry"/> through the same write hooks
/// as the document indexes: every covered key written is re-extracted from its stored state at
/// the next drain. Per field: TEXT terms and TAG values map to the keys holding them (an
/// inverted index), NUMERIC values live in an ordered set. Guarded by the registry's lock.
/// </summary>
internal sealed class SearchIndex
{
    private readonly byte[][] _prefixes;
    private readonly Dictionary<byte[], Entry>[] _byShard;
    private readonly HashSet<byte[]>[] _failed;
    private readonly Dictionary<string, HashSet<byte[]>>?[] _postings;
    private readonly SortedSet<NumericEntry>?[] _numbers;

    public SearchIndex(string name, bool json, IReadOnlyList<string> prefixes, IReadOnlyList<SearchField> fields, int shardCount)
    {
        Name = name;
        Json = json;
        Prefixes = [.. prefixes];
        Fields = [.. fields];
        _prefixes = [.. prefixes.Select(Encoding.UTF8.GetBytes)];
        _byShard = new Dictionary<byte[], Entry>[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            _byShard[i] = new Dictionary<byte[], Entry>(ByteArrayComparer.Instance);
        }
        _failed = new HashSet<byte[]>[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            _failed[i] = new HashSet<byte[]>(ByteArrayComparer.Instance);
        }
        _postings = new Dictionary<string, HashSet<byte[]>>?[Fields.Length];
        _numbers = new SortedSet<NumericEntry>?[Fields.Length];
        for (int f = 0; f < Fields.Length; f++)
        {
            if (Fields[f].Type == SearchFieldType.Numeric)
            {
                _numbers[f] = new SortedSet<NumericEntry>(NumericEntryComparer.Instance);
            }
            else
            {
                _postings[f] = new Dictionary<string, HashSet<byte[]>>(StringComparer.Ordinal);
            }
        }
    }

    public string Name { get; }

    /// <summary>True: JSON documents; false: hashes.</summary>
    public bool Json { get; }

    public string[] Prefixes { get; }

    public SearchField[] Fields { get; }

    /// <summary>Documents indexed.</summary>
    public long DocumentCount { get; private set; }

    /// <summary>Covered keys of the right type whose values could not be indexed (e.g. a NUMERIC field that is not a number).</summary>
    public long Failures => _failed.Sum(f => (long)f.Count);

    /// <summary>Term/tag → key records held.</summary>
    public long Records { get; private set; }

    public int TermCount => _postings.Sum(p => p?.Count ?? 0);

    public ValueKind Kind => Json ? ValueKind.Json : ValueKind.Hash;

    public int FieldIndex(string name)
    {
        for (int i = 0; i < Fields.Length; i++)
        {
            if (string.Equals(Fields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    public bool Matches(ReadOnlySpan<byte> key)
    {
        if (_prefixes.Length == 0)
        {
            return true;
        }
        foreach (var p in _prefixes)
        {
            if (key.StartsWith(p))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Lowercased words: runs of letters and digits.</summary>
    public static List<string> Tokenize(string text)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool word = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return words;
    }

    /// <summary>Re-indexes <paramref name="key"/> from its stored value (null: the key is gone).</summary>
    public void Update(int shard, ReadOnlySpan<byte> key, object? item, ValueKind kind)
    {
        var map = _byShard[shard];
        var lookup = map.GetAlternateLookup<ReadOnlySpan<byte>>();
        byte[]? stored = null;
        if (lookup.TryGetValue(key, out var actual, out var old))
        {
            Remove(actual, old);
            map.Remove(actual);
            stored = actual;
        }
        _failed[shard].GetAlternateLookup<ReadOnlySpan<byte>>().Remove(key);
        if (item is null || kind != Kind)
        {
            return;
        }
        var entry = Extract(item);
        if (entry is null)
        {
            _failed[shard].Add(stored ?? key.ToArray());
            return;
        }
        stored ??= key.ToArray();
        map[stored] = entry;
        Add(stored, entry);
    }

    public void ClearShard(int shard)
    {
        foreach (var (k, v) in _byShard[shard])
        {
            Remove(k, v);
        }
        _byShard[shard].Clear();
        _failed[shard].Clear();
    }

    /// <summary>Every indexed key.</summary>
    public IEnumerable<byte[]> AllKeys() => _byShard.SelectMany(m => m.Keys);

    /// <summary>The keys holding <paramref name="term"/> (exactly, or as a prefix) in field <paramref name="field"/> (TEXT or TAG, lowercased).</summary>
    public IEnumerable<byte[]> Term(int field, string term, bool prefix)
    {
        var postings = _postings[field];
        if (postings is null)
        {
            return [];
        }
        if (!prefix)
        {
            return postings.TryGetValue(term, out var set) ? set : [];
        }
        return postings.Where(p => p.Key.StartsWith(term, StringComparison.Ordinal)).SelectMany(p => p.Value);
    }

    /// <summary>Keys whose NUMERIC field lies between the bounds.</summary>
    public IEnumerable<byte[]> Range(int field, double min, bool minExclusive, double max, bool maxExclusive)
    {
        var set = _numbers[field];
        if (set is null || min > max || double.IsNaN(min) || double.IsNaN(max))
        {
            return [];
        }
        var view = set.GetViewBetween(new NumericEntry(min, null), new NumericEntry(max, null, After: true));
        return view.Where(e => !(minExclusive && e.Value == min) && !(maxExclusive && e.Value == max)).Select(e => e.Key!);
    }

    /// <summary>The extracted values of a key (its TEXT tokens, TAG values, NUMERIC number), or null when not indexed.</summary>
    public Entry? EntryOf(ReadOnlySpan<byte> key)
    {
        foreach (var map in _byShard)
        {
            if (map.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var e))
            {
                return e;
            }
        }
        return null;
    }

    private Entry? Extract(object item)
    {
        var values = new object?[Fields.Length];
        for (int f = 0; f < Fields.Length; f++)
        {
            var field = Fields[f];
            List<string> texts = [];
            if (Json)
            {
                var root = ((JsonDocumentValue)item).ParseRoot();
                foreach (var m in field.Path!.Evaluate(root))
                {
                    if (!Collect(m.Value, field, texts, values, f, topLevel: true))
                    {
                        return null;
                    }
                }
            }
            else
            {
                var bytes = ((HashValue)item).Get(field.HashField);
                if (bytes is not null)
                {
                    var text = Encoding.UTF8.GetString(bytes);
                    if (field.Type == SearchFieldType.Numeric)
                    {
                        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || double.IsNaN(d))
                        {
                            return null;
                        }
                        values[f] = d;
                    }
                    else
                    {
                        texts.Add(text);
                    }
                }
            }
            if (field.Type == SearchFieldType.Text && texts.Count > 0)
            {
                values[f] = texts.SelectMany(Tokenize).ToArray();
            }
            else if (field.Type == SearchFieldType.Tag && texts.Count > 0)
            {
                values[f] = texts.SelectMany(t => Json ? [t] : t.Split(field.Separator))
                    .Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToArray();
            }
        }
        return new Entry(values);
    }

    private static bool Collect(JsonNode? node, SearchField field, List<string> texts, object?[] values, int f, bool topLevel)
    {
        switch (node?.GetValueKind())
        {
            case null or JsonValueKind.Null:
                return true;
            case JsonValueKind.Number when field.Type == SearchFieldType.Numeric:
                values[f] = double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                return true;
            case JsonValueKind.String when field.Type != SearchFieldType.Numeric:
                texts.Add(node.GetValue<string>());
                return true;
            case JsonValueKind.True or JsonValueKind.False when field.Type == SearchFieldType.Tag:
                texts.Add(node.GetValueKind() == JsonValueKind.True ? "true" : "false");
                return true;
            case JsonValueKind.Array when topLevel && field.Type != SearchFieldType.Numeric:
                foreach (var element in node.AsArray())
                {
                    if (!Collect(element, field, texts, values, f, topLevel: false))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    private void Add(byte[] key, Entry entry)
    {
        DocumentCount++;
        for (int f = 0; f < Fields.Length; f++)
        {
            switch (entry.Values[f])
            {
                case double d:
                    _numbers[f]!.Add(new NumericEntry(d, key));
                    Records++;
                    break;
                case string[] terms:
                    foreach (var t in terms)
                    {
                        if (!_postings[f]!.TryGetValue(t, out var set))
                        {
                            set = new HashSet<byte[]>(ByteArrayComparer.Instance);
                            _postings[f]![t] = set;
                        }
                        if (set.Add(key))
                        {
                            Records++;
                        }
                    }
                    break;
            }
        }
    }

    private void Remove(byte[] key, Entry entry)
    {
        DocumentCount--;
        for (int f = 0; f < Fields.Length; f++)
        {
            switch (entry.Values[f])
            {
                case double d:
                    _numbers[f]!.Remove(new NumericEntry(d, key));
                    Records--;
                    break;
                case string[] terms:
                    foreach (var t in terms)
                    {
                        if (_postings[f]!.TryGetValue(t, out var set) && set.Remove(key))
                        {
                            Records--;
                            if (set.Count == 0)
                            {
                                _postings[f]!.Remove(t);
                            }
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>A key's extracted values, one per field: string[] (TEXT tokens in order, TAG values), double (NUMERIC) or null.</summary>
    internal sealed class Entry(object?[] values)
    {
        public object?[] Values { get; } = values;
    }

    private readonly record struct NumericEntry(double Value, byte[]? Key, bool After = false);

    private sealed class NumericEntryComparer : IComparer<NumericEntry>
    {
        public static readonly NumericEntryComparer Instance = new();

        public int Compare(NumericEntry x, NumericEntry y)
        {
            int c = x.Value.CompareTo(y.Value);
            if (c != 0)
            {
                return c;
            }
            if (x.Key is null || y.Key is null)
            {
                // Bounds: a null key sorts before every key of its value, or after them with After.
                int xr = x.Key is null ? (x.After ? 1 : -1) : 0;
                int yr = y.Key is null ? (y.After ? 1 : -1) : 0;
                return xr.CompareTo(yr);
            }
            return x.Key.AsSpan().SequenceCompareTo(y.Key);
        }
    }
}
