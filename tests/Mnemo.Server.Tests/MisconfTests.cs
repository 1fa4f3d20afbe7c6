using Mnemo.Internal.Persistence;
using Mnemo.Persistence;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests;

/// <summary>
/// A journal write that fails: the write's reply is never sent (the connection is closed), then
/// writes are refused up front with MISCONF while reads keep working, and they resume by
/// themselves once a snapshot succeeds.
/// </summary>
public sealed class MisconfTests : IDisposable
{
    /// <summary>
    /// The refusal names the latest failure: the journal write, or the snapshot the once-a-second
    /// check retried meanwhile (which fails too while the disk fails).
    /// </summary>
    private const string Refusal = @"^MISCONF Mnemo is unable to persist to disk \((journal write|snapshot) failed: injected write failure\)\. "
        + "Writes are refused until a snapshot of memory is durable again; reads keep working\\.$";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mnemo-misconf-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_failed_journal_write_withholds_the_reply_then_refuses_writes_until_a_snapshot_succeeds()
    {
        var files = new FailingFileLayer();
        await using (var server = await TestServer.StartAsync(o => o.Store = new MnemoStoreOptions
        {
            TimeProvider = o.Store.TimeProvider,
            ActiveExpiryInterval = TimeSpan.Zero,
            Persistence = new MnemoPersistenceOptions { Directory = _dir, SaveRules = [], FileLayer = files },
        }))
        {
            using var queued = server.Connect();
            queued.Expect("+OK\r\n", "MULTI");
            queued.Expect("+QUEUED\r\n", "SET", "x", "1");
            using (var client = server.Connect())
            {
                client.Expect("+OK\r\n", "SET", "a", "1");
                files.FailWrites = true;
                client.Send("SET", "b", "2");
                Assert.True(client.IsClosedByServer(), "the reply of a write that is not in the journal was sent");
            }

            using var other = server.Connect();
            await WaitForAsync(() => other.Call("INFO", "persistence").Text!.Contains("mnemo_writes_refused:1", StringComparison.Ordinal));
            AssertRefused(other.Call("SET", "c", "3"));
            AssertRefused(other.Call("PING"));
            // EXEC of a transaction that queued a write before the failure: discarded with the reason
            var exec = queued.Call("EXEC");
            Assert.StartsWith("EXECABORT Transaction discarded because of: MISCONF Mnemo is unable to persist to disk (", exec.Text, StringComparison.Ordinal);
            queued.Expect("-ERR EXEC without MULTI\r\n", "EXEC");
            other.Expect("$1\r\n1\r\n", "GET", "a");
            Assert.Contains("aof_last_write_status:err\r\n", other.Call("INFO", "persistence").Text, StringComparison.Ordinal);
            // in a transaction the refused write flags it; EXEC of a queued write is refused with the reason
            other.Expect("+OK\r\n", "MULTI");
            AssertRefused(other.Call("INCR", "n"));
            other.Expect("-EXECABORT Transaction discarded because of previous errors.\r\n", "EXEC");
            other.Expect("+OK\r\n", "MULTI");
            other.Expect("+QUEUED\r\n", "GET", "a");
            other.Expect("*1\r\n$1\r\n1\r\n", "EXEC");

            // the disk is back: the once-a-second check takes a snapshot and writes resume
            files.FailWrites = false;
            await WaitForAsync(() => other.Call("SET", "c", "3").Text == "OK");
            other.Expect("+PONG\r\n", "PING");
            Assert.Contains("aof_last_write_status:ok\r\n", other.Call("INFO", "persistence").Text, StringComparison.Ordinal);
        }
        await using var restarted = await TestServer.StartAsync(o => o.Store = new MnemoStoreOptions
        {
            TimeProvider = o.Store.TimeProvider,
            ActiveExpiryInterval = TimeSpan.Zero,
            Persistence = new MnemoPersistenceOptions { Directory = _dir, SaveRules = [] },
        });
        using var check = restarted.Connect();
        check.Expect("$1\r\n1\r\n", "GET", "a");
        check.Expect("$1\r\n3\r\n", "GET", "c");
    }

    private static void AssertRefused(RespReply reply)
    {
        Assert.Equal('-', reply.Type);
        Assert.Matches(Refusal, reply.Text);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }

    /// <summary>The real file layer, with writes that fail on demand.</summary>
    private sealed class FailingFileLayer : IFileLayer
    {
        public volatile bool FailWrites;

        public IDurableFile Create(string path) => new File(this, PhysicalFileLayer.Instance.Create(path));

        public IDurableFile OpenAppend(string path) => new File(this, PhysicalFileLayer.Instance.OpenAppend(path));

        public Stream OpenRead(string path) => PhysicalFileLayer.Instance.OpenRead(path);

        public void Rename(string source, string destination) => PhysicalFileLayer.Instance.Rename(source, destination);

        public void Delete(string path) => PhysicalFileLayer.Instance.Delete(path);

        public void Truncate(string path, long length) => PhysicalFileLayer.Instance.Truncate(path, length);

        public void SyncDirectory(string directory) => PhysicalFileLayer.Instance.SyncDirectory(directory);

        private sealed class File(FailingFileLayer layer, IDurableFile inner) : IDurableFile
        {
            public string Path => inner.Path;

            public long Length => inner.Length;

            public void Write(ReadOnlySpan<byte> bytes)
            {
                if (layer.FailWrites)
                {
                    throw new IOException("injected write failure");
                }
                inner.Write(bytes);
            }

            public void Sync() => inner.Sync();

            public void Dispose() => inner.Dispose();
        }
    }
}
