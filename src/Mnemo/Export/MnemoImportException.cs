namespace Mnemo;

/// <summary>
/// An import file is malformed (or names a key that exists, with <see cref="ImportMode.Fail"/>).
/// The message names the line and what is wrong there; nothing was imported.
/// </summary>
public sealed class MnemoImportException : MnemoException
{
    /// <summary>Creates the exception for <paramref name="problem"/> on line <paramref name="lineNumber"/> (1-based).</summary>
    public MnemoImportException(long lineNumber, string problem)
        : base($"line {lineNumber}: {problem}")
    {
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public MnemoImportException(long lineNumber, string problem, Exception innerException)
        : base($"line {lineNumber}: {problem}", innerException)
    {
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The 1-based line number of the offending line.</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong on that line.</summary>
    public string Problem { get; }
}
