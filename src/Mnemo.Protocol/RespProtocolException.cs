namespace Mnemo.Protocol;

/// <summary>
/// Malformed RESP framing. The <see cref="Exception.Message"/> is Redis's exact text
/// (for example <c>Protocol error: invalid bulk length</c>); a server replies with
/// <c>-ERR </c> followed by the message and closes the connection, as Redis does.
/// </summary>
public sealed class RespProtocolException : Exception
{
    /// <summary>Creates the exception with Redis's error text.</summary>
    /// <param name="message">The error text, without the <c>ERR </c> prefix.</param>
    public RespProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an empty message.</summary>
    public RespProtocolException()
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The error text.</param>
    /// <param name="innerException">The cause.</param>
    public RespProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
