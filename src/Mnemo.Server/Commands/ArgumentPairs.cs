using Mnemo.Internal.Keyspace;

namespace Mnemo.Server.Commands;

/// <summary>
/// A command's arguments from <paramref name="first"/> on as pairs (MSET's keys and values, HSET's
/// fields and values), read in place: the store copies only what it keeps.
/// </summary>
internal readonly struct ArgumentPairs(CommandContext ctx, int first) : IKeyValuePairs
{
    public int Count => (ctx.Count - first) / 2;

    public ReadOnlySpan<byte> Key(int pair) => ctx.Arg(first + (2 * pair));

    public ReadOnlySpan<byte> Value(int pair) => ctx.Arg(first + 1 + (2 * pair));
}
