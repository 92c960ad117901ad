namespace ProxyServer.Tests.Runtime.Dynamic;

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 10 ms; true once it holds, false after <paramref name="timeout"/>.</summary>
    public static Task<bool> Holds(Func<bool> condition, TimeSpan timeout) =>
        Holds(() => Task.FromResult(condition()), timeout);

    public static async Task<bool> Holds(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(10);
        }
        return true;
    }
}
