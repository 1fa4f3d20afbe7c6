using System.Buffers;

namespace Mnemo.Internal.Text;

/// <summary>
/// Bytes of a key or value encoded for one call: in caller-provided stack scratch when they fit,
/// otherwise in a pooled array returned on <see cref="Dispose"/>.
/// </summary>
internal ref struct EncodedBytes
{
    private byte[]? _rented;

    public EncodedBytes(ReadOnlySpan<byte> span, byte[]? rented)
    {
        Span = span;
        _rented = rented;
    }

    public ReadOnlySpan<byte> Span { get; }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
