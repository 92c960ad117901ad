using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Status;

/// <summary>
/// <c>status_dashboard;</c>: one static page (embedded, no build step) that polls the status API
/// (<c>?api=URL</c>, default the sibling <c>api</c>) and draws peers, request rates and latencies.
/// </summary>
public sealed class StatusDashboardHandler : IContentHandler
{
    public static readonly StatusDashboardHandler Instance = new();

    private static readonly byte[] Page = Load();

    public async Task<int> HandleAsync(NginxRequest request)
    {
        if (request.Method is not ("GET" or "HEAD")) return 405;
        Responses.Start(request, 200);
        var response = request.Http.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = Page.Length;
        if (request.Method == "HEAD") return Outcome.Done;
        await response.Body.WriteAsync(Page);
        request.BodyBytesSent += Page.Length;
        return Outcome.Done;
    }

    private static byte[] Load()
    {
        using var stream = typeof(StatusDashboardHandler).Assembly.GetManifestResourceStream("ProxyServer.Runtime.Status.dashboard.html")
            ?? throw new InvalidOperationException("the dashboard page is not embedded");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
