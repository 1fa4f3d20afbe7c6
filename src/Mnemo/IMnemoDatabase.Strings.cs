namespace Mnemo;

public partial interface IMnemoDatabase
{
    /// <summary>GET: the string value of a key, or <see cref="MnemoValue.Null"/> when it does not exist.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue StringGet(MnemoKey key);

    /// <summary>MGET: the values of several keys; missing keys and keys of other types give <see cref="MnemoValue.Null"/>.</summary>
    MnemoValue[] StringGet(params MnemoKey[] keys);

    /// <summary>
    /// SET with EX/PX, NX/XX and KEEPTTL: stores a string value. Returns false when
    /// <paramref name="when"/> prevented the write.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiry">Time to live; null for none (an existing TTL is cleared unless <paramref name="keepTtl"/>).</param>
    /// <param name="when">NX / XX condition.</param>
    /// <param name="keepTtl">Keep the key's current TTL (KEEPTTL).</param>
    /// <exception cref="MnemoException">A zero or negative <paramref name="expiry"/>.</exception>
    bool StringSet(MnemoKey key, MnemoValue value, TimeSpan? expiry = null, When when = When.Always, bool keepTtl = false);

    /// <summary>SET with EXAT/PXAT: stores a value that expires at an absolute time.</summary>
    bool StringSet(MnemoKey key, MnemoValue value, DateTimeOffset expiresAt, When when = When.Always);

    /// <summary>MSET (<see cref="When.Always"/>) or MSETNX (<see cref="When.NotExists"/>: all or none). Atomic.</summary>
    bool StringSet(IEnumerable<KeyValuePair<MnemoKey, MnemoValue>> values, When when = When.Always);

    /// <summary>SET ... GET (and GETSET): stores the value and returns the previous one.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds a non-string; nothing is written.</exception>
    MnemoValue StringSetAndGet(MnemoKey key, MnemoValue value, TimeSpan? expiry = null, When when = When.Always, bool keepTtl = false);

    /// <summary>GETDEL: returns the value and deletes the key.</summary>
    MnemoValue StringGetDelete(MnemoKey key);

    /// <summary>GETEX: returns the value and sets its TTL (null = PERSIST, removing it).</summary>
    MnemoValue StringGetSetExpiry(MnemoKey key, TimeSpan? expiry);

    /// <summary>GETEX EXAT/PXAT: returns the value and makes it expire at <paramref name="expiresAt"/>.</summary>
    MnemoValue StringGetSetExpiry(MnemoKey key, DateTimeOffset expiresAt);

    /// <summary>INCRBY (INCR when 1): adds to the integer value (a missing key counts as 0); returns the result.</summary>
    /// <exception cref="MnemoException">The value is not an integer, or the result would overflow.</exception>
    long StringIncrement(MnemoKey key, long value = 1);

    /// <summary>DECRBY (DECR when 1).</summary>
    long StringDecrement(MnemoKey key, long value = 1);

    /// <summary>INCRBYFLOAT: adds to the numeric value; returns the result.</summary>
    /// <exception cref="MnemoException">The value is not a number, or the result would be NaN or infinite.</exception>
    double StringIncrement(MnemoKey key, double value);

    /// <summary>APPEND: appends to the value (creating it); returns the new length.</summary>
    long StringAppend(MnemoKey key, MnemoValue value);

    /// <summary>STRLEN: length of the value in bytes (0 when missing).</summary>
    long StringLength(MnemoKey key);

    /// <summary>GETRANGE: the bytes from <paramref name="start"/> to <paramref name="end"/> inclusive (negative counts from the end).</summary>
    MnemoValue StringGetRange(MnemoKey key, long start, long end);

    /// <summary>SETRANGE: overwrites from <paramref name="offset"/>, zero-padding as needed; returns the new length.</summary>
    long StringSetRange(MnemoKey key, long offset, MnemoValue value);
}
