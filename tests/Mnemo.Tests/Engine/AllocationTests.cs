using System.Text;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Tests.Engine;

/// <summary>The server's GET/SET/INCR path through the engine allocates nothing per command.</summary>
public sealed class AllocationTests
{
    private struct LengthReader : IValueReader
    {
        public int Total;

        public void Read(scoped ReadOnlySpan<byte> value) => Total += value.Length;
    }

    [Fact]
    public void Engine_get_set_and_incr_allocate_nothing_per_command()
    {
        using var store = new MnemoStore(new MnemoStoreOptions { ActiveExpiryInterval = TimeSpan.Zero });
        var db = store.Core.Databases[0];
        var key = Encoding.UTF8.GetBytes("alloc:key");
        var counter = Encoding.UTF8.GetBytes("alloc:counter");
        var value = Encoding.UTF8.GetBytes("0123456789");
        db.Set(key, value, default);
        db.Increment(counter, 1);
        var reader = new LengthReader();
        for (int warm = 0; warm < 100; warm++)
        {
            db.TryRead(key, ref reader);
            db.Set(key, value, default);
            db.Increment(counter, 1);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            db.TryRead(key, ref reader);
            db.Set(key, value, default);   // same-size value: overwritten in place
            db.Increment(counter, 1);      // integer encoding: updated in place
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(10_100 * 10, reader.Total); // every read saw the 10-byte value
    }
}
