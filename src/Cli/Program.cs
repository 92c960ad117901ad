using ProxyServer.Cli;

return ProxyServerCommandLine.Build().Parse(args).Invoke();
