using System.Text.Json;

namespace ProxyServer.Tests.Runtime.Health;

/// <summary>Reads upstream peers from a running proxyserver's status API.</summary>
internal static class PeerStates
{
    public static async Task<JsonElement> PeerAsync(HttpClient client, string statusPath, string upstream, string address)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(statusPath));
        return document.RootElement.GetProperty("upstreams").GetProperty(upstream).GetProperty("peers").EnumerateArray()
            .Single(p => p.GetProperty("server").GetString() == address).Clone();
    }

    public static async Task<string> StateAsync(HttpClient client, string statusPath, string upstream, string address) =>
        (await PeerAsync(client, statusPath, upstream, address)).GetProperty("state").GetString()!;

    /// <summary>Polls until the peer is in <paramref name="state"/>; fails with the last state seen after <paramref name="timeout"/>.</summary>
    public static async Task WaitForAsync(HttpClient client, string statusPath, string upstream, string address, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string seen;
        while ((seen = await StateAsync(client, statusPath, upstream, address)) != state)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"peer {address} stayed \"{seen}\", expected \"{state}\" within {timeout}");
            await Task.Delay(25);
        }
    }
}
