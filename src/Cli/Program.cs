using ProxyServer.Cli;

Gen0Budget.Apply(args);
ClosedStreamTolerantWriter.Install();
return ProxyServerCommandLine.Build().Parse(args).Invoke();
