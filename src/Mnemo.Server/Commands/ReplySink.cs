using System.Buffers.Binary;
using Mnemo.Internal.Keyspace;
using Mnemo.Protocol;

namespace Mnemo.Server.Commands;

/// <summary>
/// Collects the elements an engine read hands over under the shard lock (LRANGE) into one reused
/// buffer, then writes them as an array reply of bulk strings after the lock is released. The read
/// allocates nothing, and the lock is held for a copy of the bytes only, not for the RESP framing:
/// writing the reply under the lock made the other event loop wait for it ~30 times as often.
/// One per connection (<see cref="CommandContext"/>).
/// </summary>
internal sealed class ReplySink : IElementSink
{
    // A buffer grown past this by one big read is dropped after it, not kept by the connection
    // (Redis keeps a 16 KiB reply buffer per client): 10,000 idle connections hold at most 160 MiB,
    // and one that never reads a range holds nothing.
    private const int RetainedBytes = 16 * 1024;

    private byte[] _buffer = [];
    private int _used;
    private int _count;

    public void Begin(int count)
    {
        _used = 0;
        _count = count;
    }

    public void Element(ReadOnlySpan<byte> element)
    {
        int needed = _used + sizeof(int) + element.Length;
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(Math.Max(needed, 256), _buffer.Length * 2));
        }
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), element.Length);
        element.CopyTo(_buffer.AsSpan(_used + sizeof(int)));
        _used = needed;
    }

    /// <summary>Writes what was collected as an array reply (call after the read returned).</summary>
    public void WriteTo(RespWriter reply)
    {
        reply.WriteArrayHeader(_count);
        var data = _buffer.AsSpan(0, _used);
        while (!data.IsEmpty)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(data);
            reply.WriteBulkString(data.Slice(sizeof(int), length));
            data = data[(sizeof(int) + length)..];
        }
        if (_buffer.Length > RetainedBytes)
        {
            _buffer = [];
        }
        _used = 0;
    }
}
