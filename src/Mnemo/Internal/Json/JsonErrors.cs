namespace Mnemo.Internal.Json;

/// <summary>
/// RedisJSON's error texts (JSON.* commands). RedisJSON sends a few without an error code; Mnemo
/// always starts an error with one (<c>ERR</c>), as every other reply of the server does.
/// </summary>
internal static class JsonErrors
{
    public const string NewObjectsAtRoot = "ERR new objects must be created at the root";
    public const string NonexistentKey = "ERR could not perform this operation on a key that doesn't exist";
    public const string IndexOutOfBounds = "ERR index out of bounds";
    public const string ArrayIndexOutOfRange = "ERR array index out of range";
    public const string WrongStaticPath = "ERR wrong static path";
    public const string ResultNotNumber = "ERR result is not a number";
    public const string BadInputNumber = "ERR bad input number";

    /// <summary><c>ERR Path '$.a' does not exist</c>.</summary>
    public static MnemoException PathMissing(string path) => new($"ERR Path '{path}' does not exist");

    /// <summary><c>ERR Path '$.a' does not exist or not an array</c> (and the other "or" forms).</summary>
    public static MnemoException PathMissingOr(string path, string or) => new($"ERR Path '{path}' does not exist or {or}");

    /// <summary><c>WRONGTYPE wrong type of path value - expected string but found integer</c>.</summary>
    public static MnemoException Expected(string expected, string found) =>
        new($"WRONGTYPE wrong type of path value - expected {expected} but found {found}");
}
