namespace Mnemo;

/// <summary>The type of the value stored at a key (what Redis's <c>TYPE</c> reports).</summary>
public enum MnemoType
{
    /// <summary>The key does not exist (<c>none</c>).</summary>
    None,

    /// <summary>A string (<c>string</c>), including integer-encoded ones.</summary>
    String,

    /// <summary>A list (<c>list</c>).</summary>
    List,

    /// <summary>A set (<c>set</c>).</summary>
    Set,

    /// <summary>A hash (<c>hash</c>).</summary>
    Hash,

    /// <summary>A sorted set (<c>zset</c>).</summary>
    SortedSet,

    /// <summary>A JSON document (<c>ReJSON-RL</c>), as stored by collections and JSON.SET.</summary>
    Json,
}
