using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Contract;

/// <summary>Expiry commands (EXPIRE family with NX/XX/GT/LT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST) and expiry visibility.</summary>
public abstract class ExpiryContract(IContractTarget target) : ContractTestBase(target)
{
    private long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public void Expire_sets_a_ttl_that_counts_down_and_removes_the_key()
    {
        Db.StringSet("k", "v");
        Assert.True(Db.KeyExpire("k", TimeSpan.FromSeconds(10)));
        Assert.Equal(10, Db.KeyTimeToLiveSeconds("k"));
        Assert.Equal(10_000, Db.KeyTimeToLiveMilliseconds("k"));
        Assert.Equal(TimeSpan.FromSeconds(10), Db.KeyTimeToLive("k"));
        Clock.Advance(TimeSpan.FromMilliseconds(9_999));
        Assert.Equal(1, Db.KeyTimeToLiveMilliseconds("k"));
        Assert.Equal("v", Db.StringGet("k").ToString());
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(Db.StringGet("k").IsNull);
        Assert.Equal(-2, Db.KeyTimeToLiveMilliseconds("k"));
    }

    [Fact]
    public void Ttl_rounds_to_the_nearest_second()
    {
        Db.StringSet("a", "v", TimeSpan.FromMilliseconds(1500));
        Db.StringSet("b", "v", TimeSpan.FromMilliseconds(1499));
        Db.StringSet("c", "v", TimeSpan.FromMilliseconds(400));
        Assert.Equal(2, Db.KeyTimeToLiveSeconds("a"));
        Assert.Equal(1, Db.KeyTimeToLiveSeconds("b"));
        Assert.Equal(0, Db.KeyTimeToLiveSeconds("c"));
    }

    [Fact]
    public void Ttl_of_missing_key_and_key_without_expiry()
    {
        Db.StringSet("plain", "v");
        Assert.Equal(-2, Db.KeyTimeToLiveSeconds("missing"));
        Assert.Equal(-2, Db.KeyTimeToLiveMilliseconds("missing"));
        Assert.Equal(-1, Db.KeyTimeToLiveSeconds("plain"));
        Assert.Equal(-1, Db.KeyTimeToLiveMilliseconds("plain"));
        Assert.Null(Db.KeyTimeToLive("missing"));
        Assert.Null(Db.KeyTimeToLive("plain"));
    }

    [Fact]
    public void Expire_of_missing_key_returns_false_and_creates_nothing()
    {
        Assert.False(Db.KeyExpire("missing", TimeSpan.FromSeconds(10)));
        Assert.False(Db.KeyExpire("missing", Clock.GetUtcNow().AddSeconds(10)));
        Assert.False(Db.KeyExists("missing"));
    }

    [Fact]
    public void Expire_in_the_past_or_now_deletes_the_key_and_returns_true()
    {
        Db.StringSet("a", "v");
        Db.StringSet("b", "v");
        Db.StringSet("c", "v");
        Db.StringSet("d", "v");
        Assert.True(Db.KeyExpire("a", TimeSpan.Zero));
        Assert.True(Db.KeyExpire("b", TimeSpan.FromSeconds(-5)));
        Assert.True(Db.KeyExpire("c", Clock.GetUtcNow().AddSeconds(-1)));
        Assert.True(Db.KeyExpire("d", DateTimeOffset.UnixEpoch));
        Assert.Equal(0, Db.KeyExists("a", "b", "c", "d"));
        Assert.Equal(0, Db.DatabaseSize());
    }

    [Fact]
    public void Expire_at_an_absolute_time()
    {
        Db.StringSet("k", "v");
        var at = Clock.GetUtcNow().AddMinutes(2);
        Assert.True(Db.KeyExpire("k", at));
        Assert.Equal(at, Db.KeyExpireTime("k"));
        Assert.Equal(at.ToUnixTimeMilliseconds(), Db.KeyExpireTimeMilliseconds("k"));
        Assert.Equal(at.ToUnixTimeSeconds(), Db.KeyExpireTimeSeconds("k"));
        Assert.Equal(120_000, Db.KeyTimeToLiveMilliseconds("k"));
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False(Db.KeyExists("k"));
    }

