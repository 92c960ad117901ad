namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// The header lines of the last response a request's upstream sent, as received (before
/// <c>proxy_hide_header</c>): nginx's <c>u->headers_in</c>, read by <c>$upstream_http_NAME</c> and by
/// auth_request (the <c>WWW-Authenticate</c> of a proxied 401). Set for every response, also one that
/// is retried or intercepted, as each attempt starts <c>headers_in</c> afresh.
/// </summary>
public sealed class UpstreamResponseHeaders(IReadOnlyList<KeyValuePair<string, string>> lines)
{
    public static UpstreamResponseHeaders From(HttpResponseMessage response)
    {
        var lines = new List<KeyValuePair<string, string>>();
        foreach (var header in response.Headers.NonValidated)
            foreach (var value in header.Value) lines.Add(new(header.Key, value));
        if (response.Content is { } content)
            foreach (var header in content.Headers.NonValidated)
                foreach (var value in header.Value) lines.Add(new(header.Key, value));
        return new UpstreamResponseHeaders(lines);
    }

    /// <summary>The first line named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? First(string name)
    {
        foreach (var line in lines)
            if (string.Equals(line.Key, name, StringComparison.OrdinalIgnoreCase)) return line.Value;
        return null;
    }

    /// <summary>
    /// <c>$upstream_http_NAME</c> (ngx_http_variable_unknown_header): the first line whose name matches
    /// NAME, a <c>_</c> matching a <c>-</c>, case-insensitive.
    /// </summary>
    public string? Variable(string suffix)
    {
        foreach (var line in lines)
            if (line.Key.Length == suffix.Length && string.Equals(line.Key.Replace('-', '_'), suffix, StringComparison.OrdinalIgnoreCase)) return line.Value;
        return null;
    }
}
