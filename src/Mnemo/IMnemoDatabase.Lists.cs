namespace Mnemo;

public partial interface IMnemoDatabase
{
    /// <summary>
    /// LPUSH (LPUSHX with <see cref="When.Exists"/>): inserts <paramref name="value"/> at the head of
    /// the list, creating it when missing. Returns the length afterwards (0 when
    /// <see cref="When.Exists"/> and the key does not exist).
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    /// <exception cref="ArgumentException"><see cref="When.NotExists"/>, which Redis has no command for.</exception>
    long ListLeftPush(MnemoKey key, MnemoValue value, When when = When.Always);

    /// <summary>
    /// LPUSH with several values (LPUSHX with <see cref="When.Exists"/>): each value is inserted at
    /// the head in turn, so the last one ends up first. Returns the length afterwards.
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    /// <exception cref="ArgumentException">No values, a null value, or <see cref="When.NotExists"/>.</exception>
    long ListLeftPush(MnemoKey key, MnemoValue[] values, When when = When.Always);

    /// <summary>RPUSH (RPUSHX with <see cref="When.Exists"/>): appends <paramref name="value"/> to the tail. Returns the length afterwards.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    /// <exception cref="ArgumentException"><see cref="When.NotExists"/>.</exception>
    long ListRightPush(MnemoKey key, MnemoValue value, When when = When.Always);

    /// <summary>RPUSH with several values (RPUSHX with <see cref="When.Exists"/>): appended in order. Returns the length afterwards.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    /// <exception cref="ArgumentException">No values, a null value, or <see cref="When.NotExists"/>.</exception>
    long ListRightPush(MnemoKey key, MnemoValue[] values, When when = When.Always);

    /// <summary>LPOP: removes and returns the first element, or <see cref="MnemoValue.Null"/> when the key does not exist. An emptied list is deleted.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue ListLeftPop(MnemoKey key);

    /// <summary>
    /// LPOP with a count: removes and returns up to <paramref name="count"/> elements from the head.
    /// Null when the key does not exist (Redis's nil array); an empty array when
    /// <paramref name="count"/> is 0 and the key exists.
    /// </summary>
    /// <exception cref="MnemoException">A negative count (<c>ERR value is out of range, must be positive</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue[]? ListLeftPop(MnemoKey key, long count);

    /// <summary>RPOP: removes and returns the last element, or <see cref="MnemoValue.Null"/> when the key does not exist.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue ListRightPop(MnemoKey key);

    /// <summary>RPOP with a count: up to <paramref name="count"/> elements from the tail, last first; null when the key does not exist.</summary>
    /// <exception cref="MnemoException">A negative count.</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue[]? ListRightPop(MnemoKey key, long count);

    /// <summary>
    /// LMPOP ... LEFT COUNT: pops up to <paramref name="count"/> elements from the head of the first
    /// of <paramref name="keys"/> that exists. Null when none exists.
    /// </summary>
    /// <exception cref="MnemoException">No keys (<c>ERR numkeys should be greater than 0</c>) or a count below 1 (<c>ERR count should be greater than 0</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">A key checked before the first list holds another type.</exception>
    ListPopResult? ListLeftPop(MnemoKey[] keys, long count);

    /// <summary>LMPOP ... RIGHT COUNT: as <see cref="ListLeftPop(MnemoKey[], long)"/>, from the tail.</summary>
    /// <exception cref="MnemoException">No keys, or a count below 1.</exception>
    /// <exception cref="MnemoWrongTypeException">A key checked before the first list holds another type.</exception>
    ListPopResult? ListRightPop(MnemoKey[] keys, long count);

    /// <summary>LLEN: the number of elements (0 when the key does not exist).</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long ListLength(MnemoKey key);

    /// <summary>
    /// LRANGE: the elements from <paramref name="start"/> to <paramref name="stop"/>, both inclusive.
    /// Negative indices count from the end (-1 is the last); out-of-range indices are clamped, and an
    /// empty range (or a missing key) gives an empty array.
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue[] ListRange(MnemoKey key, long start = 0, long stop = -1);

    /// <summary>LINDEX: the element at <paramref name="index"/> (negative counts from the end), or <see cref="MnemoValue.Null"/> when out of range or missing.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    MnemoValue ListGetByIndex(MnemoKey key, long index);

    /// <summary>LSET: replaces the element at <paramref name="index"/> (negative counts from the end).</summary>
    /// <exception cref="MnemoException">The key does not exist (<c>ERR no such key</c>) or the index is out of range (<c>ERR index out of range</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    void ListSetByIndex(MnemoKey key, long index, MnemoValue value);

    /// <summary>
    /// LINSERT BEFORE: inserts <paramref name="value"/> before the first element equal to
    /// <paramref name="pivot"/>. Returns the new length, -1 when the pivot is not found, 0 when the
    /// key does not exist.
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long ListInsertBefore(MnemoKey key, MnemoValue pivot, MnemoValue value);

    /// <summary>LINSERT AFTER: inserts <paramref name="value"/> after the first element equal to <paramref name="pivot"/>; results as <see cref="ListInsertBefore"/>.</summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long ListInsertAfter(MnemoKey key, MnemoValue pivot, MnemoValue value);

    /// <summary>
    /// LREM: removes elements equal to <paramref name="value"/>: the first <paramref name="count"/>
    /// from the head when positive, from the tail when negative, all when 0. Returns how many were
    /// removed; an emptied list is deleted.
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long ListRemove(MnemoKey key, MnemoValue value, long count = 0);

