namespace Mnemo;

public partial interface IMnemoDatabase
{
    /// <summary>
    /// HSET (<see cref="When.Always"/>) or HSETNX (<see cref="When.NotExists"/>): sets a field.
    /// Returns true when the field is new (HSET) or when it was written (HSETNX).
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="When.Exists"/>, which Redis has no command for.</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    bool HashSet(MnemoKey key, MnemoValue field, MnemoValue value, When when = When.Always);

    /// <summary>HSET with several fields (HMSET): sets them all atomically; returns how many fields are new.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long HashSet(MnemoKey key, params HashEntry[] entries);

    /// <summary>HSETNX: sets the field only when it does not exist; returns true when it was written.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    bool HashSetIfNotExists(MnemoKey key, MnemoValue field, MnemoValue value);

    /// <summary>HGET: a field's value, or <see cref="MnemoValue.Null"/> when the field or the key is missing.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue HashGet(MnemoKey key, MnemoValue field);

    /// <summary>HMGET: the values of several fields, in order (<see cref="MnemoValue.Null"/> for missing ones).</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue[] HashGet(MnemoKey key, params MnemoValue[] fields);

    /// <summary>HGETALL: every field and value, in no particular order (empty for a missing key).</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    HashEntry[] HashGetAll(MnemoKey key);

    /// <summary>HDEL: deletes a field; returns true when it existed. Deleting the last field deletes the key.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    bool HashDelete(MnemoKey key, MnemoValue field);

    /// <summary>HDEL: deletes fields; returns how many existed. Deleting the last field deletes the key.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long HashDelete(MnemoKey key, params MnemoValue[] fields);

    /// <summary>HEXISTS: whether the field exists.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    bool HashExists(MnemoKey key, MnemoValue field);

    /// <summary>HLEN: the number of fields (0 for a missing key).</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long HashLength(MnemoKey key);

    /// <summary>HKEYS: every field name.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue[] HashKeys(MnemoKey key);

    /// <summary>HVALS: every value.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue[] HashValues(MnemoKey key);

    /// <summary>HINCRBY: adds to a field's integer value (a missing field counts as 0); returns the result.</summary>
    /// <exception cref="MnemoException">The value is not an integer (<c>ERR hash value is not an integer</c>) or the result would overflow.</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long HashIncrement(MnemoKey key, MnemoValue field, long value = 1);

    /// <summary>HINCRBY with the negated amount.</summary>
    /// <exception cref="MnemoException">The value is not an integer or the result would overflow.</exception>
    long HashDecrement(MnemoKey key, MnemoValue field, long value = 1);

    /// <summary>HINCRBYFLOAT: adds to a field's numeric value (a missing field counts as 0); returns the result.</summary>
    /// <exception cref="MnemoException">
    /// The value is not a number (<c>ERR hash value is not a float</c>), the increment is infinite or NaN,
    /// or the result would be.
    /// </exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    double HashIncrement(MnemoKey key, MnemoValue field, double value);

    /// <summary>HINCRBYFLOAT with the negated amount.</summary>
    /// <exception cref="MnemoException">As for <see cref="HashIncrement(MnemoKey, MnemoValue, double)"/>.</exception>
    double HashDecrement(MnemoKey key, MnemoValue field, double value);

    /// <summary>HSTRLEN: the length in bytes of a field's value (0 when missing).</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long HashStringLength(MnemoKey key, MnemoValue field);

    /// <summary>HRANDFIELD: a random field name, or <see cref="MnemoValue.Null"/> for a missing key.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue HashRandomField(MnemoKey key);

    /// <summary>
    /// HRANDFIELD with a count: a positive count gives up to <paramref name="count"/> distinct field
    /// names; a negative count gives exactly |count| names that may repeat; 0 gives none.
    /// </summary>
    /// <exception cref="MnemoException"><paramref name="count"/> is <see cref="long.MinValue"/>.</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue[] HashRandomFields(MnemoKey key, long count);

    /// <summary>HRANDFIELD with a count and WITHVALUES: random fields (as for <see cref="HashRandomFields"/>) with their values.</summary>
    /// <exception cref="MnemoException">|<paramref name="count"/>| is above <see cref="long.MaxValue"/> / 2 (<c>ERR value is out of range</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    HashEntry[] HashRandomFieldsWithValues(MnemoKey key, long count);

    /// <summary>
    /// HSCAN over the whole hash: enumerates the fields whose names match <paramref name="pattern"/>
    /// (a Redis glob; <see cref="MnemoValue.Null"/> for all), fetching <paramref name="pageSize"/> at
    /// a time. Each page is read atomically; a field present for the whole enumeration is returned
    /// at least once, fields added or removed meanwhile may or may not be.
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    IEnumerable<HashEntry> HashScan(MnemoKey key, MnemoValue pattern = default, int pageSize = 250);

    /// <summary>
    /// One HSCAN call: fields and values from <paramref name="cursor"/> (0 to start) whose names
    /// match <paramref name="pattern"/>, about <paramref name="count"/> of them; continue with the
    /// returned cursor until it is 0. Hashes of up to 128 fields are returned whole, as Redis does.
    /// </summary>
    /// <exception cref="MnemoException">A count below 1 (<c>ERR syntax error</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    HashScanResult HashScanPage(MnemoKey key, long cursor, MnemoValue pattern = default, long count = 10);
}
