using Mnemo.Internal.Keyspace;

namespace Mnemo.Server.Commands;

/// <summary>
/// A command's arguments after its key (LPUSH's values, SADD's members), read in place: the store
/// copies only what it keeps, so no array is made per argument.
/// </summary>
internal readonly struct ArgumentValues(CommandContext ctx) : IValueList
{
    public int Count => ctx.Count - 2;

    public ReadOnlySpan<byte> this[int index] => ctx.Arg(2 + index);
}
