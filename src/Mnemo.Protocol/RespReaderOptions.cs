namespace Mnemo.Protocol;

/// <summary>
/// Limits applied by <see cref="RespRequestReader"/>. The defaults are Redis's:
/// <c>proto-max-bulk-len</c> 512 MB, a multibulk count of at most 1024*1024 and
/// 64 KB for inline requests and length lines (<c>PROTO_INLINE_MAX_SIZE</c>).
/// </summary>
public sealed class RespReaderOptions
{
    private readonly long _maxBulkLength = 512L * 1024 * 1024;
    private readonly int _maxMultibulkLength = 1024 * 1024;
    private readonly int _maxInlineLength = 64 * 1024;

    /// <summary>The default limits, shared.</summary>
    public static RespReaderOptions Default { get; } = new();

    /// <summary>
    /// The largest bulk argument accepted (<c>proto-max-bulk-len</c>); a larger declared length is
    /// <c>Protocol error: invalid bulk length</c>. At most <see cref="Array.MaxLength"/> - 2.
    /// </summary>
    public long MaxBulkLength
    {
        get => _maxBulkLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Array.MaxLength - 2L);
            _maxBulkLength = value;
        }
    }

    /// <summary>
    /// The largest argument count of a multibulk request; a larger one is
    /// <c>Protocol error: invalid multibulk length</c>.
    /// </summary>
    public int MaxMultibulkLength
    {
        get => _maxMultibulkLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxMultibulkLength = value;
        }
    }

    /// <summary>
    /// How many bytes may be buffered without finding the end of an inline request or of a
    /// <c>*</c>/<c>$</c> length line before the request is rejected
    /// (<c>too big inline request</c>, <c>too big mbulk count string</c>, <c>too big bulk count string</c>).
    /// </summary>
    public int MaxInlineLength
    {
        get => _maxInlineLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxInlineLength = value;
        }
    }
}
