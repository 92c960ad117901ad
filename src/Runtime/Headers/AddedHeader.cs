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

    /// <summary>The value for this response, NUL, CR and LF made spaces (a header cannot be split by a variable's value).</summary>
    public string Evaluate(NginxRequest request) => Sanitize(Value.Evaluate(request));

    private static string Sanitize(string value) =>
        value.AsSpan().IndexOfAny('\0', '\r', '\n') < 0 ? value : value.Replace('\0', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
