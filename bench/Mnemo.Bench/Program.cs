// Entry point of the benchmarks; the modes arrive with the benchmark work (see docs/benchmarks.md).
Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Mnemo.Bench -- embedded | micro [BenchmarkDotNet args]");
return 2;
