using System.Globalization;

namespace Mnemo.Bench;

/// <summary>The bench modes' <c>--name value</c> options; an option not given keeps its default.</summary>
internal static class BenchArgs
{
    public static string? Text(string[] args, string name)
    {
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }
        return null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static double Double(string[] args, string name, double fallback) =>
        Text(args, name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>
    /// The embedded benchmarks' data: keys <c>key:N</c> and 10-byte random values, from a generator
    /// seeded with 1 that the caller goes on using for its orders (the same data in every mode).
    /// </summary>
    public static (string[] Keys, byte[][] Values, Random Random) EmbeddedKeys(int count)
    {
        var keys = new string[count];
        var values = new byte[count][];
        var random = new Random(1);
        for (int i = 0; i < count; i++)
        {
            keys[i] = "key:" + i.ToString(CultureInfo.InvariantCulture);
            values[i] = new byte[10];
            random.NextBytes(values[i]);
        }
        return (keys, values, random);
    }
}
