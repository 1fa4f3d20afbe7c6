using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Mnemo.Persistence;

namespace Mnemo.Durability.Tests.Crash;

/// <summary>
/// The embedded crash-test child (tests/Mnemo.CrashChild), started as <c>dotnet Mnemo.CrashChild.dll</c>
/// with its stdout feeding a <see cref="CrashLedger"/>, and killed with SIGKILL by its own process id.
/// </summary>
public sealed class CrashChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Thread _reader;
    private readonly StringBuilder _stderr = new();
    private readonly CrashLedger _ledger;
    private readonly ManualResetEventSlim _ready = new();

    private CrashChildProcess(Process process, CrashLedger ledger)
    {
        _process = process;
        _ledger = ledger;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _reader = new Thread(ReadLedger) { IsBackground = true, Name = "crash-ledger" };
        _reader.Start();
    }

    /// <summary>The built child: its path is stamped into this assembly by the project file.</summary>
    public static string ChildPath
    {
        get
        {
            var path = typeof(CrashChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "CrashChildPath").Value!;
            return File.Exists(path) ? path : throw new FileNotFoundException($"The crash-test child is not built: {path} (build tests/Mnemo.CrashChild).", path);
        }
    }

    public static CrashChildProcess Start(string directory, DurabilityMode mode, JournalFsync fsync, CrashLedger ledger)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ChildPath);
        info.ArgumentList.Add("--dir");
        info.ArgumentList.Add(directory);
        info.ArgumentList.Add("--mode");
        info.ArgumentList.Add(mode == DurabilityMode.Snapshot ? "snapshot" : "journal");
        info.ArgumentList.Add("--fsync");
        info.ArgumentList.Add(fsync switch { JournalFsync.Always => "always", JournalFsync.OperatingSystem => "no", _ => "everysec" });
        info.ArgumentList.Add("--writers");
        info.ArgumentList.Add(ledger.Writers.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--start");
        info.ArgumentList.Add(string.Join(',', Enumerable.Range(0, ledger.Writers).Select(ledger.Baseline)));
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the crash-test child.");
        return new CrashChildProcess(process, ledger);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits for the child's <c>ready</c> line; false if it exited or timed out first.</summary>
    public bool WaitReady(TimeSpan timeout) => _ready.Wait(timeout) && !_process.HasExited;

    /// <summary>SIGKILL to this child (only), then waits for it to exit and for the last ledger line.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false); // SIGKILL on Unix
        }
        _process.WaitForExit();
        _reader.Join();
    }

    /// <summary>Reads complete lines only: a line is acknowledged once its newline arrived.</summary>
    private void ReadLedger()
    {
        var stream = _process.StandardOutput.BaseStream;
        var buffer = new byte[1 << 16];
        var pending = new List<byte>();
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            int start = 0;
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                string line;
                if (pending.Count > 0)
                {
                    pending.AddRange(buffer.AsSpan(start, i - start));
                    line = Encoding.ASCII.GetString([.. pending]);
                    pending.Clear();
                }
                else
                {
                    line = Encoding.ASCII.GetString(buffer, start, i - start);
                }
                _ledger.Add(line);
                if (line == "ready")
                {
                    _ready.Set();
                }
                start = i + 1;
            }
            pending.AddRange(buffer.AsSpan(start, read - start));
        }
        _ready.Set(); // end of output: nobody waits for a ready line any more
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _ready.Dispose();
    }
}
