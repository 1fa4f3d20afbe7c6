using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Text;

namespace Mnemo;

/// <summary>
/// A key: binary-safe bytes, written as a <see cref="string"/> (UTF-8) or a <see cref="byte"/> array.
/// Implicit conversions let every API take either form: <c>db.StringGet("user:1")</c> or
/// <c>db.StringGet(new byte[] { 1, 2 })</c>. The store never keeps a reference to a caller's array.
/// </summary>
public readonly struct MnemoKey : IEquatable<MnemoKey>
{
    /// <summary>Longest key a stack buffer holds before encoding falls back to a pooled array.</summary>
    internal const int StackLimit = 256;

    private readonly object? _value; // string or byte[]

    /// <summary>A key made of the UTF-8 bytes of <paramref name="key"/>.</summary>
    public MnemoKey(string key) => _value = key ?? throw new ArgumentNullException(nameof(key));

    /// <summary>A key made of <paramref name="key"/>'s bytes.</summary>
    public MnemoKey(byte[] key) => _value = key ?? throw new ArgumentNullException(nameof(key));

    /// <summary>Converts a string (UTF-8) to a key.</summary>
    public static implicit operator MnemoKey(string key) => new(key);

    /// <summary>Converts bytes to a key.</summary>
    public static implicit operator MnemoKey(byte[] key) => new(key);

    /// <summary>The key as bytes (a new array).</summary>
    public byte[] ToArray() => _value switch
    {
        string s => Encoding.UTF8.GetBytes(s),
        byte[] b => (byte[])b.Clone(),
        _ => throw NullKey(),
    };

    /// <summary>The key decoded as UTF-8.</summary>
    public override string ToString() => _value switch
    {
        string s => s,
        byte[] b => Encoding.UTF8.GetString(b),
        _ => string.Empty,
    };

    /// <inheritdoc/>
    public bool Equals(MnemoKey other)
    {
        if (_value is string a && other._value is string b)
        {
            return a == b;
        }
        return ToArray().AsSpan().SequenceEqual(other.ToArray());
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MnemoKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => KeyHash.Compute(ToArray());

    /// <summary>Content equality.</summary>
    public static bool operator ==(MnemoKey left, MnemoKey right) => left.Equals(right);

    /// <summary>Content inequality.</summary>
    public static bool operator !=(MnemoKey left, MnemoKey right) => !left.Equals(right);

    /// <summary>Creates a key from a string (for languages without implicit conversions).</summary>
    public static MnemoKey FromString(string key) => new(key);

    internal EncodedBytes Encode(Span<byte> scratch) =>
        TryGetBytes(scratch, out var bytes) ? new EncodedBytes(bytes, null) : EncodeUtf8((string)_value!, scratch);

    /// <summary>
    /// The key's bytes when they need no UTF-8 encoder and no pooled array: a byte-array key's own
    /// array, or an ASCII string narrowed into <paramref name="scratch"/>. Returns false for a
    /// string that is not ASCII or does not fit; the caller then uses <see cref="Encode"/>. Lets
    /// GET skip the try/finally that returning a rented array needs.
    /// </summary>
    internal bool TryGetBytes(Span<byte> scratch, out ReadOnlySpan<byte> bytes)
    {
        // The string case first: a string is an exact type check, while `is byte[]` is a cast
        // helper call (array covariance lets an sbyte[] pass as byte[]). Only the two constructors
        // above set _value, so anything else non-null is a byte[].
        if (_value is string s)
        {
            // Most keys are ASCII, and narrowing them is a fraction of the work of a UTF-8 encoder.
            if (AsciiKey.TryNarrow(s, scratch))
            {
                bytes = scratch[..s.Length];
                return true;
            }
            bytes = default;
            return false;
        }
        Debug.Assert(_value is null or byte[]);
        bytes = _value is null ? throw NullKey() : Unsafe.As<byte[]>(_value);
        return true;
    }

    /// <summary>
    /// <see cref="TryGetBytes(Span{byte}, out ReadOnlySpan{byte})"/> that also returns the key's
    /// <see cref="KeyHash"/>, computed while an ASCII string is narrowed (one pass over the key).
    /// </summary>
    internal bool TryGetBytes(Span<byte> scratch, out ReadOnlySpan<byte> bytes, out int hash)
    {
        if (_value is string s)
        {
            if (KeyHash.TryComputeAscii(s, scratch, out hash))
            {
                bytes = scratch[..s.Length];
                return true;
            }
            bytes = default;
            return false;
        }
        Debug.Assert(_value is null or byte[]);
        bytes = _value is null ? throw NullKey() : Unsafe.As<byte[]>(_value);
        hash = KeyHash.Compute(bytes);
        return true;
    }

    private static EncodedBytes EncodeUtf8(string s, Span<byte> scratch)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (max <= scratch.Length)
        {
            int n = Encoding.UTF8.GetBytes(s, scratch);
            return new EncodedBytes(scratch[..n], null);
        }
        var rented = ArrayPool<byte>.Shared.Rent(max);
        int written = Encoding.UTF8.GetBytes(s, rented);
        return new EncodedBytes(rented.AsSpan(0, written), rented);
    }

    /// <summary>The key's bytes without copying a byte-array key (the caller must not keep it).</summary>
    internal byte[] Bytes() => _value as byte[] ?? ToArray();

    private static ArgumentException NullKey() => new("A key must not be null (default(MnemoKey)).");
}
