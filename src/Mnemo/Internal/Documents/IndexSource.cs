using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Text;

namespace Mnemo.Internal.Documents;

/// <summary>Which keys an index covers: a glob pattern over key names, and whether they hold JSON documents or hashes.</summary>
internal sealed class IndexSource : IEquatable<IndexSource>
{
    private readonly byte[] _pattern;
    private readonly byte[]? _prefix;

    public IndexSource(string pattern, bool hashes)
    {
        Pattern = pattern;
        Hashes = hashes;
        _pattern = Encoding.UTF8.GetBytes(pattern);
        int star = pattern.IndexOfAny(['*', '?', '[', '\\']);
        if (star == pattern.Length - 1 && pattern[star] == '*')
        {
            _prefix = Encoding.UTF8.GetBytes(pattern[..^1]);
        }
    }

    public string Pattern { get; }

    /// <summary>True: the covered keys are hashes; false: JSON documents.</summary>
    public bool Hashes { get; }

    /// <summary>The literal prefix when the pattern is <c>prefix*</c> (collections), else null.</summary>
    public byte[]? Prefix => _prefix;

    public ValueKind Kind => Hashes ? ValueKind.Hash : ValueKind.Json;

    public bool Matches(ReadOnlySpan<byte> key) =>
        _prefix is not null ? key.StartsWith(_prefix) : Glob.IsMatch(_pattern, key);

    public bool Equals(IndexSource? other) => other is not null && other.Pattern == Pattern && other.Hashes == Hashes;

    public override bool Equals(object? obj) => Equals(obj as IndexSource);

    public override int GetHashCode() => HashCode.Combine(Pattern, Hashes);
}
