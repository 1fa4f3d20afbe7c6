using Mnemo.Tests.Contract;

namespace Mnemo.Server.Tests.Contract;

/// <summary>Expiry methods as Redis commands: the embedded API's TimeSpan/DateTimeOffset calls are PEXPIRE/PEXPIREAT with whole milliseconds.</summary>
[RespTranslations]
internal static class ExpiryTranslations
{
    public static void Register(Dictionary<string, Func<Call, object?>> t)
    {
        t["KeyExpire(MnemoKey,Nullable`1,ExpireWhen)"] = c =>
        {
            var when = c.Arg<ExpireWhen>(2);
            if (c.Args[1] is not TimeSpan expiry)
            {
                return when == ExpireWhen.Always
                    ? c.Send("PERSIST", c.Args[0]).Integer == 1
                    : throw new ArgumentException("PERSIST takes no condition: use ExpireWhen.Always with a null expiry.", "when");
            }
            return c.Send("PEXPIRE", c.Args[0], (long)expiry.TotalMilliseconds, Condition(when)).Integer == 1;
        };
        t["KeyExpire(MnemoKey,DateTimeOffset,ExpireWhen)"] = c =>
            c.Send("PEXPIREAT", c.Args[0], c.Arg<DateTimeOffset>(1).ToUnixTimeMilliseconds(), Condition(c.Arg<ExpireWhen>(2))).Integer == 1;
        t["KeyTimeToLive(MnemoKey)"] = c => c.Send("PTTL", c.Args[0]).Integer is var ms && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : null;
        t["KeyTimeToLiveSeconds(MnemoKey)"] = c => c.Send("TTL", c.Args[0]).Integer;
        t["KeyTimeToLiveMilliseconds(MnemoKey)"] = c => c.Send("PTTL", c.Args[0]).Integer;
        t["KeyExpireTime(MnemoKey)"] = c =>
            c.Send("PEXPIRETIME", c.Args[0]).Integer is var ms && ms >= 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        t["KeyExpireTimeSeconds(MnemoKey)"] = c => c.Send("EXPIRETIME", c.Args[0]).Integer;
        t["KeyExpireTimeMilliseconds(MnemoKey)"] = c => c.Send("PEXPIRETIME", c.Args[0]).Integer;
        t["KeyPersist(MnemoKey)"] = c => c.Send("PERSIST", c.Args[0]).Integer == 1;
    }

    private static string? Condition(ExpireWhen when) => when switch
    {
        ExpireWhen.HasNoExpiry => "NX",
        ExpireWhen.HasExpiry => "XX",
        ExpireWhen.GreaterThanCurrentExpiry => "GT",
        ExpireWhen.LessThanCurrentExpiry => "LT",
        _ => null,
    };
}

public sealed class ExpiryContractOverTcp() : ExpiryContract(new ServerTarget());