    [Fact]
    public void Expiretime_of_missing_key_and_key_without_expiry()
    {
        Db.StringSet("plain", "v");
        Assert.Equal(-2, Db.KeyExpireTimeSeconds("missing"));
        Assert.Equal(-2, Db.KeyExpireTimeMilliseconds("missing"));
        Assert.Equal(-1, Db.KeyExpireTimeSeconds("plain"));
        Assert.Equal(-1, Db.KeyExpireTimeMilliseconds("plain"));
        Assert.Null(Db.KeyExpireTime("missing"));
        Assert.Null(Db.KeyExpireTime("plain"));
    }

    [Fact]
    public void Expiretime_in_seconds_truncates()
    {
        Db.StringSet("k", "v");
        long at = ((NowMs / 1000) + 100) * 1000 + 999;
        Db.KeyExpire("k", DateTimeOffset.FromUnixTimeMilliseconds(at));
        Assert.Equal(at / 1000, Db.KeyExpireTimeSeconds("k"));
        Assert.Equal(at, Db.KeyExpireTimeMilliseconds("k"));
    }

    [Fact]
    public void Nx_sets_only_without_an_existing_expiry()
    {
        Db.StringSet("k", "v");
        Assert.True(Db.KeyExpire("k", TimeSpan.FromSeconds(10), ExpireWhen.HasNoExpiry));
        Assert.False(Db.KeyExpire("k", TimeSpan.FromSeconds(20), ExpireWhen.HasNoExpiry));
        Assert.Equal(10_000, Db.KeyTimeToLiveMilliseconds("k"));
    }

    [Fact]
    public void Xx_sets_only_with_an_existing_expiry()
    {
        Db.StringSet("k", "v");
        Assert.False(Db.KeyExpire("k", TimeSpan.FromSeconds(10), ExpireWhen.HasExpiry));
        Assert.Equal(-1, Db.KeyTimeToLiveMilliseconds("k"));
        Db.KeyExpire("k", TimeSpan.FromSeconds(10));
        Assert.True(Db.KeyExpire("k", TimeSpan.FromSeconds(20), ExpireWhen.HasExpiry));
        Assert.Equal(20_000, Db.KeyTimeToLiveMilliseconds("k"));
    }

    [Fact]
    public void Gt_treats_no_expiry_as_infinite()
    {
        Db.StringSet("k", "v");
        Assert.False(Db.KeyExpire("k", TimeSpan.FromSeconds(10), ExpireWhen.GreaterThanCurrentExpiry));
        Assert.Equal(-1, Db.KeyTimeToLiveMilliseconds("k"));
        Db.KeyExpire("k", TimeSpan.FromSeconds(10));
        Assert.False(Db.KeyExpire("k", TimeSpan.FromSeconds(5), ExpireWhen.GreaterThanCurrentExpiry));
        Assert.False(Db.KeyExpire("k", TimeSpan.FromSeconds(10), ExpireWhen.GreaterThanCurrentExpiry));
        Assert.True(Db.KeyExpire("k", TimeSpan.FromSeconds(15), ExpireWhen.GreaterThanCurrentExpiry));
        Assert.Equal(15_000, Db.KeyTimeToLiveMilliseconds("k"));
    }

    [Fact]
    public void Lt_treats_no_expiry_as_infinite()
    {
        Db.StringSet("k", "v");
        Assert.True(Db.KeyExpire("k", TimeSpan.FromSeconds(10), ExpireWhen.LessThanCurrentExpiry));
        Assert.Equal(10_000, Db.KeyTimeToLiveMilliseconds("k"));
        Assert.False(Db.KeyExpire("k", TimeSpan.FromSeconds(20), ExpireWhen.LessThanCurrentExpiry));
        Assert.False(Db.KeyExpire("k", TimeSpan.FromSeconds(10), ExpireWhen.LessThanCurrentExpiry));
        Assert.True(Db.KeyExpire("k", TimeSpan.FromSeconds(3), ExpireWhen.LessThanCurrentExpiry));
        Assert.Equal(3_000, Db.KeyTimeToLiveMilliseconds("k"));
    }

