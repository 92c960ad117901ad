namespace ProxyServer.Runtime.Model;

/// <summary>The current model: one reference a reload swaps; each request reads it once when it starts.</summary>
public sealed class ModelHolder(RuntimeModel initial)
{
    private volatile RuntimeModel _current = initial;

    public RuntimeModel Current => _current;

    public void Swap(RuntimeModel next) => _current = next;
}
