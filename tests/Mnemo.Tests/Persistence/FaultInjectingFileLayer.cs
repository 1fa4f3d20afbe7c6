using Mnemo.Internal.Persistence;

namespace Mnemo.Tests.Persistence;

/// <summary>
/// Real files with switchable failures: every write, every fsync, or "disk full" (writes and file
/// creation fail with ENOSPC's message). Failure tests only; everything else uses the real layer.
/// </summary>
internal sealed class FaultInjectingFileLayer : IFileLayer
{
    private readonly IFileLayer _inner = PhysicalFileLayer.Instance;

    public volatile bool FailWrites;
    public volatile bool FailSyncs;
    public volatile bool DiskFull;

    public int InjectedFailures;

    public void Heal() => FailWrites = FailSyncs = DiskFull = false;

    public IDurableFile Create(string path)
    {
        if (DiskFull)
        {
            Interlocked.Increment(ref InjectedFailures);
            throw new IOException("No space left on device : '" + path + "'");
        }
        return new Faulty(this, _inner.Create(path));
    }

    public IDurableFile OpenAppend(string path) => new Faulty(this, _inner.OpenAppend(path));

    public Stream OpenRead(string path) => _inner.OpenRead(path);

    public void Rename(string source, string destination) => _inner.Rename(source, destination);

    public void Delete(string path) => _inner.Delete(path);

    public void Truncate(string path, long length) => _inner.Truncate(path, length);

    public void SyncDirectory(string directory)
    {
        if (FailSyncs)
        {
            Interlocked.Increment(ref InjectedFailures);
            throw new IOException("Input/output error (injected directory fsync failure)");
        }
        _inner.SyncDirectory(directory);
    }

    private sealed class Faulty(FaultInjectingFileLayer layer, IDurableFile inner) : IDurableFile
    {
        public string Path => inner.Path;

        public long Length => inner.Length;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            if (layer.DiskFull)
            {
                Interlocked.Increment(ref layer.InjectedFailures);
                throw new IOException("No space left on device");
            }
            if (layer.FailWrites)
            {
                Interlocked.Increment(ref layer.InjectedFailures);
                throw new IOException("Input/output error (injected write failure)");
            }
            inner.Write(bytes);
        }

        public void Sync()
        {
            if (layer.FailSyncs)
            {
                Interlocked.Increment(ref layer.InjectedFailures);
                throw new IOException("Input/output error (injected fsync failure)");
            }
            inner.Sync();
        }

        public void Dispose() => inner.Dispose();
    }
}
