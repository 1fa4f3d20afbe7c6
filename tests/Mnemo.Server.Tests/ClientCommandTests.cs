using System.Text.RegularExpressions;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>CLIENT subcommands: exact replies, errors, KILL, PAUSE, REPLY.</summary>
public sealed class ClientCommandTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    internal static string Field(string line, string name) =>
        Regex.Match(line, "(?:^| )" + Regex.Escape(name) + "=([^ \n]*)").Groups[1].Value;

    [Fact]
    public void Id_setname_getname()
    {
        using var client = _server.Connect();
        long id = client.Call("CLIENT", "ID").Integer;
        using var other = _server.Connect(); // registered after the first one answered: a higher id
        Assert.True(other.Call("CLIENT", "ID").Integer > id);
        client.Expect("$-1\r\n", "CLIENT", "GETNAME");
        client.Expect("+OK\r\n", "CLIENT", "SETNAME", "worker-1");
        client.Expect("$8\r\nworker-1\r\n", "CLIENT", "GETNAME");
        client.Expect("-ERR Client names cannot contain spaces, newlines or special characters.\r\n", "CLIENT", "SETNAME", "a b");
        client.Expect("+OK\r\n", "CLIENT", "SETNAME", "");
        client.Expect("$-1\r\n", "CLIENT", "GETNAME");
        client.Expect("-ERR wrong number of arguments for 'client|setname' command\r\n", "CLIENT", "SETNAME");
        client.Expect("-ERR unknown subcommand 'nope'. Try CLIENT HELP.\r\n", "CLIENT", "nope");
        client.Expect("-ERR wrong number of arguments for 'client' command\r\n", "CLIENT");
        Assert.True(client.Call("CLIENT", "HELP").Items!.Count > 10);
    }

    [Fact]
    public void Info_and_list_show_redis_fields()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "CLIENT", "SETNAME", "me");
        using var other = _server.Connect(); // connected after: listed second
        other.Expect("+PONG\r\n", "PING");
        client.Expect("+OK\r\n", "SELECT", "3");
        string info = client.Call("CLIENT", "INFO").Text!;
        Assert.Matches(@"^id=\d+ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=-?\d+ name=me age=\d+ idle=\d+ flags=N db=3 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=client\|info user=default redir=-1 resp=2 lib-name= lib-ver=\n$", info);
        Assert.Equal(_server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(info, "laddr").Split(':')[1]);

        string list = client.Call("CLIENT", "LIST").Text!;
        var lines = list.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal(Field(info, "id"), Field(lines[0], "id"));
        Assert.Equal("client|list", Field(lines[0], "cmd"));
        Assert.Equal("ping", Field(lines[1], "cmd"));

        string otherId = other.Call("CLIENT", "ID").Integer.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(otherId, Field(client.Call("CLIENT", "LIST", "ID", otherId).Text!, "id"));
        Assert.Equal("", client.Call("CLIENT", "LIST", "TYPE", "pubsub").Text);
        Assert.Equal(2, client.Call("CLIENT", "LIST", "TYPE", "normal").Text!.Count(c => c == '\n'));
        client.Expect("-ERR Unknown client type 'bogus'\r\n", "CLIENT", "LIST", "TYPE", "bogus");
        client.Expect("-ERR Invalid client ID\r\n", "CLIENT", "LIST", "ID", "x");
        client.Expect("-ERR syntax error\r\n", "CLIENT", "LIST", "FOO");

        // RESP3: verbatim strings; MULTI shows as flag x with the queue length
        Assert.Equal('%', client.Call("HELLO", "3").Type);
        var verbatim = client.Call("CLIENT", "INFO");
        Assert.Equal('=', verbatim.Type);
        Assert.StartsWith("txt:id=", verbatim.Text);
        Assert.Equal("3", Field(verbatim.Text!, "resp"));
        client.Expect("+OK\r\n", "MULTI");
        client.Expect("+QUEUED\r\n", "PING");
        string inMulti = other.Call("CLIENT", "LIST", "ID", Field(info, "id")).Text!;
        Assert.Equal("x", Field(inMulti, "flags"));
        Assert.Equal("1", Field(inMulti, "multi"));
    }

    [Fact]
    public void Kill_by_id_addr_and_old_form()
    {
        using var client = _server.Connect();
        using var victim1 = _server.Connect();
        using var victim2 = _server.Connect();
        using var victim3 = _server.Connect();
        string id1 = victim1.Call("CLIENT", "ID").Integer.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string addr2 = Field(victim2.Call("CLIENT", "INFO").Text!, "addr");
        string addr3 = Field(victim3.Call("CLIENT", "INFO").Text!, "addr");
        client.Expect(":1\r\n", "CLIENT", "KILL", "ID", id1);
        client.Expect(":0\r\n", "CLIENT", "KILL", "ID", id1);
        client.Expect(":1\r\n", "CLIENT", "KILL", "ADDR", addr2, "SKIPME", "yes");
        client.Expect("+OK\r\n", "CLIENT", "KILL", addr3);
        client.Expect("-ERR No such client\r\n", "CLIENT", "KILL", "10.0.0.1:1");
        Assert.True(victim1.IsClosedByServer());
        Assert.True(victim2.IsClosedByServer());
        Assert.True(victim3.IsClosedByServer());

        string myAddr = Field(client.Call("CLIENT", "INFO").Text!, "addr");
        client.Expect(":0\r\n", "CLIENT", "KILL", "ADDR", myAddr);
        client.Expect("-ERR client-id should be greater than 0\r\n", "CLIENT", "KILL", "ID", "0");
        client.Expect("-ERR syntax error\r\n", "CLIENT", "KILL", "ID", "1", "SKIPME");
        client.Expect("-ERR syntax error\r\n", "CLIENT", "KILL", "SKIPME", "maybe");
        client.Expect("-ERR syntax error\r\n", "CLIENT", "KILL", "FOO", "bar");
        client.Expect("-ERR Unknown client type 'x'\r\n", "CLIENT", "KILL", "TYPE", "x");
        client.Expect(":0\r\n", "CLIENT", "KILL", "TYPE", "master");
        // killing itself: the reply arrives, then the connection closes
        client.Expect(":1\r\n", "CLIENT", "KILL", "ADDR", myAddr, "SKIPME", "no");
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public async Task Pause_write_holds_writes_until_unpause()
    {
        using var admin = _server.Connect();
        using var writer = _server.Connect();
        admin.Expect("+OK\r\n", "CLIENT", "PAUSE", "20000", "WRITE");
        writer.Expect("$-1\r\n", "GET", "k"); // reads still run
        var set = Task.Run(() => writer.Expect("+OK\r\n", "SET", "k", "v"));
        Assert.NotSame(set, await Task.WhenAny(set, Task.Delay(300)));
        Assert.Contains("flags=b", admin.Call("CLIENT", "LIST", "TYPE", "normal").Text);
        admin.Expect("+OK\r\n", "CLIENT", "UNPAUSE");
        await set.WaitAsync(TimeSpan.FromSeconds(10));
        admin.Expect("$1\r\nv\r\n", "GET", "k");
    }

    [Fact]
    public void Pause_all_holds_every_command_until_the_timeout()
    {
        using var admin = _server.Connect();
        using var other = _server.Connect();
        // Timed from before the pause is sent: the pause starts no earlier and ends 300 ms after it
        // starts, so the PING reply cannot come sooner, however long this thread is descheduled.
        var started = System.Diagnostics.Stopwatch.StartNew();
        admin.Expect("+OK\r\n", "CLIENT", "PAUSE", "300");
        other.Expect("+PONG\r\n", "PING");
        Assert.True(started.ElapsedMilliseconds >= 295, $"waited {started.ElapsedMilliseconds} ms");
        admin.Expect("-ERR timeout is not an integer or out of range\r\n", "CLIENT", "PAUSE", "abc");
        admin.Expect("-ERR timeout is negative\r\n", "CLIENT", "PAUSE", "-1");
        admin.Expect("-ERR syntax error\r\n", "CLIENT", "PAUSE", "10", "READ");
        admin.Expect("-ERR syntax error\r\n", "CLIENT", "PAUSE", "10", "ALL", "x");
    }

    [Fact]
    public void Reply_off_skip_and_on()
    {
        using var client = _server.Connect();
        client.Send("CLIENT", "REPLY", "OFF");
        client.Send("SET", "a", "1");
        client.Send("GET", "a");
        client.Expect("+OK\r\n", "CLIENT", "REPLY", "ON");
        client.Send("CLIENT", "REPLY", "SKIP");
        client.Send("INCR", "a");
        client.Expect("$1\r\n2\r\n", "GET", "a");
        client.Expect("-ERR syntax error\r\n", "CLIENT", "REPLY", "MAYBE");
    }

    [Fact]
    public void No_evict_no_touch_and_setinfo()
    {
        using var client = _server.Connect();
        client.Expect("+OK\r\n", "CLIENT", "NO-EVICT", "on");
        client.Expect("+OK\r\n", "CLIENT", "NO-TOUCH", "ON");
        client.Expect("-ERR syntax error\r\n", "CLIENT", "NO-EVICT", "maybe");
        client.Expect("+OK\r\n", "CLIENT", "SETINFO", "LIB-NAME", "mnemo-tests");
        client.Expect("+OK\r\n", "CLIENT", "SETINFO", "lib-ver", "1.2.3");
        client.Expect("-ERR Unrecognized option 'lib-x'\r\n", "CLIENT", "SETINFO", "lib-x", "1");
        client.Expect("-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n", "CLIENT", "SETINFO", "LIB-NAME", "a b");
        string info = client.Call("CLIENT", "INFO").Text!;
        Assert.Equal("eT", Field(info, "flags"));
        Assert.Equal("mnemo-tests", Field(info, "lib-name"));
        Assert.Equal("1.2.3", Field(info, "lib-ver"));
        client.Expect("+OK\r\n", "CLIENT", "NO-EVICT", "off");
        client.Expect("+OK\r\n", "CLIENT", "NO-TOUCH", "off");
        Assert.Equal("N", Field(client.Call("CLIENT", "INFO").Text!, "flags"));
    }
}
