using System.Text;

namespace Mnemo.Server.Commands;

/// <summary>
/// Every command the server knows, looked up by name without allocating (case-insensitive).
/// Each family registers its commands in its own <c>*Commands.Register</c> method; adding a
/// command touches its handler, its tests and one registration line.
/// </summary>
public sealed class CommandTable
{
    private readonly Dictionary<string, CommandSpec> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CommandSpec>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates an empty table.</summary>
    public CommandTable() => _lookup = _byName.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>All commands.</summary>
    public IEnumerable<CommandSpec> All => _byName.Values;

    /// <summary>Number of commands.</summary>
    public int Count => _byName.Count;

    /// <summary>Adds a command; a name may be registered once.</summary>
    public void Add(CommandSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!_byName.TryAdd(spec.Name, spec))
        {
            throw new InvalidOperationException($"Command '{spec.Name}' is registered twice.");
        }
    }

    /// <summary>Finds a command by its name bytes; null when unknown.</summary>
    public CommandSpec? Find(ReadOnlySpan<byte> name)
    {
        if (name.Length > 64)
        {
            return null;
        }
        Span<char> chars = stackalloc char[64];
        int n = Encoding.Latin1.GetChars(name, chars);
        return _lookup.TryGetValue(chars[..n], out var spec) ? spec : null;
    }

    /// <summary>Finds a command by name; null when unknown.</summary>
    public CommandSpec? Find(string name) => _byName.GetValueOrDefault(name);
}
