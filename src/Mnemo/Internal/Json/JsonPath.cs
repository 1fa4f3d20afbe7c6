using System.Globalization;
using System.Text;

namespace Mnemo.Internal.Json;

/// <summary>What one step of a path selects.</summary>
internal enum JsonPathSelector
{
    /// <summary>An object member by name (<c>.name</c>, <c>['name']</c>).</summary>
    Name,
    /// <summary>An array element by index, negative from the end (<c>[3]</c>, <c>[-1]</c>).</summary>
    Index,
    /// <summary>Every member or element (<c>.*</c>, <c>[*]</c>).</summary>
    Wildcard,
    /// <summary>A range of array elements (<c>[start:end:step]</c>, Python rules, step &gt; 0).</summary>
    Slice,
}

/// <summary>
/// One step of a path. <see cref="Recursive"/> steps (<c>..name</c>, <c>..*</c>, <c>..[0]</c>)
/// apply their selector to the current node and to every node below it.
/// </summary>
internal sealed record JsonPathSegment(JsonPathSelector Selector, bool Recursive, string? Name = null, long Index = 0, long? Start = null, long? End = null, long Step = 1)
{
    /// <summary>True for steps that name one place (a member or an index) without recursion.</summary>
    public bool IsStatic => !Recursive && Selector is JsonPathSelector.Name or JsonPathSelector.Index;
}

/// <summary>
/// A parsed RedisJSON path. A path starting with <c>$</c> is JSONPath (every command answers per
/// match); anything else is the legacy dot path (<c>.</c>, <c>.a.b</c>, <c>a.b</c>, <c>a[0]</c>),
/// which RedisJSON evaluates as the JSONPath it normalizes to (<see cref="Normalized"/>) but
/// answers with a single value and errors when nothing matches.
/// </summary>
internal sealed partial class JsonPath
{
    private JsonPath(string text, string normalized, bool legacy, JsonPathSegment[] segments)
    {
        Text = text;
        Normalized = normalized;
        IsLegacy = legacy;
        Segments = segments;
    }

    /// <summary>The path as the client wrote it.</summary>
    public string Text { get; }

    /// <summary>The JSONPath the path means (<c>.a</c> becomes <c>$.a</c>, <c>.</c> becomes <c>$</c>).</summary>
    public string Normalized { get; }

    /// <summary>True for the legacy dot path (not starting with <c>$</c>).</summary>
    public bool IsLegacy { get; }

    /// <summary>The steps after the root.</summary>
    public IReadOnlyList<JsonPathSegment> Segments { get; }

    /// <summary>True when the path is the document root (<c>$</c> or <c>.</c>).</summary>
    public bool IsRoot => Segments.Count == 0;

    /// <summary>True when every step names one member or index (no wildcard, slice or recursion).</summary>
    public bool IsStatic => Segments.All(s => s.IsStatic);

    /// <summary>The legacy root path <c>.</c>, the default of commands whose path is optional.</summary>
    public static JsonPath LegacyRoot { get; } = new(".", "$", true, []);

    /// <summary>This path without its last step (the root stays the root).</summary>
    public JsonPath Parent() => Segments.Count == 0 ? this : new JsonPath(Text, Normalized, IsLegacy, [.. Segments.Take(Segments.Count - 1)]);

