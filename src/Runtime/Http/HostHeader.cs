namespace ProxyServer.Runtime.Http;

/// <summary>
/// nginx's Host validation (ngx_http_validate_host): lower-cased, the port and one trailing dot
/// removed, IPv6 literals kept in brackets; <c>..</c>, <c>/</c>, NUL, controls and
/// an empty result are invalid (400 "client sent invalid host header").
/// </summary>
public static class HostHeader
{
    public static string? Validate(string host)
    {
        var dotPosition = -2;
        var hostLength = host.Length;
        var inLiteral = false;
        var afterHost = false;
        for (var i = 0; i < host.Length; i++)
        {
            var c = host[i];
            switch (c)
            {
                case '.':
                    if (dotPosition == i - 1) return null;
                    dotPosition = i;
                    break;
                case ':':
                    if (!afterHost && !inLiteral)
                    {
                        hostLength = i;
                        afterHost = true;
                    }
                    break;
                case '[':
                    if (i == 0) inLiteral = true;
                    break;
                case ']':
                    if (inLiteral && !afterHost)
                    {
                        hostLength = i + 1;
                        afterHost = true;
                        inLiteral = false;
                    }
                    break;
                case '\0' or '/':
                    return null;
                default:
                    if (c <= ' ' || c == '\x7f') return null;
                    break;
            }
        }
        if (dotPosition == hostLength - 1) hostLength--;
        if (hostLength <= 0) return null;
        return host[..hostLength].ToLowerInvariant();
    }
}
