namespace Mnemo.Tests.Infrastructure;

/// <summary>
/// What a contract suite runs against: the embedded store, and (with the server) the same store
/// over TCP. Every target uses a <see cref="ManualClock"/> so TTL behaviour is tested without sleeping.
/// </summary>
public interface IContractTarget : IDisposable
{
    /// <summary>A database of a fresh, empty store.</summary>
    IMnemoDatabase Database(int index = 0);

    ManualClock Clock { get; }

    /// <summary>The store underneath (for statistics and change-stream checks).</summary>
    MnemoStore Store { get; }
}

public sealed class EmbeddedTarget : IContractTarget
{
    public EmbeddedTarget()
    {
        Store = new MnemoStore(new MnemoStoreOptions { TimeProvider = Clock, ActiveExpiryInterval = TimeSpan.Zero });
    }

    public ManualClock Clock { get; } = new();

    public MnemoStore Store { get; }

    public IMnemoDatabase Database(int index = 0) => Store.GetDatabase(index);

    public void Dispose() => Store.Dispose();
}

/// <summary>
/// Base of the contract suites: each test gets a fresh target. A suite is an abstract class
/// of facts; one sealed subclass per target runs them (see <c>Contract/Targets.cs</c>).
/// </summary>
public abstract class ContractTestBase : IDisposable
{
    protected ContractTestBase(IContractTarget target) => Target = target;

    protected IContractTarget Target { get; }

    protected IMnemoDatabase Db => Target.Database(0);

    protected ManualClock Clock => Target.Clock;

    /// <summary>Asserts that the action fails with exactly Redis's error text.</summary>
    protected static void AssertError(string expected, Action action)
    {
        var error = Assert.ThrowsAny<MnemoException>(action);
        Assert.Equal(expected, error.Message);
    }

    public void Dispose()
    {
        Target.Dispose();
        GC.SuppressFinalize(this);
    }
}
