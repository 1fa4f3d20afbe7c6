using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Mnemo.Internal.Documents;

/// <summary>What <see cref="CompactJson.Locate"/> found.</summary>
internal enum LocateResult
{
    /// <summary>The path is absent.</summary>
    Missing,

    /// <summary>The value's bytes were located.</summary>
    Found,

    /// <summary>Text the scanner does not handle (escaped names, whitespace): ask <see cref="Utf8JsonReader"/>.</summary>
    Unsupported,
}

/// <summary>
/// A scanner for stored documents (well-formed JSON as <see cref="Values.JsonDocumentValue"/>
/// keeps it: compact, no whitespace between tokens) that finds the bytes of the value at a path
/// several times faster than <see cref="Utf8JsonReader"/>: it compares property names as bytes and
/// jumps over values without tokenizing them. It relies on the text being valid JSON; anything it
/// does not expect (an escaped property name, whitespace) makes it answer
/// <see cref="LocateResult.Unsupported"/>, and callers then use <see cref="Utf8JsonReader"/>.
/// </summary>
internal static class CompactJson
{
    private static readonly SearchValues<byte> StringEnd = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> ContainerBytes = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> ScalarEnd = SearchValues.Create(",}]"u8);

    /// <summary>
    /// Finds the value at the path (<paramref name="names"/> as UTF-8; <paramref name="indexes"/>
    /// the array index a segment also means, or -1): <paramref name="start"/>..<paramref name="end"/>
    /// are its bytes when found.
    /// </summary>
    public static LocateResult Locate(ReadOnlySpan<byte> json, byte[][] names, int[] indexes, out int start, out int end)
    {
        start = end = 0;
        int i = 0;
        for (int s = 0; s < names.Length; s++)
        {
            if (i >= json.Length)
            {
                return LocateResult.Unsupported;
            }
            byte b = json[i];
            if (b == (byte)'{')
            {
                var r = FindProperty(json, ref i, names[s]);
                if (r != LocateResult.Found)
                {
                    return r;
                }
            }
            else if (b == (byte)'[' && indexes[s] >= 0)
            {
                var r = FindItem(json, ref i, indexes[s]);
                if (r != LocateResult.Found)
                {
                    return r;
                }
            }
            else
            {
                return IsValueStart(b) ? LocateResult.Missing : LocateResult.Unsupported;
            }
        }
        if (i >= json.Length || !IsValueStart(json[i]))
        {
            return LocateResult.Unsupported;
        }
        start = i;
        end = SkipValue(json, i);
        return LocateResult.Found;
    }

    /// <summary>From the '{' at <paramref name="i"/> onto the first byte of the value of <paramref name="name"/>.</summary>
    private static LocateResult FindProperty(ReadOnlySpan<byte> json, ref int i, byte[] name)
    {
        i++;
        if (i < json.Length && json[i] == (byte)'}')
        {
            return LocateResult.Missing;
        }
        while (true)
        {
            if (i >= json.Length || json[i] != (byte)'"')
            {
                return LocateResult.Unsupported;
            }
            int nameEnd = SkipString(json, i); // after the closing quote
            var candidate = json[(i + 1)..(nameEnd - 1)];
            if (candidate.Contains((byte)'\\'))
            {
                return LocateResult.Unsupported;
            }
            if (nameEnd >= json.Length || json[nameEnd] != (byte)':')
            {
                return LocateResult.Unsupported;
            }
            i = nameEnd + 1;
            if (candidate.SequenceEqual(name))
            {
                return LocateResult.Found;
            }
            if (i >= json.Length || !IsValueStart(json[i]))
            {
                return LocateResult.Unsupported;
            }
            i = SkipValue(json, i);
            if (i >= json.Length)
            {
                return LocateResult.Unsupported;
            }
            if (json[i] == (byte)',')
            {
                i++;
            }
            else
            {
                return json[i] == (byte)'}' ? LocateResult.Missing : LocateResult.Unsupported;
            }
        }
    }

