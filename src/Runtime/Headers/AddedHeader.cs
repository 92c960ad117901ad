using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Headers;

/// <summary>
/// One <c>add_header NAME VALUE [always]</c>. Most names are appended (an empty value adds
/// nothing); Cache-Control and Link add one more line; Last-Modified and ETag replace the
/// response's own (an empty value removes it), as ngx_http_headers_filter_module does.
/// Also one <c>add_trailer NAME VALUE [always]</c>, which <see cref="TrailersStage"/> evaluates at the body's end.
/// </summary>
public sealed record AddedHeader(string Name, ComplexValue Value, bool Always)
{
    public void Apply(NginxRequest request)
    {
        var value = Evaluate(request);
        var headers = request.Http.Response.Headers;
        if (Name.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase) || Name.Equals("ETag", StringComparison.OrdinalIgnoreCase))
        {
            headers.Remove(Name);
            if (value.Length > 0) headers[Name] = value;
            return;
        }
        if (value.Length == 0) return;
        headers.Append(Name, value);
    }

    /// <summary>
    /// The value for this response, its control bytes (but tab) made spaces: a header cannot be split by a variable's
    /// value, and Kestrel refuses the others (a 500 with no body) where nginx sends them as they are (http_uri.t's
    /// "x /\x02 x" from <c>$uri</c>): the answer keeps nginx's status and headers, one byte apart.
    /// </summary>
    public string Evaluate(NginxRequest request) => Sanitize(Value.Evaluate(request));

    private static readonly System.Buffers.SearchValues<char> ControlBytes = System.Buffers.SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f");

    private static string Sanitize(string value)
    {
        if (value.AsSpan().IndexOfAny(ControlBytes) < 0) return value;
        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++) span[i] = ControlBytes.Contains(source[i]) ? ' ' : source[i];
        });
    }
}
