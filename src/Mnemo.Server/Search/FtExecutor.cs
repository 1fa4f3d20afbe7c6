using Mnemo.Internal.Documents;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Server.Search;

/// <summary>
/// Evaluates an <see cref="FtQuery"/> over a <see cref="SearchIndex"/>: every node becomes a set
/// of keys read from the index's postings (TEXT terms and prefixes, TAG values) or its ordered
/// numbers (NUMERIC ranges); AND intersects, OR unites, NOT subtracts from every indexed key.
/// Phrases are checked against the tokens kept per document. Runs under the registry lock.
/// </summary>
internal sealed class FtExecutor(SearchIndex index)
{
    private HashSet<byte[]>? _all;

    private HashSet<byte[]> All => _all ??= new HashSet<byte[]>(index.AllKeys(), ByteArrayComparer.Instance);

    public HashSet<byte[]> Run(FtQuery query) => Eval(query, null);

    private HashSet<byte[]> Eval(FtQuery query, string? scope)
    {
        switch (query)
        {
            case FtMatchAll:
                return new HashSet<byte[]>(All, ByteArrayComparer.Instance);
            case FtTerm t:
                return Terms(t.Field ?? scope, t.Text.ToLowerInvariant(), t.Prefix);
            case FtPhrase p:
                return Phrase(p.Field ?? scope, [.. p.Words.Select(w => w.ToLowerInvariant())]);
            case FtTagQuery tag:
                {
                    int f = Field(tag.Field, SearchFieldType.Tag);
                    var set = NewSet();
                    foreach (var v in tag.Tags)
                    {
                        set.UnionWith(index.Term(f, v.Value.Trim().ToLowerInvariant(), v.Prefix));
                    }
                    return set;
                }
            case FtNumericRange r:
                {
                    int f = Field(r.Field, SearchFieldType.Numeric);
                    return new HashSet<byte[]>(index.Range(f, r.Min, r.MinExclusive, r.Max, r.MaxExclusive), ByteArrayComparer.Instance);
                }
            case FtFieldScope s:
                Field(s.Field, SearchFieldType.Text);
                return Eval(s.Query, s.Field);
            case FtAnd and:
                {
                    HashSet<byte[]>? set = null;
                    // Positive children first: a NOT child then subtracts instead of building a complement.
                    foreach (var child in and.Children.OrderBy(c => c is FtNot ? 1 : 0))
                    {
                        if (child is FtNot not && set is not null)
                        {
                            set.ExceptWith(Eval(not.Child, scope));
                        }
                        else if (set is null)
                        {
                            set = Eval(child, scope);
                        }
                        else
                        {
                            set.IntersectWith(Eval(child, scope));
                        }
                        if (set.Count == 0)
                        {
                            break;
                        }
                    }
                    return set ?? NewSet();
                }
            case FtOr or:
                {
                    var set = NewSet();
                    foreach (var child in or.Children)
                    {
                        set.UnionWith(Eval(child, scope));
                    }
                    return set;
                }
            case FtNot n:
                {
                    var set = new HashSet<byte[]>(All, ByteArrayComparer.Instance);
                    set.ExceptWith(Eval(n.Child, scope));
                    return set;
                }
            default:
                throw new MnemoException("ERR Syntax error: unsupported query node");
        }
    }

    private static HashSet<byte[]> NewSet() => new(ByteArrayComparer.Instance);

    private int Field(string name, SearchFieldType type)
    {
        int f = index.FieldIndex(name);
        if (f < 0)
        {
            throw new MnemoException($"ERR Unknown field at offset 0 near {name}");
        }
        if (index.Fields[f].Type != type)
        {
            throw new MnemoException($"ERR Syntax error: field '{name}' is {index.Fields[f].Type.ToString().ToUpperInvariant()}, not {type.ToString().ToUpperInvariant()}");
        }
        return f;
    }

    private IEnumerable<int> TextFields(string? field)
    {
        if (field is not null)
        {
            yield return Field(field, SearchFieldType.Text);
            yield break;
        }
        for (int f = 0; f < index.Fields.Length; f++)
        {
            if (index.Fields[f].Type == SearchFieldType.Text)
            {
                yield return f;
            }
        }
    }

    private HashSet<byte[]> Terms(string? field, string text, bool prefix)
    {
        var set = NewSet();
        var words = SearchIndex.Tokenize(text);
        if (words.Count > 1 && !prefix)
        {
            return Phrase(field, [.. words]);
        }
        if (words.Count == 0)
        {
            return set;
        }
        foreach (int f in TextFields(field))
        {
            set.UnionWith(index.Term(f, words[0], prefix));
        }
        return set;
    }

    private HashSet<byte[]> Phrase(string? field, string[] words)
    {
        var fields = TextFields(field).ToArray();
        var result = NewSet();
        if (words.Length == 0)
        {
            return result;
        }
        foreach (int f in fields)
        {
            HashSet<byte[]>? candidates = null;
            foreach (var w in words)
            {
                var keys = index.Term(f, w, prefix: false);
                if (candidates is null)
                {
                    candidates = new HashSet<byte[]>(keys, ByteArrayComparer.Instance);
                }
                else
                {
                    candidates.IntersectWith(keys);
                }
            }
            foreach (var key in candidates!)
            {
                if (index.EntryOf(key)?.Values[f] is string[] tokens && ContainsRun(tokens, words))
                {
                    result.Add(key);
                }
            }
        }
        return result;
    }

    private static bool ContainsRun(string[] tokens, string[] words)
    {
        for (int i = 0; i + words.Length <= tokens.Length; i++)
        {
            if (tokens.AsSpan(i, words.Length).SequenceEqual(words))
            {
                return true;
            }
        }
        return false;
    }
}
