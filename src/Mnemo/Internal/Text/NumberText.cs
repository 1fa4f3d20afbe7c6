using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Mnemo.Internal.Text;

/// <summary>Number parsing and formatting with Redis's rules.</summary>
internal static class NumberText
{
    /// <summary>
    /// Redis's strict integer syntax (string2ll): optional '-', no '+', no leading zeros, no
    /// spaces, within the 64-bit range.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }
        if (text.Length == 1 && text[0] == (byte)'0')
        {
            return true;
        }
        bool negative = text[0] == (byte)'-';
        int i = negative ? 1 : 0;
        if (i >= text.Length || text[i] < (byte)'1' || text[i] > (byte)'9')
        {
            return false;
        }
        ulong acc = 0;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }
            if (acc > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }
            acc = (acc * 10) + digit;
        }
        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1)
            {
                return false;
            }
            value = (long)(0 - acc);
            return true;
        }
        if (acc > long.MaxValue)
        {
            return false;
        }
        value = (long)acc;
        return true;
    }

    public static bool TryParseInt64(string text, out long value) => TryParseInt64(Encoding.UTF8.GetBytes(text), out value);

    /// <summary>
    /// Redis's float syntax (strtod with the whole text consumed): optional sign, decimals,
    /// exponents, <c>inf</c>/<c>infinity</c>; no spaces; NaN is rejected, and so is a finite text
    /// that overflows or underflows a double (<c>1e400</c>, <c>1e-400</c>), as strtod's ERANGE is.
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 300)
        {
            return false;
        }
        var body = text;
        bool negative = false;
        if (body[0] is (byte)'+' or (byte)'-')
        {
            negative = body[0] == (byte)'-';
            body = body[1..];
        }
        if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (body.IsEmpty || !(char.IsAsciiDigit((char)body[0]) || body[0] == (byte)'.'))
        {
            return false;
        }
        if (!Utf8Parser.TryParse(text, out value, out int consumed, 'E') || consumed != text.Length)
        {
            // Utf8Parser's 'E' format requires an exponent-capable form; retry plain decimals.
            if (!Utf8Parser.TryParse(text, out value, out consumed) || consumed != text.Length)
            {
                return false;
            }
        }
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return false; // a finite text that overflows ("1e400") is ERANGE for strtod: refused
        }
        if (value == 0)
        {
            // "1e-400" underflows to 0: strtod's ERANGE again. A real zero has no non-zero digit
            // before its exponent.
            foreach (byte b in text)
            {
                if (b is (byte)'e' or (byte)'E')
                {
                    break;
                }
                if (b is >= (byte)'1' and <= (byte)'9')
                {
                    return false;
                }
            }
        }
        return true;
    }

    public static bool TryParseDouble(string text, out double value) => TryParseDouble(Encoding.UTF8.GetBytes(text), out value);

    /// <summary>Shortest text that round-trips, as Redis 7 replies scores: <c>1.5</c>, <c>inf</c>, <c>-inf</c>.</summary>
    public static string FormatDouble(double value)
    {
        Span<byte> buffer = stackalloc byte[32];
        return Encoding.ASCII.GetString(buffer[..FormatDouble(value, buffer)]);
    }

    public static int FormatDouble(double value, Span<byte> destination)
    {
        if (double.IsPositiveInfinity(value))
        {
            "inf"u8.CopyTo(destination);
            return 3;
        }
        if (double.IsNegativeInfinity(value))
        {
            "-inf"u8.CopyTo(destination);
            return 4;
        }
        if (value == Math.Floor(value) && Math.Abs(value) < 1e17)
        {
            // Integral values print without exponent or fraction, as Redis does ("3", not "3E+00").
            Utf8Formatter.TryFormat((long)value, destination, out int n);
            if (n == 1 && destination[0] == (byte)'0' && double.IsNegative(value))
            {
                "-0"u8.CopyTo(destination);
                return 2;
            }
            return n;
        }
        value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
        // .NET writes "1E+20"; Redis writes "1e+20".
        for (int i = 0; i < written; i++)
        {
            if (destination[i] == (byte)'E')
            {
                destination[i] = (byte)'e';
            }
        }
        return written;
    }

    /// <summary>
    /// INCRBYFLOAT and HINCRBYFLOAT: adds in decimal arithmetic when both numbers fit, so
    /// 0.1 + 0.2 gives 0.3 as Redis's long-double arithmetic does, and falls back to double.
    /// Returns false when the result is NaN or infinite.
    /// </summary>
    public static bool TryAddFloat(ReadOnlySpan<byte> current, double currentValue, ReadOnlySpan<byte> increment, double incrementValue, out string resultText, out double result)
    {
        result = currentValue + incrementValue;
        if (double.IsNaN(result) || double.IsInfinity(result))
        {
            resultText = string.Empty;
            return false;
        }
        if (TryDecimal(current, out decimal a) && TryDecimal(increment, out decimal b))
        {
            try
            {
                decimal sum = a + b;
                resultText = sum.ToString("0.#############################", CultureInfo.InvariantCulture);
                result = (double)sum;
                return true;
            }
            catch (OverflowException)
            {
                // fall through to double
            }
        }
        resultText = Math.Abs(result) < 1e17 && result == Math.Floor(result)
            ? ((long)result).ToString(CultureInfo.InvariantCulture)
            : result.ToString("0.#################", CultureInfo.InvariantCulture);
        if (resultText.Length > 64 || resultText.Contains('E', StringComparison.Ordinal))
        {
            resultText = FormatDouble(result);
        }
        return true;
    }

    private static bool TryDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 40)
        {
            return false;
        }
        foreach (byte b in text)
        {
            if (!(char.IsAsciiDigit((char)b) || b is (byte)'-' or (byte)'+' or (byte)'.'))
            {
                return false;
            }
        }
        return decimal.TryParse(Encoding.ASCII.GetString(text), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
