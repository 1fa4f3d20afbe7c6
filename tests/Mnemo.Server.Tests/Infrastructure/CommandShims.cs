using System.Globalization;
using Mnemo.Server.Commands;

namespace Mnemo.Server.Tests.Infrastructure;

/// <summary>
/// Minimal stand-ins, over the embedded API, for key and collection commands whose server
/// families land from other branches: registered only when the server lacks the command, so
/// once the real commands exist the tests run against them. Tests that use these assert the
/// side effects (keyspace events, MONITOR lines), never the shim's reply bytes.
/// </summary>
internal static class CommandShims
{
    public static void EnsureRegistered(MnemoServer server)
    {
        var table = server.Commands;
        void Add(string name, int arity, CommandFlags flags, CommandHandler handler)
        {
            if (table.Find(name) is null)
            {
                table.Add(new CommandSpec(name, arity, flags, 1, 1, 1, handler));
            }
        }
        const CommandFlags W = CommandFlags.Write;
        static IMnemoDatabase Db(CommandContext c) => c.Server.Store.GetDatabase(c.Session.Database);
        static MnemoValue[] Values(CommandContext c, int from) => [.. Enumerable.Range(from, c.Count - from).Select(i => (MnemoValue)c.ArgString(i))];
        static long Int(CommandContext c, int i) => long.Parse(c.ArgString(i), CultureInfo.InvariantCulture);
        Add("DEL", -2, W, c => c.Reply.WriteInteger(Db(c).KeyDelete([.. Enumerable.Range(1, c.Count - 1).Select(i => (MnemoKey)c.ArgString(i))])));
        Add("EXPIRE", 3, W, c => c.Reply.WriteInteger(Db(c).KeyExpire(c.ArgString(1), TimeSpan.FromSeconds(Int(c, 2))) ? 1 : 0));
        Add("PERSIST", 2, W, c => c.Reply.WriteInteger(Db(c).KeyPersist(c.ArgString(1)) ? 1 : 0));
        Add("RENAME", 3, W, c =>
        {
            Db(c).KeyRename(c.ArgString(1), c.ArgString(2));
            c.Reply.WriteOk();
        });
        Add("LPUSH", -3, W, c => c.Reply.WriteInteger(Db(c).ListLeftPush(c.ArgString(1), Values(c, 2))));
        Add("RPUSH", -3, W, c => c.Reply.WriteInteger(Db(c).ListRightPush(c.ArgString(1), Values(c, 2))));
        Add("LPOP", -2, W, c => c.ReplyValue(Db(c).ListLeftPop(c.ArgString(1))));
        Add("RPOP", -2, W, c =>
        {
            if (c.Count == 3)
            {
                c.ReplyValues(Db(c).ListRightPop(c.ArgString(1), Int(c, 2)) ?? []);
            }
            else
            {
                c.ReplyValue(Db(c).ListRightPop(c.ArgString(1)));
            }
        });
        Add("SADD", -3, W, c => c.Reply.WriteInteger(Db(c).SetAdd(c.ArgString(1), Values(c, 2))));
        Add("SREM", -3, W, c => c.Reply.WriteInteger(Db(c).SetRemove(c.ArgString(1), Values(c, 2))));
        Add("HSET", -4, W, c => c.Reply.WriteInteger(Db(c).HashSet(c.ArgString(1),
            [.. Enumerable.Range(0, (c.Count - 2) / 2).Select(i => new HashEntry(c.ArgString(2 + (2 * i)), c.ArgString(3 + (2 * i))))])));
        Add("HDEL", -3, W, c => c.Reply.WriteInteger(Db(c).HashDelete(c.ArgString(1), Values(c, 2))));
        Add("HINCRBY", 4, W, c => c.Reply.WriteInteger(Db(c).HashIncrement(c.ArgString(1), c.ArgString(2), Int(c, 3))));
        Add("ZADD", 4, W, c => c.Reply.WriteInteger(Db(c).SortedSetAdd(c.ArgString(1), c.ArgString(3), double.Parse(c.ArgString(2), CultureInfo.InvariantCulture)) ? 1 : 0));
        Add("ZINCRBY", 4, W, c => c.ReplyDouble(Db(c).SortedSetIncrement(c.ArgString(1), c.ArgString(3), double.Parse(c.ArgString(2), CultureInfo.InvariantCulture))));
        Add("ZREM", -3, W, c => c.Reply.WriteInteger(Db(c).SortedSetRemove(c.ArgString(1), Values(c, 2))));
    }
}
