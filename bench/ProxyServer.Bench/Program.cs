using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/ProxyServer.Bench -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
