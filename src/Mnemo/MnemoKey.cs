using System.Buffers;
using System.Text;
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
    public override int GetHashCode() => Internal.Keyspace.KeyHash.Compute(ToArray());

    /// <summary>Content equality.</summary>
    public static bool operator ==(MnemoKey left, MnemoKey right) => left.Equals(right);

    /// <summary>Content inequality.</summary>
    public static bool operator !=(MnemoKey left, MnemoKey right) => !left.Equals(right);

    /// <summary>Creates a key from a string (for languages without implicit conversions).</summary>
    public static MnemoKey FromString(string key) => new(key);

    internal EncodedBytes Encode(Span<byte> scratch)
    {
        switch (_value)
        {
            case byte[] bytes:
                return new EncodedBytes(bytes, null);
            case string s:
                int max = Encoding.UTF8.GetMaxByteCount(s.Length);
                if (max <= scratch.Length)
                {
                    int n = Encoding.UTF8.GetBytes(s, scratch);
                    return new EncodedBytes(scratch[..n], null);
                }
                var rented = ArrayPool<byte>.Shared.Rent(max);
                int written = Encoding.UTF8.GetBytes(s, rented);
                return new EncodedBytes(rented.AsSpan(0, written), rented);
            default:
                throw NullKey();
        }
    }

    /// <summary>The key's bytes without copying a byte-array key (the caller must not keep it).</summary>
    internal byte[] Bytes() => _value as byte[] ?? ToArray();

    private static ArgumentException NullKey() => new("A key must not be null (default(MnemoKey)).");
}
