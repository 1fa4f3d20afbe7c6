using Mnemo.Internal.Keyspace;
using Mnemo.Internal.Text;
using Mnemo.Internal.Values;
using Mnemo.Protocol;

namespace Mnemo.Server.Commands;

/// <summary>
/// Sorted-set commands with Redis 7's replies: scores are RESP3 doubles (RESP2 bulk strings);
/// member/score pairs are flat in RESP2 and nested <c>[member, score]</c> arrays in RESP3, as
/// Redis 7 answers ZRANGE ... WITHSCORES. Ranges and set algebra are in
/// <c>SortedSetCommands.Ranges.cs</c>, pops (blocking too) in <c>SortedSetCommands.Pop.cs</c>.
/// </summary>
[CommandFamily]
internal static partial class SortedSetCommands
{
    private const CommandFlags Read = CommandFlags.ReadOnly | CommandFlags.Fast;
    private const CommandFlags Write = CommandFlags.Write | CommandFlags.DenyOom;

    public static void Register(CommandTable table)
    {
        table.Add("ZADD", -4, Write | CommandFlags.Fast, 1, 1, 1, ZAdd);
        table.Add("ZINCRBY", 4, Write | CommandFlags.Fast, 1, 1, 1, ZIncrBy);
        table.Add("ZREM", -3, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.SortedSetRemove(ctx.Arg(1), ctx.ArgArrays(2))));
        table.Add("ZSCORE", 3, Read, 1, 1, 1, ctx => ReplyScore(ctx, ctx.Db.SortedSetScore(ctx.Arg(1), ctx.Arg(2))));
        table.Add("ZMSCORE", -3, Read, 1, 1, 1, ZMScore);
        table.Add("ZCARD", 2, Read, 1, 1, 1, ctx => ctx.Reply.WriteInteger(ctx.Db.SortedSetLength(ctx.Arg(1))));
        table.Add("ZCOUNT", 4, Read, 1, 1, 1, ZCount);
        table.Add("ZLEXCOUNT", 4, Read, 1, 1, 1, ZLexCount);
        table.Add("ZRANK", -3, Read, 1, 1, 1, ctx => ZRank(ctx, reverse: false));
        table.Add("ZREVRANK", -3, Read, 1, 1, 1, ctx => ZRank(ctx, reverse: true));
        table.Add("ZRANDMEMBER", -2, CommandFlags.ReadOnly, 1, 1, 1, ZRandMember);
        table.Add("ZSCAN", -3, CommandFlags.ReadOnly, 1, 1, 1, ZScan);
        RegisterRanges(table);
        RegisterPops(table);
    }

    /// <summary>ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...].</summary>
    private static void ZAdd(CommandContext ctx)
    {
        // ZADD key score member that changes nothing (the member has that score already): 0,
        // without copying the arguments. A flag in place of the score does not parse as one.
        if (ctx.Count == 4 && SortedSetArguments.TryParseScore(ctx.Arg(2), out double score)
            && ctx.Db.SortedSetHasScore(ctx.Arg(1), ctx.Arg(3), score))
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        var (flags, entries) = SortedSetArguments.ParseZAdd(ctx.ArgArrays(2));
        var result = ctx.Db.SortedSetAdd(ctx.Arg(1), flags, entries);
        if ((flags & ZAddFlags.Incr) != 0)
        {
            ReplyScore(ctx, result.Score);
        }
        else
        {
            ctx.Reply.WriteInteger(result.Count);
        }
    }

    /// <summary>ZINCRBY key increment member: ZADD's parsing from the increment on (so "ZINCRBY k nx m" is a syntax error, as in Redis).</summary>
    private static void ZIncrBy(CommandContext ctx)
    {
        var (flags, entries) = SortedSetArguments.ParseZAdd(ctx.ArgArrays(2));
        ReplyScore(ctx, ctx.Db.SortedSetAdd(ctx.Arg(1), flags | ZAddFlags.Incr, entries).Score);
    }

    private static void ZMScore(CommandContext ctx)
    {
        var scores = ctx.Db.SortedSetScores(ctx.Arg(1), ctx.ArgArrays(2));
        ctx.Reply.WriteArrayHeader(scores.Length);
        foreach (var score in scores)
        {
            ReplyScore(ctx, score);
        }
    }

    private static void ZCount(CommandContext ctx)
    {
        if (!ScoreRange.TryParse(ctx.Arg(2), ctx.Arg(3), out var range))
        {
            throw new MnemoException(RedisErrors.MinMaxNotFloat);
        }
        ctx.Reply.WriteInteger(ctx.Db.SortedSetCount(ctx.Arg(1), range));
    }

    private static void ZLexCount(CommandContext ctx)
    {
        if (!LexRange.TryParse(ctx.Arg(2), ctx.Arg(3), out var range))
        {
            throw new MnemoException(RedisErrors.MinMaxNotLex);
        }
        ctx.Reply.WriteInteger(ctx.Db.SortedSetLexCount(ctx.Arg(1), range));
    }

    /// <summary>ZRANK / ZREVRANK key member [WITHSCORE]: the rank, or [rank, score]; nil (a nil array with WITHSCORE) when missing.</summary>
    private static void ZRank(CommandContext ctx, bool reverse)
    {
        if (ctx.Count > 4)
        {
            throw new MnemoException($"ERR wrong number of arguments for '{ctx.Spec.LowerName}' command");
        }
        bool withScore = ctx.Count == 4;
        if (withScore && !ctx.ArgIs(3, "WITHSCORE"u8))
        {
            throw CommandContext.SyntaxError();
        }
        var found = ctx.Db.SortedSetRank(ctx.Arg(1), ctx.Arg(2), reverse);
        if (found is not { } rank)
        {
            if (withScore)
            {
                ctx.Reply.WriteNullArray();
            }
            else
            {
                ctx.Reply.WriteNull();
            }
            return;
        }
        if (withScore)
        {
            ctx.Reply.WriteArrayHeader(2);
            ctx.Reply.WriteInteger(rank.Rank);
            ctx.Reply.WriteDouble(rank.Score);
        }
        else
        {
            ctx.Reply.WriteInteger(rank.Rank);
        }
    }

    /// <summary>ZRANDMEMBER key [count [WITHSCORES]].</summary>
    private static void ZRandMember(CommandContext ctx)
    {
        if (ctx.Count == 2)
        {
            ctx.ReplyValue(ctx.Db.SortedSetRandomMember(ctx.Arg(1))?.Element ?? MnemoValue.Null);
            return;
        }
        long count = ctx.ArgInt64(2);
        if (count == long.MinValue)
        {
            throw new MnemoException(RedisErrors.ValueOutOfRangeLong);
        }
        if (ctx.Count > 4 || (ctx.Count == 4 && !ctx.ArgIs(3, "WITHSCORES"u8)))
        {
            throw CommandContext.SyntaxError();
        }
        bool withScores = ctx.Count == 4;
        ReplyEntries(ctx, ctx.Db.SortedSetRandomMembers(ctx.Arg(1), count, withScores), withScores);
    }

    /// <summary>
    /// ZSCAN key cursor [MATCH pattern] [COUNT count]. As in Redis, the cursor is checked first,
    /// then the key (a missing key answers an empty scan whatever the options), then the options.
    /// Scores are bulk strings in both protocols.
    /// </summary>
    private static void ZScan(CommandContext ctx)
    {
        if (!TryParseCursor(ctx.Arg(2), out ulong cursor))
        {
            throw new MnemoException(RedisErrors.InvalidCursor);
        }
        bool hasPattern = false;
        int patternIndex = 0;
        long count = 10;
        MnemoException? optionError = null;
        for (int i = 3; i < ctx.Count && optionError is null; i += 2)
        {
            bool hasValue = i + 1 < ctx.Count;
            if (hasValue && ctx.ArgIs(i, "COUNT"u8))
            {
                if (!NumberText.TryParseInt64(ctx.Arg(i + 1), out count))
                {
                    optionError = new MnemoException(RedisErrors.NotInteger);
                }
                else if (count < 1)
                {
                    optionError = CommandContext.SyntaxError();
                }
            }
            else if (hasValue && ctx.ArgIs(i, "MATCH"u8))
            {
                hasPattern = true;
                patternIndex = i + 1;
            }
            else
            {
                optionError = CommandContext.SyntaxError();
            }
        }
        if (optionError is not null)
        {
            var kind = ctx.Db.KeyType(ctx.Arg(1));
            if (kind == 0)
            {
                ctx.Reply.WriteRaw("*2\r\n$1\r\n0\r\n*0\r\n"u8); // Redis answers a missing key before it reads the options
                return;
            }
            if (kind != ValueKind.SortedSet)
            {
                Db.ThrowWrongType();
            }
            else
            {
                throw optionError;
            }
        }
        var (next, entries) = ctx.Db.SortedSetScan(ctx.Arg(1), cursor, hasPattern ? ctx.Arg(patternIndex) : default, hasPattern, count);
        ctx.Reply.WriteArrayHeader(2);
        Span<byte> digits = stackalloc byte[20];
        next.TryFormat(digits, out int length, default, System.Globalization.CultureInfo.InvariantCulture);
        ctx.Reply.WriteBulkString(digits[..length]);
        ctx.Reply.WriteArrayHeader(entries.Length * 2);
        var version = ctx.Reply.Version;
        foreach (var entry in entries)
        {
            ctx.ReplyValue(entry.Element);
            ctx.Reply.Version = RespVersion.Resp2; // a score as a bulk string in both protocols
            ctx.Reply.WriteDouble(entry.Score);
            ctx.Reply.Version = version;
        }
    }

    /// <summary>Redis's parseScanCursorOrReply: strtoul over the whole text (an empty text is 0; "-1" wraps to 2^64 - 1).</summary>
    private static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        if (text.IsEmpty)
        {
            return true;
        }
        bool negative = text[0] == (byte)'-';
        int start = text[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }
        ulong value = 0;
        for (int i = start; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9 || value > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }
            value = (value * 10) + digit;
        }
        cursor = negative ? unchecked(0UL - value) : value;
        return true;
    }

    /// <summary>A score (RESP3 double, RESP2 bulk string), or the null reply.</summary>
    private static void ReplyScore(CommandContext ctx, double? score)
    {
        if (score is { } value)
        {
            ctx.Reply.WriteDouble(value);
        }
        else
        {
            ctx.Reply.WriteNull();
        }
    }

    /// <summary>Members, or with scores: flat member, score pairs in RESP2, nested [member, score] arrays in RESP3.</summary>
    private static void ReplyEntries(CommandContext ctx, SortedSetEntry[] entries, bool withScores)
    {
        if (!withScores)
        {
            ctx.Reply.WriteArrayHeader(entries.Length);
            foreach (var entry in entries)
            {
                ctx.ReplyValue(entry.Element);
            }
            return;
        }
        bool nested = ctx.Reply.IsResp3;
        ctx.Reply.WriteArrayHeader(nested ? entries.Length : entries.Length * 2);
        foreach (var entry in entries)
        {
            if (nested)
            {
                ctx.Reply.WriteArrayHeader(2);
            }
            ctx.ReplyValue(entry.Element);
            ctx.Reply.WriteDouble(entry.Score);
        }
    }

    /// <summary>Pairs always nested (ZMPOP, BZMPOP, and ZPOPMIN/ZPOPMAX with a count in RESP3).</summary>
    private static void ReplyPairs(CommandContext ctx, SortedSetEntry[] entries)
    {
        ctx.Reply.WriteArrayHeader(entries.Length);
        foreach (var entry in entries)
        {
            ctx.Reply.WriteArrayHeader(2);
            ctx.ReplyValue(entry.Element);
            ctx.Reply.WriteDouble(entry.Score);
        }
    }
}
