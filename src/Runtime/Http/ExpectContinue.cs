using Microsoft.AspNetCore.Connections.Features;
using ProxyServer.Runtime.Http.Rejections;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// ngx_http_test_expect for a request without a body: nginx answers <c>Expect: 100-continue</c> (any case) of
/// an HTTP/1.1 request when a handler reads or discards the body, before it looks at the body's length, so a
/// <c>Content-Length: 0</c> POST gets its <c>HTTP/1.1 100 Continue</c> too. Kestrel sends it only from a
/// read of a body that has bytes to come; for the empty body we put it on the connection ourselves, ahead of
/// the response (Kestrel has written nothing yet). Once per request, as nginx's r->expect_tested.
/// </summary>
public static class ExpectContinue
{
    private static readonly byte[] Interim = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    /// <summary>Called where nginx reads or discards a body that turns out empty (no length, not chunked).</summary>
    public static void AnswerForEmptyBody(NginxRequest request)
    {
        var http = request.Http;
        if (http.Request.Protocol != "HTTP/1.1") return;
        if (!http.Request.Headers.TryGetValue("Expect", out var expect) || expect.Count != 1
            || !string.Equals(expect[0], "100-continue", StringComparison.OrdinalIgnoreCase)) return;
        if (request.Features.Get<Tested>() is not null) return;
        request.Features.Set(new Tested());
        if (http.Features.Get<IConnectionItemsFeature>()?.Items is { } items && items.TryGetValue(typeof(RejectionGate), out var gate))
            ((RejectionGate)gate!).WriteInterim(Interim);
    }

    /// <summary>The request's expectation was looked at (r->expect_tested).</summary>
    private sealed class Tested;
}
