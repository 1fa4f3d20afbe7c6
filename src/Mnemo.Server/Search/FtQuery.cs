namespace Mnemo.Server.Search;

/// <summary>
/// A parsed FT.SEARCH query (RediSearch dialect 2 basics). Execution maps these nodes onto the
/// document index machinery; the parser only builds them.
/// </summary>
internal abstract record FtQuery;

/// <summary><c>*</c>: every document.</summary>
internal sealed record FtMatchAll : FtQuery
{
    public static FtMatchAll Instance { get; } = new();
}

/// <summary>A text term (<c>hello</c>), or a prefix (<c>hel*</c>); <see cref="Field"/> when written <c>@title:hello</c>.</summary>
internal sealed record FtTerm(string Text, bool Prefix = false, string? Field = null) : FtQuery;

/// <summary>A quoted phrase (<c>"hello world"</c>): the words in order.</summary>
internal sealed record FtPhrase(IReadOnlyList<string> Words, string? Field = null) : FtQuery
{
    public bool Equals(FtPhrase? other) => other is not null && Field == other.Field && Words.SequenceEqual(other.Words);

    public override int GetHashCode() => HashCode.Combine(Field, Words.Count);
}

/// <summary>One value of a tag query; <see cref="Prefix"/> for <c>{val*}</c>.</summary>
internal sealed record FtTagValue(string Value, bool Prefix = false);

/// <summary><c>@field:{a | b}</c>: the field holds any of the tags.</summary>
internal sealed record FtTagQuery(string Field, IReadOnlyList<FtTagValue> Tags) : FtQuery
{
    public bool Equals(FtTagQuery? other) => other is not null && Field == other.Field && Tags.SequenceEqual(other.Tags);

    public override int GetHashCode() => HashCode.Combine(Field, Tags.Count);
}

/// <summary><c>@field:[min max]</c>, <c>(</c> for an exclusive bound, <c>-inf</c>/<c>+inf</c> for none.</summary>
internal sealed record FtNumericRange(string Field, double Min, bool MinExclusive, double Max, bool MaxExclusive) : FtQuery;

/// <summary><c>@field:(subquery)</c>: the text terms of the subquery restricted to the field.</summary>
internal sealed record FtFieldScope(string Field, FtQuery Query) : FtQuery;

/// <summary>Juxtaposition: every child matches.</summary>
internal sealed record FtAnd(IReadOnlyList<FtQuery> Children) : FtQuery
{
    public bool Equals(FtAnd? other) => other is not null && Children.SequenceEqual(other.Children);

    public override int GetHashCode() => Children.Count;
}

/// <summary><c>a | b</c>: any child matches.</summary>
internal sealed record FtOr(IReadOnlyList<FtQuery> Children) : FtQuery
{
    public bool Equals(FtOr? other) => other is not null && Children.SequenceEqual(other.Children);

    public override int GetHashCode() => Children.Count;
}

/// <summary><c>-a</c>: the child does not match.</summary>
internal sealed record FtNot(FtQuery Child) : FtQuery;
