using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Mnemo.Protocol;

/// <summary>
/// One request read by <see cref="RespRequestReader"/>: its arguments (the command name first).
/// Reused from request to request: create one per connection and dispose it with the connection.
/// </summary>
/// <remarks>
/// An argument is a slice of the buffer that was passed to
/// <see cref="RespRequestReader.TryRead(ref ReadOnlySequence{byte}, RespCommand)"/> when it lies in
/// one segment, and otherwise (or for inline requests, which are unescaped) a slice of a pooled
/// buffer that the command owns. Arguments are therefore valid until the input buffer is released
/// (<c>PipeReader.AdvanceTo</c>) or the next request is read into this command, whichever comes first.
/// </remarks>
public sealed class RespCommand : IDisposable
{
    private const int DefaultArgCapacity = 16;
    private const int RetainedArgCapacity = 4096;
    private const int RetainedScratchBytes = 1024 * 1024;

    private ReadOnlyMemory<byte>[] _args = new ReadOnlyMemory<byte>[DefaultArgCapacity];
    private byte[] _scratch = [];
    private int _count;

    /// <summary>The number of arguments, the command name included (at least 1 once read).</summary>
    public int Count => _count;

    /// <summary>True when the request came in the inline form (a line of words, as telnet sends).</summary>
    public bool IsInline { get; private set; }

    /// <summary>The argument at <paramref name="index"/> (0 is the command name).</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    public ReadOnlySpan<byte> this[int index] => GetMemory(index).Span;

    /// <summary>The argument at <paramref name="index"/> as memory (see the remarks on lifetime).</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    /// <returns>The argument's bytes.</returns>
    public ReadOnlyMemory<byte> GetMemory(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            ThrowIndex(index);
        }
        return _args[index];
    }

    /// <summary>
    /// Compares an argument with an ASCII keyword, ignoring ASCII case: <c>cmd.EqualsIgnoreCase(0, "GET"u8)</c>.
    /// </summary>
    /// <param name="index">The argument's index.</param>
    /// <param name="keyword">The keyword, in any case.</param>
    /// <returns>True when they are equal ignoring ASCII case.</returns>
    public bool EqualsIgnoreCase(int index, ReadOnlySpan<byte> keyword) =>
        Ascii.EqualsIgnoreCase(this[index], keyword);

    /// <summary>Copies the arguments into new arrays (for tests and diagnostics, not the hot path).</summary>
    /// <returns>One array per argument.</returns>
    public byte[][] ToArrays()
    {
        var result = new byte[_count][];
        for (int i = 0; i < _count; i++)
        {
            result[i] = _args[i].ToArray();
        }
        return result;
    }

    /// <summary>The arguments as UTF-8 text, space separated (diagnostics).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < _count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }
            sb.Append(Encoding.UTF8.GetString(_args[i].Span));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Makes this command hold the given arguments (referenced, not copied). The server replays
    /// the commands a client queued inside MULTI this way.
    /// </summary>
    /// <param name="arguments">The arguments, the command name first.</param>
    public void Load(IReadOnlyList<byte[]> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Begin(arguments.Count, inline: false);
        foreach (var argument in arguments)
        {
            Add(argument);
        }
    }

    /// <summary>Returns the pooled buffer. The command must not be used afterwards.</summary>
    public void Dispose()
    {
        _count = 0;
        _args = [];
        ReturnScratch();
    }

    internal void Begin(int expectedCount, bool inline)
    {
        _count = 0;
        IsInline = inline;
        if (_args.Length > RetainedArgCapacity && expectedCount <= RetainedArgCapacity)
        {
            _args = new ReadOnlyMemory<byte>[DefaultArgCapacity];
        }
        if (expectedCount > _args.Length)
        {
            Array.Resize(ref _args, Math.Max(expectedCount, _args.Length * 2));
        }
    }

    internal void Add(ReadOnlyMemory<byte> argument)
    {
        if (_count == _args.Length)
        {
            Array.Resize(ref _args, Math.Max(DefaultArgCapacity, _args.Length * 2));
        }
        _args[_count++] = argument;
    }

    /// <summary>The pooled buffer, at least <paramref name="size"/> bytes; previous contents are dropped.</summary>
    internal byte[] Scratch(int size)
    {
        if (_scratch.Length < size || (_scratch.Length > RetainedScratchBytes && size <= RetainedScratchBytes / 16))
        {
            ReturnScratch();
            _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(size, 256));
        }
        return _scratch;
    }

    private void ReturnScratch()
    {
        if (_scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = [];
        }
    }

    [DoesNotReturn]
    private void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"The command has {_count} arguments.");
}
