namespace Mnemo;

public partial interface IMnemoDatabase
{
    /// <summary>SADD: adds a member (creating the set); returns true when it was not already there.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    bool SetAdd(MnemoKey key, MnemoValue value);

    /// <summary>SADD: adds members (creating the set); returns how many were not already there.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long SetAdd(MnemoKey key, params MnemoValue[] values);

    /// <summary>SREM: removes a member; returns true when it was there. Removing the last member deletes the key.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    bool SetRemove(MnemoKey key, MnemoValue value);

    /// <summary>SREM: removes members; returns how many were there. Removing the last member deletes the key.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long SetRemove(MnemoKey key, params MnemoValue[] values);

    /// <summary>SMEMBERS: every member, in no particular order (empty for a missing key).</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue[] SetMembers(MnemoKey key);

    /// <summary>SISMEMBER: whether <paramref name="value"/> is a member (false for a missing key).</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    bool SetContains(MnemoKey key, MnemoValue value);

    /// <summary>SMISMEMBER: for each value, in order, whether it is a member.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    bool[] SetContains(MnemoKey key, params MnemoValue[] values);

    /// <summary>SCARD: the number of members (0 for a missing key).</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long SetLength(MnemoKey key);

    /// <summary>SPOP: removes and returns a random member, or <see cref="MnemoValue.Null"/> for a missing key.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue SetPop(MnemoKey key);

    /// <summary>
    /// SPOP with a count: removes and returns up to <paramref name="count"/> distinct random members
    /// (all of them, deleting the key, when the set is not larger than the count).
    /// </summary>
    /// <exception cref="MnemoException">A negative count (<c>ERR value is out of range, must be positive</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue[] SetPop(MnemoKey key, long count);

    /// <summary>SRANDMEMBER: a random member (not removed), or <see cref="MnemoValue.Null"/> for a missing key.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue SetRandomMember(MnemoKey key);

    /// <summary>
    /// SRANDMEMBER with a count: a positive count gives up to <paramref name="count"/> distinct
    /// members; a negative count gives exactly |count| members that may repeat; 0 gives none.
    /// </summary>
    /// <exception cref="MnemoException"><paramref name="count"/> is <see cref="long.MinValue"/>.</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue[] SetRandomMembers(MnemoKey key, long count);

    /// <summary>
    /// SMOVE: atomically moves <paramref name="value"/> from one set to another; returns false when
    /// it was not a member of <paramref name="source"/> (or the source does not exist).
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">Either key holds another type (nothing moves).</exception>
    bool SetMove(MnemoKey source, MnemoKey destination, MnemoValue value);

    /// <summary>SUNION / SINTER / SDIFF of two sets (a missing key is an empty set).</summary>
    /// <exception cref="MnemoWrongTypeException">A key holds another type.</exception>
    MnemoValue[] SetCombine(SetOperation operation, MnemoKey first, MnemoKey second);

    /// <summary>SUNION / SINTER / SDIFF of several sets (a missing key is an empty set; SDIFF subtracts the others from the first).</summary>
    /// <exception cref="MnemoWrongTypeException">A key holds another type.</exception>
    MnemoValue[] SetCombine(SetOperation operation, params MnemoKey[] keys);

    /// <summary>
    /// SUNIONSTORE / SINTERSTORE / SDIFFSTORE of two sets: stores the result in
    /// <paramref name="destination"/> (replacing whatever it held; an empty result deletes it) and
    /// returns its size.
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">A source key holds another type (the destination is untouched).</exception>
    long SetCombineAndStore(SetOperation operation, MnemoKey destination, MnemoKey first, MnemoKey second);

    /// <summary>SUNIONSTORE / SINTERSTORE / SDIFFSTORE of several sets (see the two-key overload).</summary>
    /// <exception cref="MnemoWrongTypeException">A source key holds another type (the destination is untouched).</exception>
    long SetCombineAndStore(SetOperation operation, MnemoKey destination, params MnemoKey[] keys);

    /// <summary>
    /// SINTERCARD: the size of the intersection of the sets; with a <paramref name="limit"/> above 0
    /// counting stops there.
    /// </summary>
    /// <exception cref="MnemoException">No keys (<c>ERR numkeys should be greater than 0</c>) or a negative limit (<c>ERR LIMIT can't be negative</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">A key holds another type.</exception>
    long SetIntersectionLength(MnemoKey[] keys, long limit = 0);

    /// <summary>
    /// SSCAN over the whole set: enumerates the members matching <paramref name="pattern"/> (a
    /// Redis glob; <see cref="MnemoValue.Null"/> for all), fetching <paramref name="pageSize"/> at a
    /// time. Each page is read atomically; a member present for the whole enumeration is returned
    /// at least once, members added or removed meanwhile may or may not be.
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    IEnumerable<MnemoValue> SetScan(MnemoKey key, MnemoValue pattern = default, int pageSize = 250);

    /// <summary>
    /// One SSCAN call: members from <paramref name="cursor"/> (0 to start) matching
    /// <paramref name="pattern"/> (<see cref="MnemoValue.Null"/> for all), about
    /// <paramref name="count"/> of them; continue with the returned cursor until it is 0.
    /// Sets of up to 128 members are returned whole in one call, as Redis does.
    /// </summary>
    /// <exception cref="MnemoException">A count below 1 (<c>ERR syntax error</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    SetScanResult SetScanPage(MnemoKey key, long cursor, MnemoValue pattern = default, long count = 10);
}
