using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Mnemo.Documents;

namespace Mnemo.Bench;

/// <summary>
/// The documents side-by-side run (issue 5): the seeds' workloads on Mnemo's collections and on
/// SQLite (Microsoft.Data.Sqlite, in memory, prepared statements, one transaction per phase, a JSON
/// expression index where Mnemo has an index), in one process. Both sides serialize with
/// System.Text.Json (DocumentJson.Options) and hand back deserialized objects. Each workload runs
/// <see cref="Rounds"/> times alternating the two; the best throughput of each phase counts.
/// </summary>
internal static class DocumentsBenchmark
{
    private const int Rounds = 3;

    public sealed class Note
    {
        public string? Id { get; set; }

        public string Title { get; set; } = "";

        public int Stars { get; set; }

        public bool Done { get; set; }
    }

    public sealed class User
    {
        public string? Id { get; set; }

        public string Name { get; set; } = "";

        public int Age { get; set; }
    }

    private static readonly JsonSerializerOptions Json = DocumentJson.Options;

    public static int Run(string[] args)
    {
        int count = BenchArgs.Int(args, "--docs", 100_000);
        int rounds = BenchArgs.Int(args, "--rounds", Rounds);
        string? only = BenchArgs.Text(args, "--only"); // diagnostic: one workload's Mnemo side alone (for profiling)
        if (only is not null)
        {
            return RunOnly(only, count, rounds);
        }
        Console.WriteLine($"Documents: Mnemo vs SQLite {SqliteVersion()} (in memory), {count:N0} documents, one thread, best of {rounds} rounds");
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var mnemo = new Dictionary<string, double>();
        var sqlite = new Dictionary<string, double>();
        for (int round = 0; round < rounds; round++)
        {
            MemodocsMnemo(count, mnemo);
            MemodocsSqlite(count, sqlite);
            PydbmsMnemo(count, mnemo);
            PydbmsSqlite(count, sqlite);
            MicrodbMnemo(count, mnemo);
            MicrodbSqlite(count, sqlite);
        }
        Console.WriteLine();
        Console.WriteLine($"{"workload/phase",-34}{"Mnemo ops/s",16}{"SQLite ops/s",16}{"ratio",10}");
        var ratios = new List<double>();
        foreach (var (phase, m) in mnemo)
        {
            double s = sqlite[phase];
            double ratio = m / s;
            ratios.Add(ratio);
            Console.WriteLine($"{phase,-34}{m,16:N0}{s,16:N0}{ratio,10:F2}");
        }
        double geomean = Math.Exp(ratios.Average(Math.Log));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"documents: min_ratio_vs_sqlite={ratios.Min():F2} geomean_ratio_vs_sqlite={geomean:F2}"));
        return 0;
    }

    /// <summary>Diagnostic run of one workload's Mnemo side (memodocs, pydbms or microdb), for profiling.</summary>
    private static int RunOnly(string workload, int count, int rounds)
    {
        var mnemo = new Dictionary<string, double>();
        Action<int, Dictionary<string, double>> run = workload switch
        {
            "memodocs" => MemodocsMnemo,
            "pydbms" => PydbmsMnemo,
            "microdb" => MicrodbMnemo,
            _ => throw new ArgumentException($"unknown workload '{workload}' (memodocs, pydbms, microdb)"),
        };
        for (int round = 0; round < rounds; round++)
        {
            run(count, mnemo);
        }
        foreach (var (phase, m) in mnemo)
        {
            Console.WriteLine($"{phase,-34}{m,16:N0} ops/s {AllocatedPerOp[phase],14:N0} B/op {CpuMicrosecondsPerOp[phase],12:N2} CPU us/op (best)");
        }
        return 0;
    }

    private static string SqliteVersion()
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "select sqlite_version()";
        return (string)cmd.ExecuteScalar()!;
    }

    // Diagnostic (--only): bytes allocated per operation of each phase, counted from the Collect() before it.
    private static readonly Dictionary<string, double> AllocatedPerOp = [];
    private static long AllocatedAtPhaseStart;

    // Diagnostic (--only): process CPU time per operation (less moved by other processes' load than wall time).
    private static readonly Dictionary<string, double> CpuMicrosecondsPerOp = [];
    private static TimeSpan CpuAtPhaseStart;

    private static void Record(Dictionary<string, double> results, string phase, int ops, Stopwatch sw)
    {
        double rate = ops / sw.Elapsed.TotalSeconds;
        results[phase] = Math.Max(results.GetValueOrDefault(phase), rate);
        AllocatedPerOp[phase] = (double)(GC.GetAllocatedBytesForCurrentThread() - AllocatedAtPhaseStart) / ops;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - CpuAtPhaseStart).TotalMicroseconds / ops;
        CpuMicrosecondsPerOp[phase] = Math.Min(CpuMicrosecondsPerOp.GetValueOrDefault(phase, double.MaxValue), cpu);
    }

    private static void Collect()
    {
        AllocatedAtPhaseStart = GC.GetAllocatedBytesForCurrentThread();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        CpuAtPhaseStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    private static Note NewNote(int i) => new() { Title = "note number " + i.ToString(CultureInfo.InvariantCulture), Stars = i % 5, Done = (i & 1) == 0 };

    private static string Name(int i) => "user" + ((i * 7919) % 100_003).ToString(CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- memodocs

    private static void MemodocsMnemo(int count, Dictionary<string, double> r)
    {
        using var store = new MnemoStore();
        var notes = store.GetCollection<Note>("notes");
        var ids = new string[count];
        Collect();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            ids[i] = notes.Insert(NewNote(i));
        }
        Record(r, "memodocs insert", count, sw);
        Collect();
        sw.Restart();
        long stars = 0;
        for (int i = 0; i < count; i++)
        {
            stars += notes.Get(ids[i])!.Stars;
        }
        Record(r, "memodocs get by id", count, sw);
        Collect();
        sw.Restart();
        for (int i = 0; i < count; i++)
        {
            var n = NewNote(i + 1);
            n.Id = ids[i];
            notes.Replace(n);
        }
        Record(r, "memodocs replace", count, sw);
        Collect();
        sw.Restart();
        for (int i = 0; i < count; i++)
        {
            notes.Delete(ids[i]);
        }
        Record(r, "memodocs delete", count, sw);
        GC.KeepAlive(stars);
    }

    private static void MemodocsSqlite(int count, Dictionary<string, double> r)
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        Exec(c, "CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
        var ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = Guid.CreateVersion7().ToString("N");
        }
        Collect();
        var sw = Stopwatch.StartNew();
        using (var tx = c.BeginTransaction())
        using (var cmd = Prepare(c, tx, "INSERT INTO notes (id, body) VALUES ($id, $body)", "$id", "$body"))
        {
            for (int i = 0; i < count; i++)
            {
                var n = NewNote(i);
                n.Id = ids[i];
                cmd.Parameters[0].Value = ids[i];
                cmd.Parameters[1].Value = JsonSerializer.Serialize(n, Json);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        Record(r, "memodocs insert", count, sw);
        Collect();
        sw.Restart();
        long stars = 0;
        using (var tx = c.BeginTransaction())
        using (var cmd = Prepare(c, tx, "SELECT body FROM notes WHERE id = $id", "$id"))
        {
            for (int i = 0; i < count; i++)
            {
                cmd.Parameters[0].Value = ids[i];
                stars += JsonSerializer.Deserialize<Note>((string)cmd.ExecuteScalar()!, Json)!.Stars;
            }
            tx.Commit();
        }
        Record(r, "memodocs get by id", count, sw);
        Collect();
        sw.Restart();
        using (var tx = c.BeginTransaction())
        using (var cmd = Prepare(c, tx, "UPDATE notes SET body = $body WHERE id = $id", "$id", "$body"))
        {
            for (int i = 0; i < count; i++)
            {
                var n = NewNote(i + 1);
                n.Id = ids[i];
                cmd.Parameters[0].Value = ids[i];
                cmd.Parameters[1].Value = JsonSerializer.Serialize(n, Json);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        Record(r, "memodocs replace", count, sw);
        Collect();
        sw.Restart();
        using (var tx = c.BeginTransaction())
        using (var cmd = Prepare(c, tx, "DELETE FROM notes WHERE id = $id", "$id"))
        {
            for (int i = 0; i < count; i++)
            {
                cmd.Parameters[0].Value = ids[i];
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        Record(r, "memodocs delete", count, sw);
        GC.KeepAlive(stars);
    }

    // ---------------------------------------------------------------- pydbms

    private static void PydbmsMnemo(int count, Dictionary<string, double> r)
    {
        using var store = new MnemoStore();
        var users = store.GetCollection<User>("users");
        users.EnsureIndex("name");
        var ids = new string[count];
        Collect();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            ids[i] = users.Insert(new User { Name = Name(i), Age = 18 + (i % 60) });
        }
        Record(r, "pydbms add", count, sw);
        Collect();
        sw.Restart();
        long found = 0;
        for (int i = 0; i < count; i++)
        {
            found += users.Find(Query.Field("name") == Name(i)).Count;
        }
        Record(r, "pydbms search by name", count, sw);
        Collect();
        sw.Restart();
        for (int i = 0; i < count; i++)
        {
            found += users.Exists(ids[i]) ? 1 : 0;
        }
        Record(r, "pydbms check by id", count, sw);
        int half = count / 2;
        Collect();
        sw.Restart();
        for (int i = 0; i < half; i++)
        {
            users.Delete(ids[i]);
        }
        Record(r, "pydbms remove by id", half, sw);
        Collect();
        sw.Restart();
        for (int i = half; i < count; i++)
        {
            users.DeleteMany(Query.Field("name") == Name(i));
        }
        Record(r, "pydbms remove by name", count - half, sw);
        if (users.Count() != 0 || found != 2L * count)
        {
            throw new InvalidOperationException("pydbms (Mnemo): wrong results");
        }
    }

    private static void PydbmsSqlite(int count, Dictionary<string, double> r)
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        Exec(c, "CREATE TABLE users (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
        Exec(c, "CREATE INDEX users_name ON users (json_extract(body, '$.name'))");
        var ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = Guid.CreateVersion7().ToString("N");
        }
        Collect();
        var sw = Stopwatch.StartNew();
        using (var tx = c.BeginTransaction())
        using (var cmd = Prepare(c, tx, "INSERT INTO users (id, body) VALUES ($id, $body)", "$id", "$body"))
        {
            for (int i = 0; i < count; i++)
            {
                cmd.Parameters[0].Value = ids[i];
                cmd.Parameters[1].Value = JsonSerializer.Serialize(new User { Id = ids[i], Name = Name(i), Age = 18 + (i % 60) }, Json);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        Record(r, "pydbms add", count, sw);
        Collect();
        sw.Restart();
        long found = 0;
        using (var tx = c.BeginTransaction())
        using (var cmd = Prepare(c, tx, "SELECT body FROM users WHERE json_extract(body, '$.name') = $name", "$name"))
        {
            for (int i = 0; i < count; i++)
            {
                cmd.Parameters[0].Value = Name(i);
                using var reader = cmd.ExecuteReader();
                var list = new List<User>();
                while (reader.Read())
                {
                    list.Add(JsonSerializer.Deserialize<User>(reader.GetString(0), Json)!);
                }
                found += list.Count;
            }
            tx.Commit();
        }
        Record(r, "pydbms search by name", count, sw);
        Collect();
        sw.Restart();
        using (var tx = c.BeginTransaction())
        using (var cmd = Prepare(c, tx, "SELECT 1 FROM users WHERE id = $id", "$id"))
        {
            for (int i = 0; i < count; i++)
            {
                cmd.Parameters[0].Value = ids[i];
                found += cmd.ExecuteScalar() is null ? 0 : 1;
            }
            tx.Commit();
        }
        Record(r, "pydbms check by id", count, sw);
        int half = count / 2;
        Collect();
        sw.Restart();
        using (var tx = c.BeginTransaction())
        using (var cmd = Prepare(c, tx, "DELETE FROM users WHERE id = $id", "$id"))
        {
            for (int i = 0; i < half; i++)
            {
                cmd.Parameters[0].Value = ids[i];
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        Record(r, "pydbms remove by id", half, sw);
        Collect();
        sw.Restart();
        using (var tx = c.BeginTransaction())
        using (var cmd = Prepare(c, tx, "DELETE FROM users WHERE json_extract(body, '$.name') = $name", "$name"))
        {
            for (int i = half; i < count; i++)
            {
                cmd.Parameters[0].Value = Name(i);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        Record(r, "pydbms remove by name", count - half, sw);
        if (found != 2L * count)
        {
            throw new InvalidOperationException("pydbms (SQLite): wrong results");
        }
    }

    // ---------------------------------------------------------------- microdb

    private const int Queries = 20;

    private static void MicrodbMnemo(int count, Dictionary<string, double> r)
    {
        using var store = new MnemoStore();
        var people = store.GetCollection<User>("people");
        for (int i = 0; i < count; i++)
        {
            people.Insert(new User { Name = Name(i), Age = (i * 31) % 100 });
        }
        long matched = 0;
        Collect();
        var sw = Stopwatch.StartNew();
        for (int q = 0; q < Queries; q++)
        {
            matched += people.Find(Query.Field("age") < 30).Count;
        }
        Record(r, "microdb age<30 scan (queries)", Queries, sw);
        people.EnsureIndex("age", new IndexOptions { Kind = IndexKind.Ordered });
        Collect();
        sw.Restart();
        for (int q = 0; q < Queries; q++)
        {
            matched += people.Find(Query.Field("age") < 30).Count;
        }
        Record(r, "microdb age<30 indexed (queries)", Queries, sw);
        if (matched != 2L * Queries * (count * 30 / 100))
        {
            throw new InvalidOperationException($"microdb (Mnemo): wrong results {matched}");
        }
    }

    private static void MicrodbSqlite(int count, Dictionary<string, double> r)
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        Exec(c, "CREATE TABLE people (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
        using (var tx = c.BeginTransaction())
        using (var cmd = Prepare(c, tx, "INSERT INTO people (id, body) VALUES ($id, $body)", "$id", "$body"))
        {
            for (int i = 0; i < count; i++)
            {
                string id = Guid.CreateVersion7().ToString("N");
                cmd.Parameters[0].Value = id;
                cmd.Parameters[1].Value = JsonSerializer.Serialize(new User { Id = id, Name = Name(i), Age = (i * 31) % 100 }, Json);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        long matched = 0;
        long Query(SqliteTransaction tx)
        {
            using var cmd = Prepare(c, tx, "SELECT body FROM people WHERE json_extract(body, '$.age') < 30");
            using var reader = cmd.ExecuteReader();
            var list = new List<User>();
            while (reader.Read())
            {
                list.Add(JsonSerializer.Deserialize<User>(reader.GetString(0), Json)!);
            }
            return list.Count;
        }
        Collect();
        var sw = Stopwatch.StartNew();
        using (var tx = c.BeginTransaction())
        {
            for (int q = 0; q < Queries; q++)
            {
                matched += Query(tx);
            }
            tx.Commit();
        }
        Record(r, "microdb age<30 scan (queries)", Queries, sw);
        Exec(c, "CREATE INDEX people_age ON people (json_extract(body, '$.age'))");
        Collect();
        sw.Restart();
        using (var tx = c.BeginTransaction())
        {
            for (int q = 0; q < Queries; q++)
            {
                matched += Query(tx);
            }
            tx.Commit();
        }
        Record(r, "microdb age<30 indexed (queries)", Queries, sw);
        if (matched != 2L * Queries * (count * 30 / 100))
        {
            throw new InvalidOperationException($"microdb (SQLite): wrong results {matched}");
        }
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection c, SqliteTransaction tx, string sql, params string[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter(p, SqliteType.Text));
        }
        cmd.Prepare();
        return cmd;
    }
}
