using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Status;

/// <summary><c>status_api;</c>: the status document as JSON, never cached. GET and HEAD only.</summary>
public sealed class StatusApiHandler : IContentHandler
{
    public static readonly StatusApiHandler Instance = new();

    public async Task<int> HandleAsync(NginxRequest request)
    {
        if (request.Method is not ("GET" or "HEAD")) return 405;
        var body = StatusDocument.Write(request.Model, DateTimeOffset.UtcNow);
        Responses.Start(request, 200);
        var response = request.Http.Response;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache";
        response.ContentLength = body.Length;
        if (request.Method == "HEAD") return Outcome.Done;
        await response.Body.WriteAsync(body);
        request.BodyBytesSent += body.Length;
        return Outcome.Done;
    }
}