    /// <summary>Parses a path.</summary>
    /// <exception cref="MnemoException">The path is not valid; the message says what and where.</exception>
    public static JsonPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool legacy = !text.StartsWith('$');
        string normalized = !legacy ? text
            : text == "." ? "$"
            : text.StartsWith('.') || text.StartsWith('[') ? "$" + text
            : "$." + text;
        var parser = new Parser(text, normalized, legacy ? normalized.Length - text.Length : 0);
        return new JsonPath(text, normalized, legacy, parser.Run());
    }

    /// <summary>Parses UTF-8 path bytes (a command argument).</summary>
    public static JsonPath Parse(ReadOnlySpan<byte> utf8) => Parse(Encoding.UTF8.GetString(utf8));

    public override string ToString() => Text;

    /// <summary>A recursive-descent parser over the normalized text; positions in errors refer to the client's text.</summary>
    private ref struct Parser(string original, string text, int shift)
    {
        private int _pos = 1; // after '$'

        public JsonPathSegment[] Run()
        {
            var segments = new List<JsonPathSegment>();
            while (_pos < text.Length)
            {
                char c = text[_pos];
                if (c == '.')
                {
                    _pos++;
                    bool recursive = false;
                    if (Peek() == '.')
                    {
                        recursive = true;
                        _pos++;
                        if (Peek() == '[')
                        {
                            _pos++;
                            segments.Add(Bracket(recursive: true));
                            continue;
                        }
                    }
                    if (Peek() == '*')
                    {
                        _pos++;
                        segments.Add(new JsonPathSegment(JsonPathSelector.Wildcard, recursive));
                        continue;
                    }
                    segments.Add(new JsonPathSegment(JsonPathSelector.Name, recursive, Name()));
                }
                else if (c == '[')
                {
                    _pos++;
                    segments.Add(Bracket(recursive: false));
                }
                else
                {
                    throw Error($"unexpected '{c}', expected '.' or '['");
                }
            }
            return [.. segments];
        }

        private readonly char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private readonly MnemoException Error(string what)
        {
            int at = Math.Max(0, _pos - shift);
            return new MnemoException($"ERR invalid JSON path '{original}': {what} at offset {at}");
        }

        private static bool IsNameChar(char c) =>
            char.IsLetterOrDigit(c) || c is '_' or '-' or '$' or '@' || c > 127;

        private string Name()
        {
            int start = _pos;
            while (_pos < text.Length && IsNameChar(text[_pos]))
            {
                _pos++;
            }
            if (_pos == start)
            {
                throw Error(_pos >= text.Length ? "expected a member name after '.' but the path ends" : $"expected a member name after '.' but found '{text[_pos]}'");
            }
            return text[start.._pos];
        }

        private void SkipSpaces()
        {
            while (_pos < text.Length && text[_pos] == ' ')
            {
                _pos++;
            }
        }

        private void Expect(char c)
        {
            SkipSpaces();
            if (Peek() != c)
            {
                throw Error(_pos >= text.Length ? $"expected '{c}' but the path ends" : $"expected '{c}' but found '{text[_pos]}'");
            }
            _pos++;
        }

        /// <summary>After '[': a quoted name, '*', an index or a slice, then ']'.</summary>
        private JsonPathSegment Bracket(bool recursive)
        {
            SkipSpaces();
            char c = Peek();
            JsonPathSegment segment;
            if (c is '\'' or '"')
            {
                segment = new JsonPathSegment(JsonPathSelector.Name, recursive, Quoted(c));
            }
            else if (c == '*')
            {
                _pos++;
                segment = new JsonPathSegment(JsonPathSelector.Wildcard, recursive);
            }
            else if (c == '-' || c == ':' || char.IsAsciiDigit(c))
            {
                long? first = c == ':' ? null : Integer();
                SkipSpaces();
                if (Peek() != ':')
                {
                    segment = new JsonPathSegment(JsonPathSelector.Index, recursive, Index: first!.Value);
                }
                else
                {
                    _pos++;
                    SkipSpaces();
                    long? end = Peek() is '-' || char.IsAsciiDigit(Peek()) ? Integer() : null;
                    long step = 1;
                    SkipSpaces();
                    if (Peek() == ':')
                    {
                        _pos++;
                        SkipSpaces();
                        if (Peek() is '-' || char.IsAsciiDigit(Peek()))
                        {
                            int at = _pos;
                            step = Integer();
                            if (step <= 0)
                            {
                                _pos = at;
                                throw Error("a slice step must be positive");
                            }
                        }
                    }
                    segment = new JsonPathSegment(JsonPathSelector.Slice, recursive, Start: first, End: end, Step: step);
                }
            }
            else if (c == '?')
            {
                throw Error("filter expressions ([?(...)]) are not supported");
            }
            else
            {
                throw Error(_pos >= text.Length ? "expected an index, a quoted name, '*' or a slice after '[' but the path ends"
                    : $"expected an index, a quoted name, '*' or a slice after '[' but found '{c}'");
            }
            Expect(']');
            return segment;
        }

        private long Integer()
        {
            int start = _pos;
            if (Peek() == '-')
            {
                _pos++;
            }
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                _pos++;
            }
            if (!long.TryParse(text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                _pos = start;
                throw Error("expected an integer index");
            }
            return value;
        }

        private string Quoted(char quote)
        {
            _pos++;
            var name = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length)
                {
                    throw Error($"unterminated quoted name (missing {quote})");
                }
                char c = text[_pos++];
                if (c == quote)
                {
                    return name.ToString();
                }
                if (c == '\\' && _pos < text.Length)
                {
                    char e = text[_pos++];
                    name.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => e });
                    continue;
                }
                name.Append(c);
            }
        }
    }
}