    /// <summary>From the '[' at <paramref name="i"/> onto the first byte of item <paramref name="index"/>.</summary>
    private static LocateResult FindItem(ReadOnlySpan<byte> json, ref int i, int index)
    {
        i++;
        if (i < json.Length && json[i] == (byte)']')
        {
            return LocateResult.Missing;
        }
        for (int n = 0; ; n++)
        {
            if (i >= json.Length || !IsValueStart(json[i]))
            {
                return LocateResult.Unsupported;
            }
            if (n == index)
            {
                return LocateResult.Found;
            }
            i = SkipValue(json, i);
            if (i >= json.Length)
            {
                return LocateResult.Unsupported;
            }
            if (json[i] == (byte)',')
            {
                i++;
            }
            else
            {
                return json[i] == (byte)']' ? LocateResult.Missing : LocateResult.Unsupported;
            }
        }
    }

    private static bool IsValueStart(byte b) =>
        b is (byte)'"' or (byte)'{' or (byte)'[' or (byte)'-' or (byte)'t' or (byte)'f' or (byte)'n' or (>= (byte)'0' and <= (byte)'9');

    /// <summary>The index after the string starting (with its quote) at <paramref name="i"/>.</summary>
    private static int SkipString(ReadOnlySpan<byte> json, int i)
    {
        i++;
        while (true)
        {
            int k = json[i..].IndexOfAny(StringEnd);
            if (k < 0)
            {
                return json.Length;
            }
            i += k;
            if (json[i] == (byte)'"')
            {
                return i + 1;
            }
            i += 2; // a backslash and the byte it escapes
        }
    }

    /// <summary>The index after the value starting at <paramref name="i"/>.</summary>
    private static int SkipValue(ReadOnlySpan<byte> json, int i)
    {
        byte b = json[i];
        if (b == (byte)'"')
        {
            return SkipString(json, i);
        }
        if (b is (byte)'{' or (byte)'[')
        {
            int depth = 0;
            while (i < json.Length)
            {
                int k = json[i..].IndexOfAny(ContainerBytes);
                if (k < 0)
                {
                    return json.Length;
                }
                i += k;
                b = json[i];
                if (b == (byte)'"')
                {
                    i = SkipString(json, i);
                    continue;
                }
                depth += b is (byte)'{' or (byte)'[' ? 1 : -1;
                i++;
                if (depth == 0)
                {
                    return i;
                }
            }
            return json.Length;
        }
        int end = json[i..].IndexOfAny(ScalarEnd);
        return end < 0 ? json.Length : i + end;
    }

    /// <summary>The value of located bytes, by the rules of <see cref="DocValue.Read"/>.</summary>
    public static DocValue ValueOf(ReadOnlySpan<byte> value)
    {
        switch (value[0])
        {
            case (byte)'"':
                var text = value[1..^1];
                return text.Contains((byte)'\\') ? ViaReader(value) : DocValue.From(Encoding.UTF8.GetString(text));
            case (byte)'t':
                return DocValue.From(true);
            case (byte)'f':
                return DocValue.From(false);
            case (byte)'n':
                return DocValue.Null;
            case (byte)'{' or (byte)'[':
                return DocValue.Composite;
            default:
                return Utf8Parser.TryParse(value, out long whole, out int used) && used == value.Length
                    ? DocValue.From(whole)
                    : ViaReader(value);
        }
    }

    /// <summary>Whether located bytes are the JSON string whose unescaped UTF-8 is <paramref name="utf8"/>.</summary>
    public static bool StringEquals(ReadOnlySpan<byte> value, ReadOnlySpan<byte> utf8)
    {
        if (value[0] != (byte)'"')
        {
            return false;
        }
        var text = value[1..^1];
        if (!text.Contains((byte)'\\'))
        {
            return text.SequenceEqual(utf8);
        }
        var reader = new Utf8JsonReader(value);
        reader.Read();
        return reader.ValueTextEquals(utf8);
    }

    /// <summary>Located bytes of an integer that fits a long, as a long.</summary>
    public static bool TryInt64(ReadOnlySpan<byte> value, out long whole) =>
        Utf8Parser.TryParse(value, out whole, out int used) && used == value.Length && value[0] != (byte)'+';

    private static DocValue ViaReader(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value);
        reader.Read();
        return DocValue.Read(ref reader);
    }
}
