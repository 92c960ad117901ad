using ProxyServer.Cli;

ClosedStreamTolerantWriter.Install();
return ProxyServerCommandLine.Build().Parse(args).Invoke();
