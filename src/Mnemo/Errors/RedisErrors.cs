namespace Mnemo;

/// <summary>
/// The one table of error texts, worded exactly as Redis 7 words them. Engine operations throw
/// <see cref="MnemoException"/> with these texts; the server sends them as error replies.
/// </summary>
public static class RedisErrors
{
#pragma warning disable CS1591 // The constant names say what each error is.
    public const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public const string NotInteger = "ERR value is not an integer or out of range";
    public const string NotFloat = "ERR value is not a valid float";
    public const string Overflow = "ERR increment or decrement would overflow";
    public const string NaNOrInfinity = "ERR increment would produce NaN or Infinity";
    public const string Syntax = "ERR syntax error";
    public const string NoSuchKey = "ERR no such key";
    public const string IndexOutOfRange = "ERR index out of range";
    public const string DbIndexOutOfRange = "ERR DB index is out of range";
    public const string BitOffset = "ERR bit offset is not an integer or out of range";
    public const string BitValue = "ERR bit is not an integer or out of range";
    public const string StringTooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    public const string OffsetOutOfRange = "ERR offset is out of range";
    public const string HashNotInteger = "ERR hash value is not an integer";
    public const string HashNotFloat = "ERR hash value is not a float";
    // Sets and hashes (SINTERCARD, HINCRBYFLOAT).
    public const string NumKeysExceedArgs = "ERR Number of keys can't be greater than number of args";
    public const string IncrementNaNOrInfinity = "ERR value is NaN or Infinity";
    public const string ScoreNaN = "ERR resulting score is not a number (NaN)";
    public const string MinMaxNotFloat = "ERR min or max is not a float";
    public const string MinMaxNotLex = "ERR min or max not valid string range item";
    public const string MustBePositive = "ERR value is out of range, must be positive";
    public const string NumKeysPositive = "ERR numkeys should be greater than 0";
    public const string ExpireOptionsIncompatible = "ERR NX and XX, GT or LT options at the same time are not compatible";
    // Keys, expiry and bit commands (keys family).
    public const string ExpireGtLt = "ERR GT and LT options at the same time are not compatible";
    public const string BitPosBit = "ERR The bit argument must be 1 or 0.";
    public const string BitOpNotSingle = "ERR BITOP NOT must be called with a single source key.";
    public const string ZAddXxNx = "ERR XX and NX options at the same time are not compatible";
    public const string ZAddGtLtNx = "ERR GT, LT, and/or NX options at the same time are not compatible";
    public const string ZAddIncrPair = "ERR INCR option supports a single increment-element pair";
    public const string WeightNotFloat = "ERR weight value is not a float";
    public const string TimeoutNotFloat = "ERR timeout is not a float or out of range";
    public const string TimeoutNegative = "ERR timeout is negative";
    public const string SameObject = "ERR source and destination objects are the same";
    // Lists (LPOS, LMPOP / BLMPOP)
    public const string RankZero = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
    public const string RankOutOfRange = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    public const string CountNegative = "ERR COUNT can't be negative";
    public const string MaxLenNegative = "ERR MAXLEN can't be negative";
    public const string CountGreaterThanZero = "ERR count should be greater than 0";

    // Sorted sets.
    public const string ValueOutOfRange = "ERR value is out of range";
    public const string ValueOutOfRangeLong = "ERR value is out of range, must be between -9223372036854775807 and 9223372036854775807";
    public const string InvalidCursor = "ERR invalid cursor";
    public const string ZRangeLimitNeedsScoreOrLex = "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
    public const string ZRangeWithScoresByLex = "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
    public const string LimitNegative = "ERR LIMIT can't be negative";
#pragma warning restore CS1591

    /// <summary><c>ERR at least 1 input key is needed for 'zunionstore' command</c> and its siblings.</summary>
    public static string InputKeyNeeded(string command) => $"ERR at least 1 input key is needed for '{command}' command";


    /// <summary><c>ERR invalid expire time in 'set' command</c> and its siblings.</summary>
    public static string InvalidExpireTime(string command) => $"ERR invalid expire time in '{command}' command";

    // Persistence (MISCONF is Redis's prefix for "writes are refused because persistence failed").

    /// <summary>Writes are refused because the journal or a snapshot could not be written.</summary>
    public static string Misconf(string reason) =>
        $"MISCONF Mnemo is unable to persist to disk ({reason}). Writes are refused until a snapshot of memory is durable again; reads keep working.";

    /// <summary>The store was closed while a write waited for its journal fsync.</summary>
    public const string JournalClosed = "ERR the journal was closed before this write was synced";

    /// <summary>SAVE or BGSAVE while another snapshot is being written.</summary>
    public const string SnapshotInProgress = "ERR Background save already in progress";

    /// <summary>SAVE, BGSAVE or BACKUP on a store without a data directory.</summary>
    public const string NoPersistence = "ERR this store has no data directory (persistence is off)";
}
