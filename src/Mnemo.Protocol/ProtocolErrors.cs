using System.Diagnostics.CodeAnalysis;

namespace Mnemo.Protocol;

/// <summary>Redis's protocol error texts (networking.c) and the helpers that throw them.</summary>
internal static class ProtocolErrors
{
    public const string InvalidMultibulkLength = "Protocol error: invalid multibulk length";
    public const string InvalidBulkLength = "Protocol error: invalid bulk length";
    public const string TooBigInlineRequest = "Protocol error: too big inline request";
    public const string UnbalancedQuotes = "Protocol error: unbalanced quotes in request";
    public const string TooBigMultibulkCount = "Protocol error: too big mbulk count string";
    public const string TooBigBulkCount = "Protocol error: too big bulk count string";

    /// <summary>Not a Redis text: a command whose arguments cannot be buffered in one .NET array.</summary>
    public const string CommandTooLarge = "Protocol error: command too large";

    [DoesNotReturn]
    public static void Throw(string message) => throw new RespProtocolException(message);

    /// <summary>
    /// <c>Protocol error: expected '$', got 'X'</c>. Redis formats the byte with <c>%c</c> and then
    /// maps CR and LF in error replies to spaces, so a stray CR reads <c>got ' '</c>.
    /// </summary>
    [DoesNotReturn]
    public static void ThrowExpectedDollar(byte got)
    {
        char c = got is (byte)'\r' or (byte)'\n' ? ' ' : (char)got;
        throw new RespProtocolException("Protocol error: expected '$', got '" + c + "'");
    }
}
