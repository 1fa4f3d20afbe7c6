using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// Exact reply bytes for the generic key commands (DEL ... COPY); the whole-keyspace ones and
/// their use inside MULTI/EXEC are in <c>KeyCommandTests.Keyspace.cs</c>.
/// </summary>
public sealed partial class KeyCommandTests : IAsyncLifetime
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IMnemoDatabase Engine(int database = 0) => _server.Server.Store.GetDatabase(database);

    [Fact]
    public void Del_and_unlink_count_the_keys_they_remove()
    {
        using var client = _server.Connect();
        client.Expect(":0\r\n", "DEL", "missing");
        client.Expect("+OK\r\n", "MSET", "a", "1", "b", "2", "c", "3");
        client.Expect(":1\r\n", "DEL", "a");
        client.Expect(":1\r\n", "DEL", "b", "b", "missing");
        client.Expect(":1\r\n", "UNLINK", "c", "a");
        client.Expect(":0\r\n", "DBSIZE");
        client.Expect("-ERR wrong number of arguments for 'del' command\r\n", "DEL");
        client.Expect("-ERR wrong number of arguments for 'unlink' command\r\n", "UNLINK");
    }

    [Fact]
    public void Exists_and_touch_count_repeated_keys()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "a", "1");
        client.Expect(":1\r\n", "EXISTS", "a");
        client.Expect(":0\r\n", "EXISTS", "missing");
        client.Expect(":3\r\n", "EXISTS", "a", "a", "b", "a");
        client.Expect(":2\r\n", "TOUCH", "a", "b", "a");
        client.Expect(":0\r\n", "TOUCH", "b");
        client.Expect("-ERR wrong number of arguments for 'exists' command\r\n", "EXISTS");
        client.Expect("-ERR wrong number of arguments for 'touch' command\r\n", "TOUCH");
    }

    [Fact]
    public void Type_replies_with_a_status_in_both_protocols()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "s", "text");
        client.Expect("+OK\r\n", "SET", "i", "42");
        Engine().ListRightPush("l", "x");
        Engine().SetAdd("set", "m");
        Engine().HashSet("h", "f", "v");
        Engine().SortedSetAdd("z", "m", 1);
        client.Expect("+string\r\n", "TYPE", "s");
        client.Expect("+string\r\n", "TYPE", "i");
        client.Expect("+list\r\n", "TYPE", "l");
        client.Expect("+set\r\n", "TYPE", "set");
        client.Expect("+hash\r\n", "TYPE", "h");
        client.Expect("+zset\r\n", "TYPE", "z");
        client.Expect("+none\r\n", "TYPE", "missing");
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        client.Expect("+none\r\n", "TYPE", "missing");
        client.Expect("-ERR wrong number of arguments for 'type' command\r\n", "TYPE", "a", "b");
    }

    [Fact]
    public void Rename_moves_the_value_and_its_ttl()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "src", "v", "EX", "100");
        client.Expect("+OK\r\n", "SET", "dst", "old");
        client.Expect("+OK\r\n", "RENAME", "src", "dst");
        client.Expect("$1\r\nv\r\n", "GET", "dst");
        client.Expect(":100\r\n", "TTL", "dst");
        client.Expect(":0\r\n", "EXISTS", "src");
        client.Expect("+OK\r\n", "RENAME", "dst", "dst");
        client.Expect("-ERR no such key\r\n", "RENAME", "missing", "dst");
        client.Expect("-ERR no such key\r\n", "RENAME", "missing", "missing");
        client.Expect("-ERR wrong number of arguments for 'rename' command\r\n", "RENAME", "dst");
        Engine().ListRightPush("list", "x");
        client.Expect("+OK\r\n", "RENAME", "list", "dst");
        client.Expect("+list\r\n", "TYPE", "dst");
    }

    [Fact]
    public void Renamenx_only_when_the_destination_is_free()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "MSET", "a", "1", "b", "2");
        client.Expect(":0\r\n", "RENAMENX", "a", "b");
        client.Expect(":0\r\n", "RENAMENX", "a", "a");
        client.Expect(":1\r\n", "RENAMENX", "a", "c");
        client.Expect("$1\r\n1\r\n", "GET", "c");
        client.Expect("-ERR no such key\r\n", "RENAMENX", "a", "d");
        client.Expect("-ERR wrong number of arguments for 'renamenx' command\r\n", "RENAMENX", "a", "b", "c");
    }

    [Fact]
    public void Copy_with_db_and_replace()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "src", "v", "PX", "5000");
        client.Expect(":1\r\n", "COPY", "src", "dst");
        client.Expect(":5000\r\n", "PTTL", "dst");
        client.Expect(":0\r\n", "COPY", "src", "dst");
        client.Expect(":0\r\n", "COPY", "missing", "dst", "REPLACE");
        client.Expect("+OK\r\n", "SET", "src", "new");
        client.Expect(":1\r\n", "COPY", "src", "dst", "replace");
        client.Expect("$3\r\nnew\r\n", "GET", "dst");
        client.Expect(":1\r\n", "COPY", "src", "src", "DB", "3");
        client.Expect(":0\r\n", "COPY", "src", "src", "db", "3");
        client.Expect(":1\r\n", "COPY", "src", "src", "REPLACE", "DB", "3");
        Assert.Equal("new", Engine(3).StringGet("src").ToString());
        // A repeated option: the last DB wins.
        client.Expect(":1\r\n", "COPY", "src", "x", "DB", "15", "DB", "4");
        Assert.True(Engine(4).KeyExists("x"));
        Assert.False(Engine(15).KeyExists("x"));
    }

    [Fact]
    public void Copy_errors()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "SET", "k", "v");
        client.Expect("-ERR source and destination objects are the same\r\n", "COPY", "k", "k");
        client.Expect("-ERR source and destination objects are the same\r\n", "COPY", "k", "k", "DB", "0");
        client.Expect("-ERR source and destination objects are the same\r\n", "COPY", "missing", "missing");
        client.Expect("-ERR syntax error\r\n", "COPY", "k", "d", "FOO");
        client.Expect("-ERR syntax error\r\n", "COPY", "k", "d", "DB");
        client.Expect("-ERR syntax error\r\n", "COPY", "k", "d", "REPLACE", "DB");
        client.Expect("-ERR value is not an integer or out of range\r\n", "COPY", "k", "d", "DB", "one");
        client.Expect("-ERR value is not an integer or out of range\r\n", "COPY", "k", "d", "DB", "4294967296");
        client.Expect("-ERR DB index is out of range\r\n", "COPY", "k", "d", "DB", "16");
        client.Expect("-ERR DB index is out of range\r\n", "COPY", "k", "d", "DB", "-1");
        // Options are read left to right: the bad DB is reported before the later syntax error.
        client.Expect("-ERR DB index is out of range\r\n", "COPY", "k", "d", "DB", "16", "FOO");
        client.Expect("-ERR wrong number of arguments for 'copy' command\r\n", "COPY", "k");
        client.Expect(":0\r\n", "EXISTS", "d");
    }

    [Fact]
    public void Key_commands_on_other_types_never_complain_about_the_type()
    {
        using var client = _server.Connect();
        Engine().ListRightPush("l", "x");
        client.Expect(":1\r\n", "EXISTS", "l");
        client.Expect(":1\r\n", "COPY", "l", "l2");
        client.Expect("+list\r\n", "TYPE", "l2");
        client.Expect(WrongType, "GET", "l2");
        client.Expect(":2\r\n", "DEL", "l", "l2");
    }
}
