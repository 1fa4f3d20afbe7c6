namespace Mnemo;

/// <summary>
/// An operation was refused: bad arguments, a value that is not a number, an overflow, a range
/// or option combination Redis rejects. <see cref="Exception.Message"/> is Redis's exact error
/// text (for example <c>ERR value is not an integer or out of range</c>), so the server can send
/// it unchanged. Nothing stored was changed by the failed operation.
/// </summary>
/// <example>
/// <code>
/// try { db.StringIncrement("name"); }
/// catch (MnemoException e) { Console.WriteLine(e.Message); } // ERR value is not an integer or out of range
/// </code>
/// </example>
public class MnemoException : Exception
{
    /// <summary>Creates an exception with Redis's error text.</summary>
    public MnemoException(string message) : base(message)
    {
    }

    /// <summary>Creates an exception with Redis's error text and an inner cause.</summary>
    public MnemoException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with a generic message.</summary>
    public MnemoException() : base(RedisErrors.Syntax)
    {
    }
}

/// <summary>
/// The key holds a value of another type than the operation needs (Redis's <c>WRONGTYPE</c> error).
/// </summary>
public sealed class MnemoWrongTypeException : MnemoException
{
    /// <summary>Creates the exception with Redis's <c>WRONGTYPE</c> text.</summary>
    public MnemoWrongTypeException() : base(RedisErrors.WrongType)
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public MnemoWrongTypeException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a custom message and an inner cause.</summary>
    public MnemoWrongTypeException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
