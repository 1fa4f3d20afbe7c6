using Mnemo.Internal.Transactions;
using Mnemo.Server.Commands;

namespace Mnemo.Server.Sessions;

/// <summary>A client's MULTI queue and WATCH registrations.</summary>
internal sealed class TransactionState
{
    /// <summary>True between MULTI and EXEC/DISCARD.</summary>
    public bool InMulti { get; set; }

    /// <summary>A command failed to queue (unknown, wrong arity): EXEC answers EXECABORT.</summary>
    public bool Aborted { get; set; }

    /// <summary>Queued commands with their arguments copied.</summary>
    public List<(CommandSpec Spec, byte[][] Args)> Queue { get; } = [];

    /// <summary>WATCHed keys: (database, key).</summary>
    public List<(int Database, byte[] Key)> Watched { get; } = [];

    /// <summary>Marked dirty when a watched key changes.</summary>
    public WatchToken? Token { get; set; }

    public void ClearQueue()
    {
        InMulti = false;
        Aborted = false;
        Queue.Clear();
    }
}
