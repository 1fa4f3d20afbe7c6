namespace Mnemo.Protocol;

/// <summary>The protocol version a connection speaks (switched by <c>HELLO</c>).</summary>
public enum RespVersion
{
    /// <summary>RESP2: the default; maps, sets, doubles and booleans are sent as arrays, bulk strings and integers.</summary>
    Resp2 = 2,

    /// <summary>RESP3: typed replies (<c>%</c> maps, <c>~</c> sets, <c>,</c> doubles, <c>#</c> booleans, <c>_</c> null...).</summary>
    Resp3 = 3,
}
