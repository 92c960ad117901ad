namespace ProxyServer.Runtime.Dynamic.KvServers;

/// <summary>One upstream server read from a kv_servers key: <c>ADDR[:PORT] [weight=N] [max_fails=N] [fail_timeout=TIME] [backup] [down]</c>.</summary>
public sealed record KvServer(string Key, string Host, int Port, int Weight, int MaxFails, TimeSpan FailTimeout, bool Backup, bool Down)
{
    public string Address => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
