namespace Mnemo;

public partial interface IMnemoDatabase
{
    /// <summary>DEL: removes the key, whatever its type. Returns true when it existed.</summary>
    bool KeyDelete(MnemoKey key);

    /// <summary>DEL: removes the keys atomically; returns how many existed (a repeated key counts once).</summary>
    long KeyDelete(params MnemoKey[] keys);

    /// <summary>UNLINK: the same as <see cref="KeyDelete(MnemoKey[])"/> (memory is reclaimed by the garbage collector either way).</summary>
    long KeyUnlink(params MnemoKey[] keys);

    /// <summary>EXISTS: true when the key exists (and has not expired).</summary>
    bool KeyExists(MnemoKey key);

    /// <summary>EXISTS with several keys: how many of them exist; a key given twice is counted twice.</summary>
    long KeyExists(params MnemoKey[] keys);

    /// <summary>TYPE: the type of the key's value, or <see cref="MnemoType.None"/> when it does not exist.</summary>
    MnemoType KeyType(MnemoKey key);

    /// <summary>TOUCH: true when the key exists (marking it as recently used).</summary>
    bool KeyTouch(MnemoKey key);

    /// <summary>TOUCH with several keys: how many of them exist; a key given twice is counted twice.</summary>
    long KeyTouch(params MnemoKey[] keys);

    /// <summary>
    /// RENAME (<see cref="When.Always"/>) or RENAMENX (<see cref="When.NotExists"/>): moves the value
    /// and its expiry to <paramref name="newKey"/>, overwriting whatever value of any type it held.
    /// Returns false only when <see cref="When.NotExists"/> finds <paramref name="newKey"/> taken.
    /// Renaming a key to itself succeeds (with <see cref="When.NotExists"/> it returns false).
    /// </summary>
    /// <exception cref="MnemoException"><paramref name="key"/> does not exist (<c>ERR no such key</c>).</exception>
    /// <exception cref="ArgumentException"><paramref name="when"/> is <see cref="When.Exists"/>.</exception>
    bool KeyRename(MnemoKey key, MnemoKey newKey, When when = When.Always);

    /// <summary>
    /// COPY: copies the value and its expiry to <paramref name="destination"/>, in
    /// <paramref name="destinationDatabase"/> (-1: this database). The copy shares nothing with the
    /// source. Returns false when the source does not exist, or the destination exists and
    /// <paramref name="replace"/> is false.
    /// </summary>
    /// <exception cref="MnemoException">
    /// Same database and same key (<c>ERR source and destination objects are the same</c>), or the
    /// database index is out of range (<c>ERR DB index is out of range</c>).
    /// </exception>
    bool KeyCopy(MnemoKey source, MnemoKey destination, int destinationDatabase = -1, bool replace = false);

    /// <summary>
    /// KEYS: every key matching the glob-style <paramref name="pattern"/> (<c>*</c>, <c>?</c>,
    /// <c>[abc]</c>, <c>[^a-z]</c>, <c>\</c> escapes; null: all keys). It visits the whole database:
    /// prefer <see cref="KeyScan"/> or <see cref="EnumerateKeys"/> on large databases.
    /// </summary>
    MnemoKey[] Keys(MnemoValue pattern = default);

    /// <summary>
    /// SCAN: one step of an incremental iteration. Start with cursor 0 and pass each returned cursor
    /// back until it is 0 again. Every key present for the whole iteration is returned at least once
    /// (possibly more than once); keys added or removed meanwhile may or may not be.
    /// </summary>
    /// <param name="cursor">0 to start, then the previous result's <see cref="KeyScanResult.Cursor"/>.</param>
    /// <param name="pattern">MATCH: a glob-style filter (null: all keys).</param>
    /// <param name="count">COUNT: about how many keys to examine in this step (a hint; filters apply afterwards).</param>
    /// <param name="type">TYPE: only keys of this type (null: any).</param>
    /// <exception cref="MnemoException"><paramref name="count"/> is less than 1 (<c>ERR syntax error</c>).</exception>
    KeyScanResult KeyScan(ulong cursor, MnemoValue pattern = default, int count = 10, MnemoType? type = null);

    /// <summary>
    /// A whole SCAN iteration as a lazy sequence (calls <see cref="KeyScan"/> page by page, holding no
    /// lock between pages). A key may appear more than once if the database was resized meanwhile.
    /// </summary>
    IEnumerable<MnemoKey> EnumerateKeys(MnemoValue pattern = default, int pageSize = 10, MnemoType? type = null);

    /// <summary>RANDOMKEY: a random key, or null when the database is empty.</summary>
    MnemoKey? KeyRandom();

    /// <summary>DBSIZE: the number of keys (keys that expired but were not yet reclaimed may still be counted, as in Redis).</summary>
    long DatabaseSize();

    /// <summary>
    /// FLUSHDB: removes every key of this database. Inside a transaction it needs the whole database
    /// locked (a transaction created without keys); it is then undone with the rest if the body throws.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called inside a transaction over some keys only.</exception>
    void FlushDatabase();
}
