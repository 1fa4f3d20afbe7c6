namespace Mnemo;

/// <summary>
/// A persistence file is damaged: the store refuses to start rather than guess. The message names
/// the file and the byte offset; <c>mnemo check --repair</c> cuts the damage explicitly.
/// </summary>
public sealed class PersistenceDamageException : MnemoException
{
    /// <summary>Creates the exception for damage at <paramref name="offset"/> of <paramref name="path"/>.</summary>
    public PersistenceDamageException(string path, long offset, string problem)
        : base($"Damaged persistence file '{path}' at offset {offset}: {problem}.")
    {
        FilePath = path;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The damaged file.</summary>
    public string FilePath { get; }

    /// <summary>Byte offset of the first damaged record or header.</summary>
    public long Offset { get; }

    /// <summary>What is wrong there.</summary>
    public string Problem { get; }
}
