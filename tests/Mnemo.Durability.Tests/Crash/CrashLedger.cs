using System.Globalization;

namespace Mnemo.Durability.Tests.Crash;

/// <summary>
/// The acknowledgements one run of crash-test writers printed before it was killed (see
/// tests/Mnemo.CrashChild/Program.cs for the line format). Each writer resumes after its
/// baseline step (the state the previous verification found) and must acknowledge consecutive
/// steps from there; anything else is recorded as a problem.
/// </summary>
public sealed class CrashLedger
{
    private readonly long[] _baseline;
    private readonly long[] _lastAck;
    private readonly Lock _gate = new();
    private long[]? _savedFloor;

    public CrashLedger(long[] baseline)
    {
        _baseline = [.. baseline];
        _lastAck = [.. baseline];
    }

    public int Writers => _baseline.Length;

    public bool Ready { get; private set; }

    public long Acknowledgements { get; private set; }

    public int Saves { get; private set; }

    public List<string> Problems { get; } = [];

    /// <summary>The step each writer resumed after.</summary>
    public long Baseline(int writer) => _baseline[writer];

    /// <summary>The last step the writer acknowledged, or its baseline when it acknowledged none.</summary>
    public long LastAcknowledged(int writer)
    {
        lock (_gate)
        {
            return _lastAck[writer];
        }
    }

    /// <summary>Per writer, the last step acknowledged before the newest durable snapshot's point (null: no snapshot finished).</summary>
    public long[]? SavedFloor
    {
        get
        {
            lock (_gate)
            {
                return _savedFloor;
            }
        }
    }

    /// <summary>Takes one complete line (without its newline).</summary>
    public void Add(string line)
    {
        var parts = line.Split(' ');
        lock (_gate)
        {
            switch (parts[0])
            {
                case "ready" when parts.Length == 1:
                    Ready = true;
                    break;
                case "ack" when parts.Length == 3
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int writer)
                    && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long step)
                    && writer < _lastAck.Length:
                    if (step != _lastAck[writer] + 1)
                    {
                        Problems.Add($"writer {writer} acknowledged step {step} after step {_lastAck[writer]}");
                    }
                    _lastAck[writer] = Math.Max(_lastAck[writer], step);
                    Acknowledgements++;
                    break;
                case "saved" when parts.Length == 2:
                    var floor = parts[1].Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    if (floor.Length != _lastAck.Length)
                    {
                        Problems.Add($"saved line with {floor.Length} writers: {line}");
                        break;
                    }
                    _savedFloor = floor;
                    Saves++;
                    break;
                default:
                    Problems.Add($"unexpected ledger line: {line}");
                    break;
            }
        }
    }
}
