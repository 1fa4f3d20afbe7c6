using BenchmarkDotNet.Running;
using Mnemo.Bench;

// dotnet run -c Release --project bench/Mnemo.Bench -- embedded      side-by-side run, prints ratios
// dotnet run -c Release --project bench/Mnemo.Bench -- embedded-pieces  GET/SET split into layers (API, engine, table) beside Dictionary
// dotnet run -c Release --project bench/Mnemo.Bench -- churn         overwrites that change value sizes: time and GC beside Dictionary
// dotnet run -c Release --project bench/Mnemo.Bench -- documents     collections vs SQLite (memodocs, pydbms, microdb), prints ratios
// dotnet run -c Release --project bench/Mnemo.Bench -- durability    snapshot save/load, stalls, journal SET ratios
// dotnet run -c Release --project bench/Mnemo.Bench -- micro [args]  BenchmarkDotNet micro-benchmarks
return args.FirstOrDefault() switch
{
    "embedded" => EmbeddedComparison.Run(args.Skip(1).ToArray()),
    "embedded-pieces" => EmbeddedPieces.Run(args.Skip(1).ToArray()),
    "churn" => EmbeddedChurn.Run(args.Skip(1).ToArray()),
    "durability" => DurabilityBenchmark.Run(args.Skip(1).ToArray()),
    "documents" => DocumentsBenchmark.Run(args.Skip(1).ToArray()),
    "micro" => RunMicro(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int RunMicro(string[] rest)
{
    BenchmarkSwitcher.FromAssembly(typeof(EmbeddedComparison).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Mnemo.Bench -- embedded [--keys N] | embedded-pieces [--keys N] | churn [--keys N] [--overwrites N] | documents [--docs N] | durability [--keys N] [--threads N] [--shards N] [--part snapshot|documents|stall|throughput] [--stall-writers N] [--seconds S] | micro [BenchmarkDotNet args]");
    return 2;
}
