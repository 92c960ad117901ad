using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Runtime.Http.Rejections;

/// <summary>
/// The log lines nginx writes for a request it refuses while reading the head, for the requests
/// Kestrel refused: an info line in the error log, and an access-log line through the default
/// server's <c>access_log</c> once the request line was read (nginx logs the partial line read so
/// far, which Kestrel does not keep; without a method there is no line to log).
/// </summary>
public static class RejectionLog
{
    public static void Write(IFeatureCollection features, RuntimeModel model, BadHttpRequestException rejection, int status, long bodyBytes)
    {
        var connection = features.Get<IHttpConnectionFeature>();
        var address = model.FindAddress(LocalEndPoints.Of(features)) ?? model.Addresses[0];
        var http = new DefaultHttpContext(features);
        var request = new NginxRequest(http, model, address, RequestPipeline.ConnectionNumber(http, model.Cycle.Connections))
        {
            Method = http.Request.Method,
            RequestUri = features.Get<IHttpRequestFeature>()?.RawTarget ?? "",
            Status = StatusTexts.SentStatus(status),
            BodyBytesSent = bodyBytes,
        };
        var lineRead = request.Method.Length > 0;
        var message = Message(rejection, status, lineRead);
        if (lineRead)
        {
            request.Log(LogLevel.Info, message);
            AccessLogWriter.Write(request);
        }
        else
        {
            var client = request.Client.Text;
            request.ErrorLog.Write(LogLevel.Info, $"{message}, client: {client}, server: {address.DefaultServer.PrimaryName}");
        }
    }

    /// <summary>nginx's wording for the refusal, as close as Kestrel's reason allows.</summary>
    private static string Message(BadHttpRequestException rejection, int status, bool lineRead)
    {
        var stage = lineRead ? "while reading client request headers" : "while reading client request line";
        return status switch
        {
            408 => $"client timed out (110: Connection timed out) {stage}",
            414 => "client sent too long URI while reading client request line",
            494 => $"client sent too long header line {stage}",
            505 => "client sent invalid version while reading client request line",
            501 => $"client sent unknown \"Transfer-Encoding\" {stage}",
            _ when rejection.Message.Contains("Host", StringComparison.Ordinal) && rejection.Message.Contains("missing", StringComparison.OrdinalIgnoreCase)
                => "client sent HTTP/1.1 request without \"Host\" header while reading client request headers",
            _ when rejection.Message.Contains("Host", StringComparison.Ordinal) => $"client sent invalid host header {stage}",
            _ => lineRead ? $"client sent invalid header line {stage}" : $"client sent invalid request {stage}",
        };
    }
}
