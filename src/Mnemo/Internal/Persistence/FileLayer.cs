using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mnemo.Internal.Persistence;

/// <summary>
/// The file operations persistence needs, in one place, so that failure tests can wrap them (a
/// failed write, a failed fsync, a full disk). Production uses <see cref="PhysicalFileLayer"/>.
/// </summary>
internal interface IFileLayer
{
    /// <summary>Creates (or truncates) a file for writing.</summary>
    IDurableFile Create(string path);

    /// <summary>Opens an existing file for appending.</summary>
    IDurableFile OpenAppend(string path);

    Stream OpenRead(string path);

    /// <summary>Atomically replaces <paramref name="destination"/> with <paramref name="source"/>.</summary>
    void Rename(string source, string destination);

    void Delete(string path);

    /// <summary>Cuts a file to <paramref name="length"/> bytes and makes that durable.</summary>
    void Truncate(string path, long length);

    /// <summary>Makes the directory's entries (creations, renames, deletions) durable.</summary>
    void SyncDirectory(string directory);
}

/// <summary>A file being written: every <see cref="Write"/> reaches the operating system before it returns.</summary>
internal interface IDurableFile : IDisposable
{
    string Path { get; }

    long Length { get; }

    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>fsync: the file's data is on stable storage when this returns.</summary>
    void Sync();
}

/// <summary>Real files: unbuffered <see cref="FileStream"/>s (a write is a system call) and real fsyncs.</summary>
internal sealed partial class PhysicalFileLayer : IFileLayer
{
    public static readonly PhysicalFileLayer Instance = new();

    public IDurableFile Create(string path) =>
        new PhysicalFile(path, File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.Read), 0);

    public IDurableFile OpenAppend(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        return new PhysicalFile(path, handle, RandomAccess.GetLength(handle));
    }

    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 16);

    public void Rename(string source, string destination) => File.Move(source, destination, overwrite: true);

    public void Delete(string path) => File.Delete(path);

    public void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        stream.SetLength(length);
        stream.Flush(flushToDisk: true);
    }

    public void SyncDirectory(string directory)
    {
        // .NET cannot open a directory as a file on Unix, so fsync(2) it through libc. Windows has
        // no directory fsync; NTFS journals its metadata.
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        int fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>
    /// Positional writes (pwrite) and fsync on a raw handle: one thread appends while another may
    /// fsync what was written before (group commit), which a FileStream does not allow.
    /// </summary>
    private sealed class PhysicalFile(string path, SafeFileHandle handle, long length) : IDurableFile
    {
        private long _length = length;

        public string Path => path;

        public long Length => Volatile.Read(ref _length);

        public void Write(ReadOnlySpan<byte> bytes)
        {
            RandomAccess.Write(handle, bytes, _length);
            Volatile.Write(ref _length, _length + bytes.Length);
        }

        public void Sync() => RandomAccess.FlushToDisk(handle);

        public void Dispose() => handle.Dispose();
    }
}
