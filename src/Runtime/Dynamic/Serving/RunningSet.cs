namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// Long-lived workers (etcd watches, DNS refreshers) shared by successive models, keyed by what
/// defines them: a model compiled with the same definition gets the running one back; after a
/// reload, those the serving model no longer uses are stopped.
/// </summary>
internal sealed class RunningSet<T> where T : class, IAsyncDisposable
{
    private readonly Dictionary<string, T> _running = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (_running) return _running.Count; }
    }

    public IReadOnlyList<T> All()
    {
        lock (_running) return [.. _running.Values];
    }

    /// <summary>The running worker for <paramref name="key"/>, else the one <paramref name="start"/> starts (under the lock, so once).</summary>
    public T GetOrStart(string key, Func<T> start)
    {
        lock (_running)
        {
            if (!_running.TryGetValue(key, out var worker))
            {
                worker = start();
                _running[key] = worker;
            }
            return worker;
        }
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
