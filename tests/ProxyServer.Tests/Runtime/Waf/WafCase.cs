using System.Text;
using ProxyServer.Runtime.Waf.Engine;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>One request of a verdict table, printable so a failing row names itself.</summary>
public sealed record WafCase(string Method, string Target, string[] Headers, string? ContentType, string? Body, WafVerdict Expected)
{
    public static WafCase Get(string target, WafVerdict expected, params string[] headers) => new("GET", target, headers, null, null, expected);

    public static WafCase Post(string contentType, string body, WafVerdict expected) => new("POST", "/", [], contentType, body, expected);

    public static string MultipartBody(string boundary, string filename) =>
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nmy notes\r\n" +
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n" +
        $"--{boundary}--\r\n";

    public WafRequest ToRequest()
    {
        var headers = Headers.Select(h => h.Split(": ", 2)).Select(p => KeyValuePair.Create(p[0], p[1])).ToList();
        headers.Insert(0, KeyValuePair.Create("Host", "example.test"));
        if (ContentType is not null) headers.Add(KeyValuePair.Create("Content-Type", ContentType));
        var question = Target.IndexOf('?');
        return new WafRequest
        {
            Method = Method,
            RawPath = question < 0 ? Target : Target[..question],
            RawQuery = question < 0 ? "" : Target[(question + 1)..],
            Headers = headers,
            Body = Body is null ? default : Encoding.UTF8.GetBytes(Body),
            ClientAddress = System.Net.IPAddress.Loopback,
        };
    }

    public override string ToString() =>
        $"{Method} {Target}{string.Concat(Headers.Select(h => " [" + h + "]"))}{(Body is null ? "" : $" ({ContentType}) {Body.ReplaceLineEndings("⏎")}")} => {Expected}";
}
