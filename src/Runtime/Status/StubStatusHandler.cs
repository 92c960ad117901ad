using System.Globalization;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Status;

/// <summary>
/// <c>stub_status</c>: nginx's plain-text counters, byte for byte as ngx_http_stub_status_module
/// prints them (trailing spaces included). GET and HEAD only, else 405, as nginx.
/// </summary>
public sealed class StubStatusHandler : IContentHandler
{
    public static readonly StubStatusHandler Instance = new();

    public async Task<int> HandleAsync(NginxRequest request)
    {
        if (request.Method is not ("GET" or "HEAD")) return 405;
        await Responses.SendTextAsync(request, 200, Text(request.Model.Cycle.Connections), "text/plain");
        return Outcome.Done;
    }

    /// <summary>The status text for the counters as they are now.</summary>
    public static string Text(ConnectionCounters counters)
    {
        var accepted = counters.Accepted;
        var culture = CultureInfo.InvariantCulture;
        return string.Create(culture, $"Active connections: {counters.Active} \n")
            + "server accepts handled requests\n"
            + string.Create(culture, $" {accepted} {accepted} {counters.Requests} \n")
            + string.Create(culture, $"Reading: {counters.Reading} Writing: {counters.Writing} Waiting: {counters.Waiting} \n");
    }
}
