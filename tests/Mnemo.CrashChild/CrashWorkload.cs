using System.Globalization;

namespace Mnemo.CrashChild;

/// <summary>What one step of a crash-test writer does.</summary>
public enum StepKind
{
    /// <summary>INCR of the writer's counter.</summary>
    Increment,

    /// <summary>SET of a key named after the step.</summary>
    Set,

    /// <summary>RPUSH of the step number to the writer's list.</summary>
    Push,

    /// <summary>A transaction: move an amount between two shared accounts and record the step in the writer's marker key.</summary>
    Transfer,
}

/// <summary>
/// The crash test's workload, shared by the writers (the embedded child; later a RESP client)
/// and the verifier: writer <c>w</c> runs steps 1, 2, 3, ... and each step is exactly one write
/// (one command or one transaction) whose effect is a pure function of <c>(w, n)</c>. So the
/// state after steps 1..k is known exactly, and a verifier can tell which prefix of a writer's
/// steps a recovered store holds.
/// </summary>
public static class CrashWorkload
{
    /// <summary>Shared accounts the transfers move value between.</summary>
    public const int Accounts = 4;

    /// <summary>Each account's balance when the accounts are created; their sum never changes.</summary>
    public const long AccountStart = 1000;

    public static long AccountTotal => Accounts * AccountStart;

    public static string Counter(int writer) => $"w{writer}:ctr";

    public static string List(int writer) => $"w{writer}:list";

    public static string Marker(int writer) => $"w{writer}:tx";

    public static string SetKey(int writer, long step) => string.Create(CultureInfo.InvariantCulture, $"w{writer}:{step}");

    /// <summary>KEYS pattern matching every <see cref="SetKey"/> of a writer and nothing else of it.</summary>
    public static string SetKeyPattern(int writer) => $"w{writer}:[0-9]*";

    public static string SetValue(int writer, long step) => string.Create(CultureInfo.InvariantCulture, $"v{writer}.{step}");

    public static string Account(int index) => $"acct:{index}";

    public static StepKind KindOf(long step) => step % 10 == 0
        ? StepKind.Transfer
        : (step % 3) switch
        {
            0 => StepKind.Push,
            1 => StepKind.Increment,
            _ => StepKind.Set,
        };

    /// <summary>The transfer of step <paramref name="step"/> (a transfer step): from one account to a different one.</summary>
    public static (int From, int To, long Amount) TransferOf(int writer, long step)
    {
        ulong h = Mix(((ulong)(uint)writer << 40) ^ (ulong)step);
        int from = (int)(h % Accounts);
        int to = (from + 1 + (int)((h >> 8) % (Accounts - 1))) % Accounts;
        long amount = 1 + (long)((h >> 16) % 50);
        return (from, to, amount);
    }

    /// <summary>How many steps in 1..<paramref name="step"/> are of kind <paramref name="kind"/>.</summary>
    public static long CountOf(StepKind kind, long step)
    {
        long count = 0;
        for (long n = 1; n <= step; n++)
        {
            if (KindOf(n) == kind)
            {
                count++;
            }
        }
        return count;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
