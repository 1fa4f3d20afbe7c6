namespace Mnemo.Changes;

/// <summary>
/// The effect of a write, as recorded in the change stream. Effects are deterministic: replaying
/// them in order on the state they were recorded against reproduces the state exactly (expiries
/// are absolute times, random pops are recorded as the removal of what was popped, computed
/// results such as INCR are recorded as the value they produced).
/// Arguments are listed per effect; integers are 8-byte little-endian arguments.
/// </summary>
public enum ChangeOp : byte
{
    /// <summary>key, value, expiresAt (Unix ms, 0 = none): the string value replaces whatever the key held.</summary>
    StringSet = 1,
    /// <summary>key, bytes: appended to a string (created when absent).</summary>
    StringAppend = 2,
    /// <summary>key, offset, bytes: SETRANGE (zero-padded, created when absent).</summary>
    StringSetRange = 3,
    /// <summary>key: the key is removed.</summary>
    Delete = 10,
    /// <summary>key, expiresAt (Unix ms; 0 removes the expiry).</summary>
    Expire = 11,
    /// <summary>key, newKey: RENAME (the destination is overwritten, the expiry moves with the value).</summary>
    Rename = 12,
    /// <summary>key, destinationDb, destinationKey, replace (0/1): COPY.</summary>
    Copy = 13,
    /// <summary>otherDb: SWAPDB with the record's database.</summary>
    SwapDb = 14,
    /// <summary>(no arguments): FLUSHDB of the record's database.</summary>
    FlushDb = 15,
    /// <summary>(no arguments): FLUSHALL.</summary>
    FlushAll = 16,
    /// <summary>key, left (0/1), values...: push in argument order.</summary>
    ListPush = 20,
    /// <summary>key, left (0/1), count.</summary>
    ListPop = 21,
    /// <summary>key, index, value.</summary>
    ListSet = 22,
    /// <summary>key, after (0/1), pivot, value.</summary>
    ListInsert = 23,
    /// <summary>key, count, value: LREM.</summary>
    ListRemove = 24,
    /// <summary>key, start, stop: LTRIM.</summary>
    ListTrim = 25,
    /// <summary>key, members...</summary>
    SetAdd = 30,
    /// <summary>key, members...</summary>
    SetRemove = 31,
    /// <summary>key, field, value, field, value...</summary>
    HashSet = 40,
    /// <summary>key, fields...</summary>
    HashDelete = 41,
    /// <summary>key, score (8-byte double), member, score, member...: absolute scores.</summary>
    SortedSetAdd = 50,
    /// <summary>key, members...</summary>
    SortedSetRemove = 51,
    /// <summary>key, document (UTF-8 JSON): the JSON document the key holds after the write (its expiry is kept).</summary>
    JsonSet = 60,
}