    /// <summary>
    /// LTRIM: keeps only the elements from <paramref name="start"/> to <paramref name="stop"/>
    /// inclusive (index rules as <see cref="ListRange"/>); an empty range deletes the key.
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    void ListTrim(MnemoKey key, long start, long stop);

    /// <summary>
    /// LPOS: the index of the <paramref name="rank"/>-th element equal to <paramref name="element"/>
    /// (rank 1 = first match; a negative rank searches from the tail: -1 = last match), or -1 when
    /// there is none. <paramref name="maxLength"/> limits how many elements are compared (0 = all).
    /// </summary>
    /// <exception cref="MnemoException">A rank of 0, or a negative <paramref name="maxLength"/>.</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long ListPosition(MnemoKey key, MnemoValue element, long rank = 1, long maxLength = 0);

    /// <summary>
    /// LPOS ... COUNT: the indices of up to <paramref name="count"/> matching elements (0 = all),
    /// starting with the <paramref name="rank"/>-th match, in the order they were found. Empty when
    /// there is none or the key does not exist.
    /// </summary>
    /// <exception cref="MnemoException">A rank of 0, or a negative count or <paramref name="maxLength"/>.</exception>
    /// <exception cref="MnemoWrongTypeException">The key holds another type.</exception>
    long[] ListPositions(MnemoKey key, MnemoValue element, long count, long rank = 1, long maxLength = 0);

    /// <summary>
    /// LMOVE: atomically pops an element from <paramref name="sourceSide"/> of
    /// <paramref name="source"/> and pushes it onto <paramref name="destinationSide"/> of
    /// <paramref name="destination"/> (which may be the same key: a rotation). Returns the element,
    /// or <see cref="MnemoValue.Null"/> when the source does not exist (nothing changes).
    /// </summary>
    /// <exception cref="MnemoWrongTypeException">The source, or the destination, holds another type; nothing changes.</exception>
    MnemoValue ListMove(MnemoKey source, MnemoKey destination, ListSide sourceSide, ListSide destinationSide);

    /// <summary>RPOPLPUSH: <see cref="ListMove"/> from the tail of <paramref name="source"/> to the head of <paramref name="destination"/>.</summary>
    /// <exception cref="MnemoWrongTypeException">The source, or the destination, holds another type.</exception>
    MnemoValue ListRightPopLeftPush(MnemoKey source, MnemoKey destination);

    /// <summary>
    /// BLPOP: pops the first element of the first non-empty list of <paramref name="keys"/>, waiting
    /// up to <paramref name="timeout"/> for one to be pushed (<see cref="TimeSpan.Zero"/> waits
    /// forever, as Redis's 0). Returns the key and the element, or null on timeout. Readers blocked
    /// on a key are served in the order they started waiting. Inside a transaction it does not wait.
    /// </summary>
    /// <exception cref="MnemoException">A negative timeout (<c>ERR timeout is negative</c>).</exception>
    /// <exception cref="MnemoWrongTypeException">A key holds another type.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    Task<KeyValuePair<MnemoKey, MnemoValue>?> ListBlockingLeftPopAsync(MnemoKey[] keys, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>BRPOP: as <see cref="ListBlockingLeftPopAsync"/>, popping the last element.</summary>
    /// <exception cref="MnemoException">A negative timeout.</exception>
    /// <exception cref="MnemoWrongTypeException">A key holds another type.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    Task<KeyValuePair<MnemoKey, MnemoValue>?> ListBlockingRightPopAsync(MnemoKey[] keys, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// BLMOVE: <see cref="ListMove"/>, waiting up to <paramref name="timeout"/> for the source to get
    /// an element (<see cref="TimeSpan.Zero"/> waits forever). Returns the moved element, or
    /// <see cref="MnemoValue.Null"/> on timeout.
    /// </summary>
    /// <exception cref="MnemoException">A negative timeout.</exception>
    /// <exception cref="MnemoWrongTypeException">The source or the destination holds another type.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    Task<MnemoValue> ListBlockingMoveAsync(MnemoKey source, MnemoKey destination, ListSide sourceSide, ListSide destinationSide, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>BRPOPLPUSH: <see cref="ListBlockingMoveAsync"/> from the tail of <paramref name="source"/> to the head of <paramref name="destination"/>.</summary>
    /// <exception cref="MnemoException">A negative timeout.</exception>
    /// <exception cref="MnemoWrongTypeException">The source or the destination holds another type.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    Task<MnemoValue> ListBlockingRightPopLeftPushAsync(MnemoKey source, MnemoKey destination, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// BLMPOP: <see cref="ListLeftPop(MnemoKey[], long)"/> / <see cref="ListRightPop(MnemoKey[], long)"/>,
    /// waiting up to <paramref name="timeout"/> for one of the keys to get elements
    /// (<see cref="TimeSpan.Zero"/> waits forever). Null on timeout.
    /// </summary>
    /// <exception cref="MnemoException">No keys, a count below 1, or a negative timeout.</exception>
    /// <exception cref="MnemoWrongTypeException">A key holds another type.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    Task<ListPopResult?> ListBlockingPopAsync(MnemoKey[] keys, ListSide side, long count, TimeSpan timeout, CancellationToken cancellationToken = default);
}
