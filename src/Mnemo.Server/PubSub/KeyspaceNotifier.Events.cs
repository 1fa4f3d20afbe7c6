using System.Globalization;
using System.Text;
using Mnemo.Changes;
using Mnemo.Server.Commands;

namespace Mnemo.Server.PubSub;

/// <summary>Event names: from the change, refined by the command where Redis names the event after it.</summary>
internal sealed partial class KeyspaceNotifier
{
    private readonly record struct KeyEvent(int Db, byte[] Key, string Name, int Class);

    private void Publish(List<Pending> items, CommandContext? context, string? command)
    {
        var hub = _server.Runtime.PubSub;
        if (items.Count == 0 || !hub.HasSubscribers)
        {
            return;
        }
        var events = command is not null && StoreEvent(command) is { } store
            ? StoreEvents(items, store)
            : Events(items, context, command);
        int flags = Flags;
        foreach (var e in events)
        {
            if ((flags & e.Class) == 0)
            {
                continue;
            }
            string db = e.Db.ToString(CultureInfo.InvariantCulture);
            if ((flags & KeyspaceFlag) != 0)
            {
                hub.Publish([.. Encoding.ASCII.GetBytes("__keyspace@" + db + "__:"), .. e.Key], Encoding.ASCII.GetBytes(e.Name));
            }
            if ((flags & KeyeventFlag) != 0)
            {
                hub.Publish(Encoding.ASCII.GetBytes("__keyevent@" + db + "__:" + e.Name), e.Key);
            }
        }
    }

