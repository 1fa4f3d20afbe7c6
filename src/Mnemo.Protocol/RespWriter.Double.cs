using System.Buffers.Text;
using System.Globalization;

namespace Mnemo.Protocol;

public sealed partial class RespWriter
{
    /// <summary>Room for any output of <see cref="FormatDouble"/>.</summary>
    internal const int MaxDoubleChars = 32;

    /// <summary>Redis's double2ll bound: integral values within ±(LLONG_MAX/2) print as integers.</summary>
    private const double IntegralLimit = long.MaxValue / 2;

    /// <summary>
    /// A double: RESP3 <c>,text\r\n</c>, RESP2 a bulk string of the same text. The text is Redis 7.2's
    /// <c>d2string</c>: <c>nan</c>, <c>inf</c>, <c>-inf</c>, <c>0</c>/<c>-0</c>, integral values as
    /// integers (<c>3</c>, not <c>3.0</c>), and otherwise the shortest round-trip digits laid out as
    /// <c>fpconv_dtoa</c> does (<c>0.1</c>, <c>1.5e-7</c>, <c>1e+20</c>).
    /// </summary>
    /// <param name="value">The value.</param>
    public void WriteDouble(double value)
    {
        Span<byte> text = stackalloc byte[MaxDoubleChars];
        int n = FormatDouble(value, text);
        if (IsResp3)
        {
            WriteLine((byte)',', text[..n]);
        }
        else
        {
            WriteBulkString(text[..n]);
        }
    }

    /// <summary>Formats <paramref name="value"/> as Redis's <c>d2string</c>; returns the length.</summary>
    internal static int FormatDouble(double value, Span<byte> dest)
    {
        if (double.IsNaN(value))
        {
            return Copy("nan"u8, dest);
        }
        if (double.IsInfinity(value))
        {
            return Copy(value < 0 ? "-inf"u8 : "inf"u8, dest);
        }
        if (value == 0)
        {
            return Copy(double.IsNegative(value) ? "-0"u8 : "0"u8, dest);
        }
        if (value >= -IntegralLimit && value <= IntegralLimit)
        {
            long integral = (long)value;
            if (integral == value)
            {
                Utf8Formatter.TryFormat(integral, dest, out int written);
                return written;
            }
        }

        // The shortest round-trip digits ("R" is shortest since .NET Core 3.0), re-laid out by
        // fpconv's emit_digits: value = digits * 10^k.
        Span<byte> text = stackalloc byte[MaxDoubleChars];
        value.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture);
        Span<byte> digits = stackalloc byte[MaxDoubleChars];
        int count = 0;
        int fractionDigits = 0;
        int exponent = 0;
        bool afterPoint = false;
        bool negative = text[0] == (byte)'-';
        for (int i = negative ? 1 : 0; i < length; i++)
        {
            byte c = text[i];
            if (c == (byte)'.')
            {
                afterPoint = true;
            }
            else if (c is (byte)'E' or (byte)'e')
            {
                bool negativeExponent = text[i + 1] == (byte)'-';
                for (int j = i + 1; j < length; j++)
                {
                    if (text[j] is >= (byte)'0' and <= (byte)'9')
                    {
                        exponent = (exponent * 10) + (text[j] - '0');
                    }
                }
                exponent = negativeExponent ? -exponent : exponent;
                break;
            }
            else
            {
                if (afterPoint)
                {
                    fractionDigits++;
                }
                if (count > 0 || c != (byte)'0')
                {
                    digits[count++] = c;
                }
            }
        }
        int k = exponent - fractionDigits;
        while (count > 1 && digits[count - 1] == (byte)'0')
        {
            count--;
            k++;
        }
        int pos = 0;
        if (negative)
        {
            dest[pos++] = (byte)'-';
        }
        return pos + EmitDigits(digits[..count], k, negative, dest[pos..]);
    }

    /// <summary>fpconv's emit_digits: plain integer, plain decimal or scientific notation.</summary>
    private static int EmitDigits(ReadOnlySpan<byte> digits, int k, bool negative, Span<byte> dest)
    {
        int ndigits = digits.Length;
        int exp = Math.Abs(k + ndigits - 1);

        if (k >= 0 && exp < ndigits + 7)
        {
            digits.CopyTo(dest);
            dest.Slice(ndigits, k).Fill((byte)'0');
            return ndigits + k;
        }

        if (k < 0 && (k > -7 || exp < 4))
        {
            int offset = ndigits - Math.Abs(k);
            if (offset <= 0)
            {
                offset = -offset;
                dest[0] = (byte)'0';
                dest[1] = (byte)'.';
                dest.Slice(2, offset).Fill((byte)'0');
                digits.CopyTo(dest[(offset + 2)..]);
                return ndigits + 2 + offset;
            }
            digits[..offset].CopyTo(dest);
            dest[offset] = (byte)'.';
            digits[offset..].CopyTo(dest[(offset + 1)..]);
            return ndigits + 1;
        }

        ndigits = Math.Min(ndigits, 18 - (negative ? 1 : 0));
        int idx = 0;
        dest[idx++] = digits[0];
        if (ndigits > 1)
        {
            dest[idx++] = (byte)'.';
            digits[1..ndigits].CopyTo(dest[idx..]);
            idx += ndigits - 1;
        }
        dest[idx++] = (byte)'e';
        dest[idx++] = k + ndigits - 1 < 0 ? (byte)'-' : (byte)'+';
        int cent = 0;
        if (exp > 99)
        {
            cent = exp / 100;
            dest[idx++] = (byte)(cent + '0');
            exp -= cent * 100;
        }
        if (exp > 9)
        {
            int dec = exp / 10;
            dest[idx++] = (byte)(dec + '0');
            exp -= dec * 10;
        }
        else if (cent != 0)
        {
            dest[idx++] = (byte)'0';
        }
        dest[idx++] = (byte)((exp % 10) + '0');
        return idx;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> dest)
    {
        text.CopyTo(dest);
        return text.Length;
    }
}