    [Fact]
    public void A_refused_condition_does_not_delete_even_with_a_past_time()
    {
        Db.StringSet("k", "v", TimeSpan.FromSeconds(10));
        Assert.False(Db.KeyExpire("k", TimeSpan.FromSeconds(-1), ExpireWhen.HasNoExpiry));
        Assert.False(Db.KeyExpire("k", TimeSpan.FromSeconds(-1), ExpireWhen.GreaterThanCurrentExpiry));
        Assert.Equal("v", Db.StringGet("k").ToString());
        Assert.True(Db.KeyExpire("k", TimeSpan.FromSeconds(-1), ExpireWhen.LessThanCurrentExpiry));
        Assert.False(Db.KeyExists("k"));
    }

    [Fact]
    public void Persist_removes_the_expiry()
    {
        Db.StringSet("k", "v", TimeSpan.FromSeconds(10));
        Db.StringSet("plain", "v");
        Assert.True(Db.KeyPersist("k"));
        Assert.Equal(-1, Db.KeyTimeToLiveMilliseconds("k"));
        Assert.False(Db.KeyPersist("k"));
        Assert.False(Db.KeyPersist("plain"));
        Assert.False(Db.KeyPersist("missing"));
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("v", Db.StringGet("k").ToString());
    }

    [Fact]
    public void Expire_with_null_persists_and_rejects_conditions()
    {
        Db.StringSet("k", "v", TimeSpan.FromSeconds(10));
        Assert.Throws<ArgumentException>(() => Db.KeyExpire("k", (TimeSpan?)null, ExpireWhen.HasExpiry));
        Assert.Equal(10_000, Db.KeyTimeToLiveMilliseconds("k"));
        Assert.True(Db.KeyExpire("k", (TimeSpan?)null));
        Assert.Equal(-1, Db.KeyTimeToLiveMilliseconds("k"));
    }

    [Fact]
    public void Expired_key_is_never_visible()
    {
        Db.StringSet("gone", "v", TimeSpan.FromSeconds(1));
        Db.StringSet("stays", "v");
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Db.DatabaseSize()); // not reclaimed yet, as in Redis
        Assert.Equal(["stays"], Db.Keys().Select(k => k.ToString()));
        Assert.Equal(["stays"], Db.EnumerateKeys().Select(k => k.ToString()));
        Assert.Empty(Db.Keys("g*"));
        Assert.Empty(Db.EnumerateKeys("gone"));
        Assert.Equal(MnemoType.None, Db.KeyType("gone"));
        Assert.False(Db.KeyExists("gone"));
        Assert.Equal(-2, Db.KeyTimeToLiveSeconds("gone"));
        Assert.Equal(-2, Db.KeyExpireTimeMilliseconds("gone"));
        Assert.True(Db.StringGet("gone").IsNull);
        Assert.False(Db.KeyExpire("gone", TimeSpan.FromSeconds(100)));
        Assert.False(Db.KeyPersist("gone"));
        Assert.False(Db.KeyDelete("gone"));
        Assert.Equal(1, Db.DatabaseSize());
    }

    [Fact]
    public void Expired_key_is_reclaimed_by_the_first_lookup_and_counted()
    {
        var before = Target.Store.GetStatistics().ExpiredKeys;
        Db.StringSet("gone", "v", TimeSpan.FromSeconds(1));
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(Db.KeyExists("gone"));
        Assert.Equal(0, Db.DatabaseSize());
        Assert.Equal(before + 1, Target.Store.GetStatistics().ExpiredKeys);
    }

    [Fact]
    public void Scan_reclaims_expired_keys_it_meets()
    {
        for (int i = 0; i < 50; i++)
        {
            Db.StringSet($"gone{i}", "v", TimeSpan.FromSeconds(1));
        }
        Db.StringSet("stays", "v");
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["stays"], Db.EnumerateKeys().Select(k => k.ToString()));
        Assert.Equal(1, Db.DatabaseSize());
    }

    [Fact]
    public void Rewriting_a_key_clears_or_keeps_its_ttl_as_redis_does()
    {
        Db.StringSet("k", "v", TimeSpan.FromSeconds(10));
        Db.StringAppend("k", "w");
        Assert.Equal(10_000, Db.KeyTimeToLiveMilliseconds("k"));
        Db.StringSetBit("k", 100, true);
        Assert.Equal(10_000, Db.KeyTimeToLiveMilliseconds("k"));
        Db.StringSet("k", "new");
        Assert.Equal(-1, Db.KeyTimeToLiveMilliseconds("k"));
    }
}

public sealed class ExpiryContractEmbedded() : ExpiryContract(new EmbeddedTarget());
