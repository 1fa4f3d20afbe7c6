using System.Reflection;

namespace Mnemo.Server.Commands;

/// <summary>Marks a static class that registers a family of commands through <c>public static void Register(CommandTable table)</c>.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class CommandFamilyAttribute : Attribute;

/// <summary>
/// Builds the command table from every <see cref="CommandFamilyAttribute"/> class, so a family
/// adds its commands in its own file and nothing else needs editing.
/// </summary>
internal static class CommandRegistry
{
    public static void RegisterAll(CommandTable table)
    {
        foreach (var family in typeof(CommandRegistry).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<CommandFamilyAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var register = family.GetMethod("Register", BindingFlags.Public | BindingFlags.Static, [typeof(CommandTable)])
                ?? throw new InvalidOperationException($"{family.Name} has no public static Register(CommandTable).");
            register.Invoke(null, [table]);
        }
    }

    /// <summary>Shorthand for a command with a synchronous handler.</summary>
    public static void Add(this CommandTable table, string name, int arity, CommandFlags flags, int firstKey, int lastKey, int step, CommandHandler handler) =>
        table.Add(new CommandSpec(name, arity, flags, firstKey, lastKey, step, handler));

    /// <summary>Shorthand for a command that may block.</summary>
    public static void AddAsync(this CommandTable table, string name, int arity, CommandFlags flags, int firstKey, int lastKey, int step, AsyncCommandHandler handler) =>
        table.Add(new CommandSpec(name, arity, flags, firstKey, lastKey, step, null, handler));
}
