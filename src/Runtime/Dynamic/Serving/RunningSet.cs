namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// Long-lived workers (etcd watches, DNS refreshers) of one process, keyed by what defines them: a
/// compile finds the running one for an unchanged definition; the process adds the workers a model
/// brings when it starts serving that model, and stops those the serving model no longer uses.
/// </summary>
internal sealed class RunningSet<T> where T : class, IAsyncDisposable
{
    private readonly Dictionary<string, T> _running = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (_running) return _running.Count; }
    }

    /// <summary>The running worker for <paramref name="key"/>, or null.</summary>
    public T? Find(string key)
    {
        lock (_running) return _running.GetValueOrDefault(key);
    }

    /// <summary>Whether <paramref name="worker"/> is the one running for <paramref name="key"/>.</summary>
    public bool Runs(string key, T worker) => ReferenceEquals(Find(key), worker);

    public void Add(string key, T worker)
    {
        lock (_running) _running[key] = worker;
    }

    /// <summary>Stops every worker not in <paramref name="inUse"/>.</summary>
    public async Task RetainOnlyAsync(IReadOnlyCollection<T> inUse)
    {
        List<T> retired;
        lock (_running)
        {
            var stale = _running.Where(entry => !inUse.Contains(entry.Value)).ToList();
            foreach (var (key, _) in stale) _running.Remove(key);
            retired = [.. stale.Select(entry => entry.Value)];
        }
        foreach (var worker in retired) await worker.DisposeAsync();
    }
}
