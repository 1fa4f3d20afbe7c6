using System.Globalization;
using System.Text;

namespace Mnemo.Server.Search;

/// <summary>
/// Parses the FT.SEARCH query language (RediSearch dialect 2 basics) into an <see cref="FtQuery"/>:
/// terms and <c>prefix*</c>, <c>"phrases"</c>, <c>@tag:{a|b}</c>, <c>@num:[lo hi]</c> with
/// <c>(</c> exclusive bounds and <c>-inf</c>/<c>+inf</c>, <c>@text:term</c> and <c>@text:(subquery)</c>,
/// juxtaposition = AND, <c>|</c> = OR (lower precedence than AND, as dialect 2), <c>-</c> = NOT,
/// parentheses, <c>*</c> = all. Errors: <c>ERR Syntax error at offset N near X: what was expected</c>.
/// </summary>
internal sealed class FtQueryParser
{
    private readonly string _text;
    private int _pos;

    private FtQueryParser(string text) => _text = text;

    /// <summary>Parses a query.</summary>
    /// <exception cref="MnemoException">The query is not valid.</exception>
    public static FtQuery Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new FtQueryParser(text);
        parser.SkipSpaces();
        if (parser.AtEnd)
        {
            throw parser.Error("empty query");
        }
        var query = parser.Union();
        parser.SkipSpaces();
        if (!parser.AtEnd)
        {
            throw parser.Error(parser.Peek() == ')' ? "unbalanced ')'" : "unexpected character");
        }
        return query;
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpaces()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private MnemoException Error(string what)
    {
        string near = AtEnd ? "the end of the query" : _text.Substring(_pos, Math.Min(10, _text.Length - _pos));
        return new MnemoException($"ERR Syntax error at offset {_pos} near {near}: {what}");
    }

    private FtQuery Union()
    {
        var children = new List<FtQuery> { Intersection() };
        SkipSpaces();
        while (Peek() == '|')
        {
            _pos++;
            children.Add(Intersection());
            SkipSpaces();
        }
        return children.Count == 1 ? children[0] : new FtOr(children);
    }

    private FtQuery Intersection()
    {
        var children = new List<FtQuery>();
        while (true)
        {
            SkipSpaces();
            if (AtEnd || Peek() is '|' or ')')
            {
                break;
            }
            children.Add(Unary());
        }
        return children.Count switch
        {
            0 => throw Error("expected a term, a field query or '('"),
            1 => children[0],
            _ => new FtAnd(children),
        };
    }

    private FtQuery Unary()
    {
        if (Peek() == '-')
        {
            _pos++;
            SkipSpaces();
            if (AtEnd || Peek() is '|' or ')')
            {
                throw Error("expected what '-' negates");
            }
            return new FtNot(Unary());
        }
        return Atom();
    }

    private FtQuery Atom()
    {
        char c = Peek();
        if (c == '(')
        {
            _pos++;
            var inner = Union();
            SkipSpaces();
            return Peek() == ')' ? Advance(inner) : throw Error("expected ')'");
        }
        if (c == '*')
        {
            _pos++;
            return FtMatchAll.Instance;
        }
        if (c == '@')
        {
            return FieldQuery();
        }
        if (c == '"')
        {
            return Phrase(null);
        }
        return Term(null);
    }

    private FtQuery Advance(FtQuery query)
    {
        _pos++;
        return query;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c > 127;

    /// <summary>A word: letters, digits, '_', and any character escaped with a backslash.</summary>
    private string Word(string what)
    {
        var word = new StringBuilder();
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\\' && _pos + 1 < _text.Length)
            {
                word.Append(_text[_pos + 1]);
                _pos += 2;
            }
            else if (IsWordChar(c))
            {
                word.Append(c);
                _pos++;
            }
            else
            {
                break;
            }
        }
        return word.Length > 0 ? word.ToString() : throw Error("expected " + what);
    }

    private FtQuery Term(string? field)
    {
        string word = Word("a term");
        if (Peek() == '*')
        {
            _pos++;
            return new FtTerm(word, Prefix: true, field);
        }
        return new FtTerm(word, Field: field);
    }

    private FtQuery Phrase(string? field)
    {
        _pos++; // '"'
        var words = new List<string>();
        while (true)
        {
            SkipSpaces();
            if (AtEnd)
            {
                throw Error("unterminated phrase (missing '\"')");
            }
            if (Peek() == '"')
            {
                _pos++;
                break;
            }
            words.Add(Word("a word or '\"'"));
        }
        return words.Count > 0 ? new FtPhrase(words, field) : throw Error("empty phrase");
    }

    private FtQuery FieldQuery()
    {
        _pos++; // '@'
        string field = Word("a field name after '@'");
        SkipSpaces();
        if (Peek() != ':')
        {
            throw Error($"expected ':' after @{field}");
        }
        _pos++;
        SkipSpaces();
        return Peek() switch
        {
            '{' => Tags(field),
            '[' => Range(field),
            '(' => Scope(field),
            '"' => Phrase(field),
            _ => Term(field),
        };
    }

    private FtQuery Scope(string field)
    {
        _pos++;
        var inner = Union();
        SkipSpaces();
        return Peek() == ')' ? Advance(new FtFieldScope(field, inner)) : throw Error("expected ')'");
    }

    private FtQuery Tags(string field)
    {
        _pos++; // '{'
        var tags = new List<FtTagValue>();
        while (true)
        {
            SkipSpaces();
            var tag = new StringBuilder();
            while (_pos < _text.Length && _text[_pos] is not ('|' or '}'))
            {
                if (_text[_pos] == '\\' && _pos + 1 < _text.Length)
                {
                    _pos++;
                }
                tag.Append(_text[_pos++]);
            }
            if (AtEnd)
            {
                throw Error("unterminated tag list (missing '}')");
            }
            string value = tag.ToString().TrimEnd();
            bool prefix = value.EndsWith('*') && !value.EndsWith("\\*", StringComparison.Ordinal);
            if (prefix)
            {
                value = value[..^1];
            }
            if (value.Length == 0)
            {
                throw Error("empty tag");
            }
            tags.Add(new FtTagValue(value, prefix));
            if (_text[_pos++] == '}')
            {
                return new FtTagQuery(field, tags);
            }
        }
    }

    private FtQuery Range(string field)
    {
        _pos++; // '['
        SkipSpaces();
        var (min, minExclusive) = Bound("the lower bound");
        SkipSpaces();
        if (Peek() == ',')
        {
            _pos++;
            SkipSpaces();
        }
        var (max, maxExclusive) = Bound("the upper bound");
        SkipSpaces();
        if (Peek() != ']')
        {
            throw Error("expected ']' after the upper bound");
        }
        _pos++;
        return new FtNumericRange(field, min, minExclusive, max, maxExclusive);
    }

    private (double Value, bool Exclusive) Bound(string what)
    {
        bool exclusive = false;
        if (Peek() == '(')
        {
            exclusive = true;
            _pos++;
        }
        int start = _pos;
        while (_pos < _text.Length && !char.IsWhiteSpace(_text[_pos]) && _text[_pos] is not (']' or ','))
        {
            _pos++;
        }
        string text = _text[start.._pos];
        double value = text.ToLowerInvariant() switch
        {
            "-inf" => double.NegativeInfinity,
            "+inf" or "inf" => double.PositiveInfinity,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !double.IsNaN(v) ? v
                : throw ErrorAt(start, $"expected a number, -inf or +inf as {what}"),
        };
        return (value, exclusive);
    }

    private MnemoException ErrorAt(int position, string what)
    {
        _pos = position;
        return Error(what);
    }
}
