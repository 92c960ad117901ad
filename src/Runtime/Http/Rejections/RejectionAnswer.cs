using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ProxyServer.Runtime.Http.Rejections;

/// <summary>
/// What nginx answers where Kestrel rejected a request head, as raw response bytes in nginx's
/// header order (Server, Date, Content-Type, Content-Length, Connection: close). nginx finalizes
/// such requests with its special response page and closes; a header timeout it closes silently.
/// </summary>
public static class RejectionAnswer
{
    /// <summary>
    /// nginx's status for Kestrel's rejection: 414 for a long request line, 494 (sent as 400 "Request
    /// Header Or Cookie Too Large") for too large headers, 505 for an HTTP major version above 1,
    /// 501 for a transfer coding other than chunked, 408 (no answer) for a timeout, 400 for the rest.
    /// </summary>
    public static int NginxStatus(BadHttpRequestException rejection) => rejection.StatusCode switch
    {
        StatusCodes.Status414UriTooLong => 414,
        StatusCodes.Status431RequestHeaderFieldsTooLarge => 494,
        StatusCodes.Status505HttpVersionNotsupported => 505,
        StatusCodes.Status408RequestTimeout => 408,
        _ when rejection.Message.Contains("transfer coding", StringComparison.OrdinalIgnoreCase) => 501,
        _ => 400,
    };

    /// <summary>The bytes nginx sends for <paramref name="status"/>; empty for 408 (nginx closes without answering).</summary>
    public static byte[] Bytes(int status, string serverToken, bool headOnly)
    {
        if (status == 408) return [];
        var page = StatusTexts.Page(status, serverToken) ?? "";
        var sent = StatusTexts.SentStatus(status);
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(sent).Append(' ').Append(StatusTexts.Reason(sent)).Append("\r\n")
            .Append("Server: ").Append(serverToken).Append("\r\n")
            .Append("Date: ").Append(DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Content-Type: text/html\r\n")
            .Append("Content-Length: ").Append(page.Length).Append("\r\n")
            .Append("Connection: close\r\n\r\n");
        if (!headOnly) head.Append(page);
        return Encoding.Latin1.GetBytes(head.ToString());
    }
}
