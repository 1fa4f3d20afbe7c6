namespace Mnemo.Server.Commands;

/// <summary>Command flags as Redis's COMMAND INFO reports them.</summary>
[Flags]
public enum CommandFlags
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>May modify the keyspace (<c>write</c>).</summary>
    Write = 1 << 0,
    /// <summary>Reads the keyspace (<c>readonly</c>).</summary>
    ReadOnly = 1 << 1,
    /// <summary>May allocate memory (<c>denyoom</c>).</summary>
    DenyOom = 1 << 2,
    /// <summary>Administrative (<c>admin</c>).</summary>
    Admin = 1 << 3,
    /// <summary>Allowed in pub/sub context (<c>pubsub</c>).</summary>
    PubSub = 1 << 4,
    /// <summary>Not allowed in scripts (<c>noscript</c>).</summary>
    NoScript = 1 << 5,
    /// <summary>May block the client (<c>blocking</c>).</summary>
    Blocking = 1 << 6,
    /// <summary>Allowed before authentication (<c>no_auth</c>).</summary>
    NoAuth = 1 << 7,
    /// <summary>Runs in O(1) or O(log N) (<c>fast</c>).</summary>
    Fast = 1 << 8,
    /// <summary>Runs at once even inside MULTI (MULTI, EXEC, DISCARD, WATCH, QUIT, RESET).</summary>
    NoMulti = 1 << 9,
    /// <summary>Allowed while loading (<c>loading</c>).</summary>
    Loading = 1 << 10,
    /// <summary>Allowed while stale (<c>stale</c>).</summary>
    Stale = 1 << 11,
    /// <summary>Touches several databases or the whole store (SWAPDB, FLUSHALL, COPY DB, SELECT).</summary>
    CrossDatabase = 1 << 12,
}
