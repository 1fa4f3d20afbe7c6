using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Mnemo.Internal.Text;

namespace Mnemo;

/// <summary>
/// A value: binary-safe bytes, or nothing (<see cref="Null"/>, what Redis calls nil). Converts
/// implicitly from <see cref="string"/>, <see cref="byte"/> arrays, <see cref="long"/>,
/// <see cref="int"/> and <see cref="double"/>, and explicitly back, so
/// <c>db.StringSet("n", 42); long n = (long)db.StringGet("n");</c> works.
/// Values returned by the store own their bytes: changing them never changes stored data.
/// Values of up to <see cref="InlineCapacity"/> bytes are kept inside the struct itself, so reading
/// a short string (a flag, a counter, a short id) allocates nothing.
/// </summary>
public readonly struct MnemoValue : IEquatable<MnemoValue>
{
    /// <summary>
    /// The longest value kept inside the struct instead of in an array: the 14 bytes that fit beside
    /// the reference field without making the struct larger than its 24 bytes.
    /// </summary>
    public const int InlineCapacity = 14;

    private enum Form : byte { Null, Bytes, Text, Integer, Double, Inline }

    private readonly object? _ref; // byte[] or string
    private readonly long _number; // integer, double bits, or bytes 0-7 of an inline value
    private readonly int _inline8; // bytes 8-11 of an inline value
    private readonly ushort _inline12; // bytes 12-13 of an inline value
    private readonly Form _form;
    private readonly byte _inlineLength;

    private MnemoValue(object? reference, long number, Form form)
    {
        _ref = reference;
        _number = number;
        _form = form;
    }

    /// <summary>An inline value (at most <see cref="InlineCapacity"/> bytes).</summary>
    /// <remarks>
    /// Gathers the bytes with at most two overlapping word loads, without a stack buffer or a copy
    /// call, so that a GET that inlines this stays a straight line of loads.
    /// </remarks>
    private static MnemoValue Inline(ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian)
        {
            return BigEndianInline(bytes);
        }
        int length = bytes.Length;
        ref byte first = ref MemoryMarshal.GetReference(bytes);
        ulong low = 0, high = 0;
        if (length >= 8)
        {
            low = Unsafe.ReadUnaligned<ulong>(ref first);
            // Bytes 8.. are the top (length - 8) bytes of the eight that end the value.
            ulong last8 = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, length - 8));
            high = length == 8 ? 0 : last8 >> (8 * (16 - length));
        }
        else if (length >= 4)
        {
            // Two overlapping 4-byte loads; the bytes they share are equal, so OR joins them.
            ulong last4 = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref first, length - 4));
            low = Unsafe.ReadUnaligned<uint>(ref first) | (last4 << (8 * (length - 4)));
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                low |= (ulong)Unsafe.Add(ref first, i) << (8 * i);
            }
        }
        return new MnemoValue((long)low, (int)high, (ushort)(high >> 32), length);
    }

    /// <summary>No value (a missing key or field).</summary>
    public static MnemoValue Null => default;

    /// <summary>True when there is no value.</summary>
    public bool IsNull => _form == Form.Null;

    /// <summary>True when there is a value.</summary>
    public bool HasValue => _form != Form.Null;

    /// <summary>The inline form on big-endian machines, by a plain copy (kept out of <see cref="Inline"/>, whose word loads assume little-endian order).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MnemoValue BigEndianInline(ReadOnlySpan<byte> bytes)
    {
        Span<byte> padded = stackalloc byte[InlineCapacity];
        padded.Clear();
        bytes.CopyTo(padded);
        return new MnemoValue(
            MemoryMarshal.Read<long>(padded), MemoryMarshal.Read<int>(padded[8..]), MemoryMarshal.Read<ushort>(padded[12..]), bytes.Length);
    }

    private MnemoValue(long first8, int next4, ushort last2, int length)
    {
        _number = first8;
        _inline8 = next4;
        _inline12 = last2;
        _inlineLength = (byte)length;
        _form = Form.Inline;
    }

    /// <summary>A value holding a copy of <paramref name="bytes"/> (inside the struct when they fit, see <see cref="InlineCapacity"/>).</summary>
    public static MnemoValue FromBytes(ReadOnlySpan<byte> bytes)
    {
        return bytes.Length > InlineCapacity ? new(bytes.ToArray(), 0, Form.Bytes) : Inline(bytes);
    }

    /// <summary>Wraps an array the caller gives up (the store uses this for arrays it just copied).</summary>
    internal static MnemoValue Own(byte[]? bytes) => bytes is null ? Null : new(bytes, 0, Form.Bytes);

    /// <summary>Converts a string (UTF-8); null becomes <see cref="Null"/>.</summary>
    public static implicit operator MnemoValue(string? value) => value is null ? Null : new(value, 0, Form.Text);

    /// <summary>Converts bytes (copied when stored); null becomes <see cref="Null"/>.</summary>
    public static implicit operator MnemoValue(byte[]? value) => value is null ? Null : new(value, 0, Form.Bytes);

    /// <summary>Converts an integer (stored as its decimal text, compactly).</summary>
    public static implicit operator MnemoValue(long value) => new(null, value, Form.Integer);

    /// <summary>Converts an integer.</summary>
    public static implicit operator MnemoValue(int value) => new(null, value, Form.Integer);

    /// <summary>Converts a double (stored as its shortest round-trip text; infinities as <c>inf</c>/<c>-inf</c>).</summary>
    public static implicit operator MnemoValue(double value) => new(null, BitConverter.DoubleToInt64Bits(value), Form.Double);

    /// <summary>The value decoded as UTF-8; null for <see cref="Null"/>.</summary>
    public static explicit operator string?(MnemoValue value) => value.IsNull ? null : value.ToString();

    /// <summary>The value's bytes (a new array); null for <see cref="Null"/>.</summary>
    public static explicit operator byte[]?(MnemoValue value) => value.IsNull ? null : value.ToArray();

    /// <summary>The value as a 64-bit integer; throws <see cref="InvalidCastException"/> if it is not one.</summary>
    public static explicit operator long(MnemoValue value) =>
        value.TryParse(out long result) ? result : throw new InvalidCastException($"The value '{value}' is not a 64-bit integer.");

    /// <summary>The value as a 64-bit integer, or null for <see cref="Null"/>.</summary>
    public static explicit operator long?(MnemoValue value) => value.IsNull ? null : (long)value;

    /// <summary>The value as a 32-bit integer.</summary>
    public static explicit operator int(MnemoValue value) => checked((int)(long)value);

    /// <summary>The value as a double; throws <see cref="InvalidCastException"/> if it is not a number.</summary>
    public static explicit operator double(MnemoValue value) =>
        value.TryParse(out double result) ? result : throw new InvalidCastException($"The value '{value}' is not a number.");

    /// <summary>The value as a double, or null for <see cref="Null"/>.</summary>
    public static explicit operator double?(MnemoValue value) => value.IsNull ? null : (double)value;

    /// <summary>Parses the value as a 64-bit integer (Redis's strict decimal form).</summary>
    public bool TryParse(out long result)
    {
        switch (_form)
        {
            case Form.Integer:
                result = _number;
                return true;
            case Form.Null:
                result = 0;
                return false;
            default:
                Span<byte> scratch = stackalloc byte[32];
                using (var bytes = Encode(scratch))
                {
                    return NumberText.TryParseInt64(bytes.Span, out result);
                }
        }
    }

    /// <summary>Parses the value as a double (accepts <c>inf</c>, <c>-inf</c>, exponents).</summary>
    public bool TryParse(out double result)
    {
        switch (_form)
        {
            case Form.Integer:
                result = _number;
                return true;
            case Form.Double:
                result = BitConverter.Int64BitsToDouble(_number);
                return true;
            case Form.Null:
                result = 0;
                return false;
            default:
                Span<byte> scratch = stackalloc byte[64];
                using (var bytes = Encode(scratch))
                {
                    return NumberText.TryParseDouble(bytes.Span, out result);
                }
        }
    }

    /// <summary>Number of bytes of the value (0 for <see cref="Null"/>).</summary>
    public int Length
    {
        get
        {
            return _form switch
            {
                Form.Null => 0,
                Form.Bytes => ((byte[])_ref!).Length,
                Form.Inline => _inlineLength,
                Form.Text => Encoding.UTF8.GetByteCount((string)_ref!),
                _ => NumberLength(),
            };
        }
    }

    /// <summary>The value's bytes as a new array (empty for <see cref="Null"/>).</summary>
    public byte[] ToArray()
    {
        Span<byte> scratch = stackalloc byte[32];
        return _form switch
        {
            Form.Null => [],
            Form.Bytes => (byte[])((byte[])_ref!).Clone(),
            Form.Inline => scratch[..CopyInline(scratch)].ToArray(),
            Form.Text => Encoding.UTF8.GetBytes((string)_ref!),
            _ => scratch[..FormatNumber(scratch)].ToArray(),
        };
    }

    /// <summary>The value decoded as UTF-8 (an empty string for <see cref="Null"/>).</summary>
    public override string ToString()
    {
        Span<byte> scratch = stackalloc byte[InlineCapacity];
        return _form switch
        {
            Form.Null => string.Empty,
            Form.Text => (string)_ref!,
            Form.Bytes => Encoding.UTF8.GetString((byte[])_ref!),
            Form.Inline => Encoding.UTF8.GetString(scratch[..CopyInline(scratch)]),
            Form.Integer => _number.ToString(CultureInfo.InvariantCulture),
            _ => NumberText.FormatDouble(BitConverter.Int64BitsToDouble(_number)),
        };
    }

    /// <summary>Byte-wise equality; <see cref="Null"/> equals only <see cref="Null"/>.</summary>
    public bool Equals(MnemoValue other)
    {
        if (IsNull || other.IsNull)
        {
            return IsNull && other.IsNull;
        }
        if (_form == Form.Text && other._form == Form.Text)
        {
            return (string)_ref! == (string)other._ref!;
        }
        Span<byte> scratch = stackalloc byte[64];
        Span<byte> otherScratch = stackalloc byte[64];
        using var bytes = Encode(scratch);
        using var otherBytes = other.Encode(otherScratch);
        return bytes.Span.SequenceEqual(otherBytes.Span);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MnemoValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (IsNull)
        {
            return 0;
        }
        Span<byte> scratch = stackalloc byte[64];
        using var bytes = Encode(scratch);
        return Internal.Keyspace.KeyHash.Compute(bytes.Span);
    }

    /// <summary>Byte-wise equality.</summary>
    public static bool operator ==(MnemoValue left, MnemoValue right) => left.Equals(right);

    /// <summary>Byte-wise inequality.</summary>
    public static bool operator !=(MnemoValue left, MnemoValue right) => !left.Equals(right);

    /// <summary>
    /// The value's bytes when they need neither an encoder nor a pooled array: a byte-array value's
    /// own array, or an inline value copied into <paramref name="scratch"/> (at least
    /// <see cref="InlineCapacity"/> bytes). Returns false otherwise; the caller then uses <see cref="Encode"/>.
    /// </summary>
    internal bool TryGetBytes(Span<byte> scratch, out ReadOnlySpan<byte> bytes)
    {
        if (_form == Form.Bytes)
        {
            bytes = Unsafe.As<byte[]>(_ref!);
            return true;
        }
        if (_form == Form.Inline && scratch.Length >= InlineCapacity)
        {
            bytes = scratch[..CopyInline(scratch)];
            return true;
        }
        bytes = default;
        return false;
    }

    /// <summary>The bytes of this value for one call, in <paramref name="scratch"/> when they fit.</summary>
    internal EncodedBytes Encode(Span<byte> scratch)
    {
        switch (_form)
        {
            case Form.Bytes:
                return new EncodedBytes((byte[])_ref!, null);
            case Form.Inline:
                if (scratch.Length < InlineCapacity)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(InlineCapacity);
                    return new EncodedBytes(buffer.AsSpan(0, CopyInline(buffer)), buffer);
                }
                return new EncodedBytes(scratch[..CopyInline(scratch)], null);
            case Form.Text:
                var s = (string)_ref!;
                int max = Encoding.UTF8.GetMaxByteCount(s.Length);
                if (max <= scratch.Length)
                {
                    return new EncodedBytes(scratch[..Encoding.UTF8.GetBytes(s, scratch)], null);
                }
                var rented = ArrayPool<byte>.Shared.Rent(max);
                return new EncodedBytes(rented.AsSpan(0, Encoding.UTF8.GetBytes(s, rented)), rented);
            case Form.Integer:
            case Form.Double:
                if (scratch.Length < 32)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(32);
                    return new EncodedBytes(buffer.AsSpan(0, FormatNumber(buffer)), buffer);
                }
                return new EncodedBytes(scratch[..FormatNumber(scratch)], null);
            default:
                throw new ArgumentNullException(nameof(MnemoValue), "A value must not be null here.");
        }
    }

    /// <summary>True when the value came from an integer (lets SET store it int-encoded without parsing).</summary>
    internal bool IsInteger(out long value)
    {
        value = _number;
        return _form == Form.Integer;
    }

    /// <summary>Writes the <see cref="InlineCapacity"/> inline bytes to <paramref name="destination"/>; returns the value's length.</summary>
    private int CopyInline(Span<byte> destination)
    {
        MemoryMarshal.Write(destination, in _number);
        MemoryMarshal.Write(destination[8..], in _inline8);
        MemoryMarshal.Write(destination[12..], in _inline12);
        return _inlineLength;
    }

    // Out of line (and kept there) so that Length itself has no stack buffer and can inline.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int NumberLength()
    {
        Span<byte> scratch = stackalloc byte[32];
        return FormatNumber(scratch);
    }

    private int FormatNumber(Span<byte> destination)
    {
        if (_form == Form.Integer)
        {
            Utf8Formatter.TryFormat(_number, destination, out int written);
            return written;
        }
        return NumberText.FormatDouble(BitConverter.Int64BitsToDouble(_number), destination);
    }
}
