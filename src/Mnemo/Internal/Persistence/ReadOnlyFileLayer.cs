namespace Mnemo.Internal.Persistence;

/// <summary>
/// The physical file layer with every change refused or left undone: recovery through it reads a
/// data directory without writing to it. Cutting a torn journal tail is not done (the torn record
/// is ignored all the same, as recovery stops reading there).
/// </summary>
internal sealed class ReadOnlyFileLayer : IFileLayer
{
    public static readonly ReadOnlyFileLayer Instance = new();

    public IDurableFile Create(string path) => throw ReadOnly(path);

    public IDurableFile OpenAppend(string path) => throw ReadOnly(path);

    public Stream OpenRead(string path) => PhysicalFileLayer.Instance.OpenRead(path);

    public void Rename(string source, string destination) => throw ReadOnly(destination);

    public void Delete(string path)
    {
    }

    public void Truncate(string path, long length)
    {
    }

    public void SyncDirectory(string directory)
    {
    }

    private static InvalidOperationException ReadOnly(string path) =>
        new($"Read-only recovery must not write '{path}'.");
}
