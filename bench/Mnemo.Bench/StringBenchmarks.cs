using BenchmarkDotNet.Attributes;
using Mnemo.Internal.Keyspace;

namespace Mnemo.Bench;

/// <summary>
/// Micro-benchmarks of the string hot path with allocation counts. The engine-level benchmarks
/// (span in, reader out) are what the server's GET/SET path costs; they should allocate nothing
/// for GET and INCR.
/// </summary>
[MemoryDiagnoser]
public class StringBenchmarks
{
    private readonly byte[] _key = "bench:key:000042"u8.ToArray();
    private readonly byte[] _value = "0123456789"u8.ToArray();
    private MnemoStore _store = null!;
    private IMnemoDatabase _db = null!;
    private Db _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = new MnemoStore();
        _db = _store.GetDatabase();
        _engine = _store.Core.Databases[0];
        for (int i = 0; i < 100_000; i++)
        {
            _db.StringSet($"bench:key:{i:D6}", "0123456789");
        }
        _db.StringSet("bench:counter", 0);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark]
    public MnemoValue ApiGet() => _db.StringGet("bench:key:000042");

    [Benchmark]
    public bool ApiSet() => _db.StringSet("bench:key:000042", _value);

    [Benchmark]
    public long ApiIncr() => _db.StringIncrement("bench:counter");

    [Benchmark]
    public int EngineGet()
    {
        var reader = new LengthReader();
        _engine.TryRead(_key, ref reader);
        return reader.Length;
    }

    [Benchmark]
    public bool EngineSet() => _engine.Set(_key, _value, default(SetOptions)).Written;

    private struct LengthReader : IValueReader
    {
        public int Length;

        public void Read(scoped ReadOnlySpan<byte> value) => Length = value.Length;
    }
}