    private List<KeyEvent> Events(List<Pending> items, CommandContext? context, string? command)
    {
        var events = new List<KeyEvent>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].Expired is { } expired)
            {
                events.Add(new KeyEvent(expired.Db, expired.Key, "expired", ExpiredFlag));
                continue;
            }
            var r = items[i].Record!;
            int db = r.Database;
            switch (r.Op)
            {
                case ChangeOp.StringSet:
                    events.Add(new KeyEvent(db, r.Args[0], command switch
                    {
                        "incr" or "decr" or "incrby" or "decrby" => "incrby",
                        "incrbyfloat" => "incrbyfloat",
                        "setbit" or "bitfield" => "setbit",
                        _ => "set",
                    }, StringFlag));
                    if (command is "setex" or "psetex" || (command == "set" && context is not null && SetHasExpiry(context)))
                    {
                        events.Add(new KeyEvent(db, r.Args[0], "expire", Generic));
                    }
                    break;
                case ChangeOp.StringAppend:
                    events.Add(new KeyEvent(db, r.Args[0], "append", StringFlag));
                    break;
                case ChangeOp.StringSetRange:
                    events.Add(new KeyEvent(db, r.Args[0], command is "setbit" or "bitfield" ? "setbit" : "setrange", StringFlag));
                    break;
                case ChangeOp.Delete:
                    events.Add(new KeyEvent(db, r.Args[0], command == "move" ? "move_from" : "del", Generic));
                    break;
                case ChangeOp.Expire:
                    events.Add(new KeyEvent(db, r.Args[0], r.Int64(1) == 0 ? "persist" : "expire", Generic));
                    break;
                case ChangeOp.Rename:
                    events.Add(new KeyEvent(db, r.Args[0], "rename_from", Generic));
                    events.Add(new KeyEvent(db, r.Args[1], "rename_to", Generic));
                    break;
                case ChangeOp.Copy:
                    events.Add(new KeyEvent((int)r.Int64(1), r.Args[2], command == "move" ? "move_to" : "copy_to", Generic));
                    break;
                case ChangeOp.ListPush:
                    events.Add(new KeyEvent(db, r.Args[0], r.Int64(1) != 0 ? "lpush" : "rpush", ListFlag));
                    break;
                case ChangeOp.ListPop:
                    events.Add(new KeyEvent(db, r.Args[0], r.Int64(1) != 0 ? "lpop" : "rpop", ListFlag));
                    AddDeleteIfEmptied(events, items, i);
                    break;
                case ChangeOp.ListSet:
                    events.Add(new KeyEvent(db, r.Args[0], "lset", ListFlag));
                    break;
                case ChangeOp.ListInsert:
                    events.Add(new KeyEvent(db, r.Args[0], "linsert", ListFlag));
                    break;
                case ChangeOp.ListRemove:
                    events.Add(new KeyEvent(db, r.Args[0], "lrem", ListFlag));
                    AddDeleteIfEmptied(events, items, i);
                    break;
                case ChangeOp.ListTrim:
                    events.Add(new KeyEvent(db, r.Args[0], "ltrim", ListFlag));
                    AddDeleteIfEmptied(events, items, i);
                    break;
                case ChangeOp.SetAdd:
                    events.Add(new KeyEvent(db, r.Args[0], "sadd", SetFlag));
                    break;
                case ChangeOp.SetRemove:
                    events.Add(new KeyEvent(db, r.Args[0], command == "spop" ? "spop" : "srem", SetFlag));
                    AddDeleteIfEmptied(events, items, i);
                    break;
                case ChangeOp.HashSet:
                    events.Add(new KeyEvent(db, r.Args[0], command is "hincrby" or "hincrbyfloat" ? command : "hset", HashFlag));
                    break;
                case ChangeOp.HashDelete:
                    events.Add(new KeyEvent(db, r.Args[0], "hdel", HashFlag));
                    AddDeleteIfEmptied(events, items, i);
                    break;
                case ChangeOp.SortedSetAdd:
                    bool incr = command == "zincrby" || (command == "zadd" && context is not null && ZAddHasIncr(context));
                    events.Add(new KeyEvent(db, r.Args[0], incr ? "zincr" : "zadd", ZSetFlag));
                    break;
                case ChangeOp.SortedSetRemove:
                    events.Add(new KeyEvent(db, r.Args[0], SortedSetRemoveEvent(command, context), ZSetFlag));
                    AddDeleteIfEmptied(events, items, i);
                    break;
                default:
                    break; // FLUSHDB, FLUSHALL, SWAPDB: no key events (as Redis)
            }
        }
        return events;
    }

    /// <summary>Redis reports a collection emptied by a removal as a <c>del</c> after the removal's event.</summary>
    private void AddDeleteIfEmptied(List<KeyEvent> events, List<Pending> items, int index)
    {
        var r = items[index].Record!;
        for (int j = index + 1; j < items.Count; j++)
        {
            if (items[j].Record is { } later && later.Database == r.Database && later.Args.Count > 0 && later.Args[0].AsSpan().SequenceEqual(r.Args[0]))
            {
                return; // the key's last change decides
            }
        }
        if (_server.Store.Core.Databases[r.Database].Exists([r.Args[0]]) == 0)
        {
            events.Add(new KeyEvent(r.Database, r.Args[0], "del", Generic));
        }
    }

    private static string? StoreEvent(string command) => command switch
    {
        "sinterstore" or "sunionstore" or "sdiffstore" or "zunionstore" or "zinterstore" or "zdiffstore" or "zrangestore" => command,
        "sort" => "sortstore",
        "bitop" => "set",
        _ => null,
    };

    /// <summary>*STORE commands: one event per destination, the store's name, or <c>del</c> when the result was empty.</summary>
    private List<KeyEvent> StoreEvents(List<Pending> items, string store)
    {
        int cls = store switch
        {
            "sortstore" => ListFlag,
            "set" => StringFlag,
            _ => store[0] == 's' ? SetFlag : ZSetFlag,
        };
        var events = new List<KeyEvent>();
        var seen = new List<(int Db, byte[] Key)>();
        foreach (var item in items)
        {
            if (item.Expired is { } expired)
            {
                events.Add(new KeyEvent(expired.Db, expired.Key, "expired", ExpiredFlag));
                continue;
            }
            var r = item.Record!;
            if (r.Args.Count == 0 || seen.Any(s => s.Db == r.Database && s.Key.AsSpan().SequenceEqual(r.Args[0])))
            {
                continue;
            }
            seen.Add((r.Database, r.Args[0]));
            bool exists = _server.Store.Core.Databases[r.Database].Exists([r.Args[0]]) > 0;
            events.Add(exists ? new KeyEvent(r.Database, r.Args[0], store, cls) : new KeyEvent(r.Database, r.Args[0], "del", Generic));
        }
        return events;
    }

    private static bool SetHasExpiry(CommandContext context)
    {
        for (int i = 3; i < context.Count; i++)
        {
            if (context.ArgIs(i, "EX"u8) || context.ArgIs(i, "PX"u8) || context.ArgIs(i, "EXAT"u8) || context.ArgIs(i, "PXAT"u8))
            {
                return true;
            }
        }
        return false;
    }

    private static bool ZAddHasIncr(CommandContext context)
    {
        for (int i = 2; i < context.Count; i++)
        {
            if (context.ArgIs(i, "INCR"u8))
            {
                return true;
            }
            if (!(context.ArgIs(i, "NX"u8) || context.ArgIs(i, "XX"u8) || context.ArgIs(i, "GT"u8) || context.ArgIs(i, "LT"u8) || context.ArgIs(i, "CH"u8)))
            {
                return false;
            }
        }
        return false;
    }

    private static string SortedSetRemoveEvent(string? command, CommandContext? context)
    {
        switch (command)
        {
            case "zpopmin" or "bzpopmin":
                return "zpopmin";
            case "zpopmax" or "bzpopmax":
                return "zpopmax";
            case "zremrangebyscore" or "zremrangebyrank" or "zremrangebylex":
                return command;
            case "zmpop" or "bzmpop" when context is not null:
                for (int i = 2; i < context.Count; i++)
                {
                    if (context.ArgIs(i, "MAX"u8))
                    {
                        return "zpopmax";
                    }
                    if (context.ArgIs(i, "MIN"u8))
                    {
                        return "zpopmin";
                    }
                }
                return "zpopmin";
            default:
                return "zrem";
        }
    }
}
