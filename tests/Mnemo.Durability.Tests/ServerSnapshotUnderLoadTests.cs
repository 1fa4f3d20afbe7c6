using System.Globalization;
using Mnemo.Durability.Tests.Crash;
using Xunit.Abstractions;

namespace Mnemo.Durability.Tests;

/// <summary>The server version of <see cref="SnapshotUnderLoadTests"/>: RESP clients, BGSAVE in a loop, SIGKILL, restart.</summary>
public sealed class ServerSnapshotUnderLoadTests(ITestOutputHelper output)
{
    private const int Clients = 50, Increments = 10_000, Batch = 100, Fillers = 20_000;

    [Fact]
    public void Fifty_connections_of_10000_increments_while_bgsave_loops_leave_exactly_500000_after_a_kill_and_restart()
    {
        using var directory = new TempDirectory();
        int saves;
        long replies;
        using (var server = ServerProcess.StartJournal(directory.Path, "everysec"))
        {
            // Other keys, so each snapshot has real work and overlaps the increments.
            using (var filler = new RespConnection(server.Port))
            {
                for (int i = 0; i < Fillers; i++)
                {
                    filler.Write("SET", "filler:" + i, "value-" + i);
                }
                filler.Flush();
                for (int i = 0; i < Fillers; i++)
                {
                    Assert.Equal("OK", filler.Read());
                }
            }

            // Every INCR reply is a distinct value in 1..500000, increasing on each connection.
            var seen = new int[Clients * Increments + 1];
            var failures = new List<string>();
            int running = Clients;
            using var go = new Barrier(Clients + 1);
            var threads = Enumerable.Range(0, Clients).Select(c => new Thread(() =>
            {
                try
                {
                    using var connection = new RespConnection(server.Port);
                    go.SignalAndWait();
                    long previous = 0;
                    for (int done = 0; done < Increments; done += Batch)
                    {
                        for (int i = 0; i < Batch; i++)
                        {
                            connection.Write("INCR", "counter");
                        }
                        connection.Flush(); // a pipeline of Batch INCRs
                        for (int i = 0; i < Batch; i++)
                        {
                            if (connection.Read() is not long value || value <= previous || value > Clients * Increments)
                            {
                                throw new InvalidDataException($"connection {c}: INCR reply out of order after {previous}");
                            }
                            Interlocked.Increment(ref seen[value]);
                            previous = value;
                        }
                    }
                }
                catch (Exception e)
                {
                    lock (failures)
                    {
                        failures.Add(e.Message);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
            })).ToList();
            threads.ForEach(t => t.Start());

            // Snapshots back to back while the increments run: BGSAVE, then poll until it finished.
            using (var control = new RespConnection(server.Port))
            {
                go.SignalAndWait();
                int started = 0;
                while (Volatile.Read(ref running) > 0)
                {
                    var reply = control.Call("BGSAVE");
                    if (reply is "Background saving started")
                    {
                        started++;
                    }
                    else
                    {
                        Assert.Equal(new RespError("ERR Background save already in progress"), reply);
                    }
                    while (Info(control, "rdb_bgsave_in_progress") == "1")
                    {
                        Thread.Sleep(1);
                    }
                }
                threads.ForEach(t => t.Join());
                Assert.Empty(failures);
                Assert.Equal("500000", control.Call("GET", "counter"));
                saves = int.Parse(Info(control, "rdb_saves"), CultureInfo.InvariantCulture);
                Assert.Equal("ok", Info(control, "rdb_last_bgsave_status"));
                output.WriteLine($"{started} BGSAVEs started, {saves} snapshots finished while {Clients} connections ran {Increments} INCRs each (pipelines of {Batch})");
                Assert.True(started >= 2, $"only {started} BGSAVEs started during the increments");
            }
            replies = seen.Skip(1).Count(v => v == 1);
            Assert.Equal(0, seen[0]);
            Assert.Equal(Clients * Increments, replies); // each value replied exactly once
            server.Kill();
        }

        using var restarted = ServerProcess.StartJournal(directory.Path, "everysec");
        output.WriteLine(restarted.Output);
        using var check = new RespConnection(restarted.Port);
        Assert.Equal("500000", check.Call("GET", "counter"));
        Assert.Equal((long)Fillers + 1, check.Call("DBSIZE"));
        Assert.DoesNotContain(restarted.Output.Split('\n'), line => line.StartsWith("! ", StringComparison.Ordinal)); // no recovery warnings
    }

    /// <summary>One field of INFO persistence.</summary>
    private static string Info(RespConnection connection, string field)
    {
        var text = connection.Call("INFO", "persistence") as string ?? throw new InvalidDataException("INFO did not reply a bulk string");
        foreach (var line in text.Split("\r\n"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return line[(field.Length + 1)..];
            }
        }
        throw new InvalidDataException($"INFO persistence has no {field}");
    }
}
