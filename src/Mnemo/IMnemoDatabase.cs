namespace Mnemo;

/// <summary>
/// One numbered database of a store, with Redis's commands as typed, synchronous methods (named
/// as StackExchange.Redis names them: <c>StringSet</c>, <c>ListLeftPush</c>, <c>HashGet</c>, ...).
/// Thread-safe; every method is atomic. Values returned are copies. Errors are
/// <see cref="MnemoException"/>s carrying Redis's error text; a wrong type is a
/// <see cref="MnemoWrongTypeException"/>. The members are grouped by family in partial files.
/// </summary>
public partial interface IMnemoDatabase
{
    /// <summary>This database's number.</summary>
    int Database { get; }

    /// <summary>
    /// Creates a transaction over <paramref name="keys"/>: run it with
    /// <see cref="MnemoTransaction.Execute(Action{IMnemoDatabase})"/>. With no keys (and no
    /// watched keys) the transaction locks the whole database.
    /// </summary>
    MnemoTransaction CreateTransaction(params MnemoKey[] keys);
}
