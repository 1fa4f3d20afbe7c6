namespace Mnemo.Server.Commands;

/// <summary>The one place where every command family registers its commands.</summary>
internal static class CommandRegistry
{
    public static void RegisterAll(CommandTable table)
    {
        ConnectionCommands.Register(table);
        StringCommands.Register(table);
        TransactionCommands.Register(table);
    }

    /// <summary>Shorthand for a command with a synchronous handler.</summary>
    public static void Add(this CommandTable table, string name, int arity, CommandFlags flags, int firstKey, int lastKey, int step, CommandHandler handler) =>
        table.Add(new CommandSpec(name, arity, flags, firstKey, lastKey, step, handler));

    /// <summary>Shorthand for a command that may block.</summary>
    public static void AddAsync(this CommandTable table, string name, int arity, CommandFlags flags, int firstKey, int lastKey, int step, AsyncCommandHandler handler) =>
        table.Add(new CommandSpec(name, arity, flags, firstKey, lastKey, step, null, handler));
}
