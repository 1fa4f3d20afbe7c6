using Mnemo.Internal.Text;

namespace Mnemo.Internal.Values;

/// <summary>A score interval, with Redis's <c>(</c> exclusive bounds (zrangespec).</summary>
internal readonly record struct ScoreRange(double Min, double Max, bool MinExclusive = false, bool MaxExclusive = false)
{
    public static ScoreRange All => new(double.NegativeInfinity, double.PositiveInfinity);

    public bool IsEmpty => Min > Max || (Min == Max && (MinExclusive || MaxExclusive));

    public bool GteMin(double value) => MinExclusive ? value > Min : value >= Min;

    public bool LteMax(double value) => MaxExclusive ? value < Max : value <= Max;

    /// <summary>
    /// Parses ZRANGEBYSCORE-style bounds as Redis's zslParseRange does: an optional <c>(</c>, then
    /// a strtod number (so <c>inf</c>, <c>-inf</c>, <c>+inf</c>; the empty text reads as 0); NaN is refused.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out ScoreRange range)
    {
        range = default;
        if (!TryParseBound(min, out double lo, out bool loEx) || !TryParseBound(max, out double hi, out bool hiEx))
        {
            return false;
        }
        range = new ScoreRange(lo, hi, loEx, hiEx);
        return true;
    }

    private static bool TryParseBound(ReadOnlySpan<byte> text, out double value, out bool exclusive)
    {
        exclusive = !text.IsEmpty && text[0] == (byte)'(';
        if (exclusive)
        {
            text = text[1..];
        }
        // strtod skips leading white space and reads an empty text as 0 (without an error).
        while (!text.IsEmpty && text[0] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f')
        {
            text = text[1..];
        }
        if (text.IsEmpty)
        {
            value = 0;
            return true;
        }
        return NumberText.TryParseDouble(text, out value);
    }
}

/// <summary>The kind of one end of a lexicographic range.</summary>
internal enum LexBoundKind : byte
{
    /// <summary><c>-</c>: below every member.</summary>
    Minus,
    /// <summary><c>+</c>: above every member.</summary>
    Plus,
    /// <summary><c>[value</c>.</summary>
    Inclusive,
    /// <summary><c>(value</c>.</summary>
    Exclusive,
}

internal readonly record struct LexBound(LexBoundKind Kind, byte[]? Value = null)
{
    public static LexBound Minus => new(LexBoundKind.Minus);

    public static LexBound Plus => new(LexBoundKind.Plus);

    /// <summary>Parses <c>-</c>, <c>+</c>, <c>[value</c> or <c>(value</c> (zslParseLexRangeItem).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out LexBound bound)
    {
        bound = default;
        if (text.IsEmpty)
        {
            return false;
        }
        switch (text[0])
        {
            case (byte)'+' when text.Length == 1:
                bound = Plus;
                return true;
            case (byte)'-' when text.Length == 1:
                bound = Minus;
                return true;
            case (byte)'[':
                bound = new LexBound(LexBoundKind.Inclusive, text[1..].ToArray());
                return true;
            case (byte)'(':
                bound = new LexBound(LexBoundKind.Exclusive, text[1..].ToArray());
                return true;
            default:
                return false;
        }
    }

    /// <summary>Orders a bound's value against another's as Redis's sdscmplex (- below all, + above all).</summary>
    public static int Compare(in LexBound a, in LexBound b)
    {
        if (a.Kind == b.Kind && a.Kind is LexBoundKind.Minus or LexBoundKind.Plus)
        {
            return 0;
        }
        if (a.Kind == LexBoundKind.Minus || b.Kind == LexBoundKind.Plus)
        {
            return -1;
        }
        if (a.Kind == LexBoundKind.Plus || b.Kind == LexBoundKind.Minus)
        {
            return 1;
        }
        return a.Value.AsSpan().SequenceCompareTo(b.Value);
    }

    /// <summary>True for <c>(value</c>, <c>-</c> and <c>+</c> (Redis marks the infinities exclusive).</summary>
    public bool IsExclusive => Kind != LexBoundKind.Inclusive;
}

/// <summary>A lexicographic interval of members (zlexrangespec).</summary>
internal readonly record struct LexRange(LexBound Min, LexBound Max)
{
    public static LexRange All => new(LexBound.Minus, LexBound.Plus);

    public bool IsEmpty
    {
        get
        {
            int cmp = LexBound.Compare(Min, Max);
            return cmp > 0 || (cmp == 0 && (Min.IsExclusive || Max.IsExclusive));
        }
    }

    public bool GteMin(ReadOnlySpan<byte> member) => Min.Kind switch
    {
        LexBoundKind.Minus => true,
        LexBoundKind.Plus => false,
        LexBoundKind.Inclusive => member.SequenceCompareTo(Min.Value) >= 0,
        _ => member.SequenceCompareTo(Min.Value) > 0,
    };

    public bool LteMax(ReadOnlySpan<byte> member) => Max.Kind switch
    {
        LexBoundKind.Plus => true,
        LexBoundKind.Minus => false,
        LexBoundKind.Inclusive => member.SequenceCompareTo(Max.Value) <= 0,
        _ => member.SequenceCompareTo(Max.Value) < 0,
    };

    /// <summary>Parses ZRANGEBYLEX-style bounds; false for an invalid item.</summary>
    public static bool TryParse(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out LexRange range)
    {
        range = default;
        if (!LexBound.TryParse(min, out var lo) || !LexBound.TryParse(max, out var hi))
        {
            return false;
        }
        range = new LexRange(lo, hi);
        return true;
    }
}
