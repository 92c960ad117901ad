using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// The BODY zone of POST, PUT and PATCH requests, read according to Content-Type. Anything else
/// fires internal rule 11; only when 11 is whitelisted does the raw body go to RAW_BODY rules.
/// Only a request without any body raises 16: an empty one (<c>Content-Length: 0</c>) is read by
/// its type like any other (nothing for a form, 15 for JSON, 11 for an unknown type), as nginx+naxsi does.
/// </summary>
internal static class BodyReader
{
    private static readonly string[] JsonTypes =
        ["application/json", "application/vnd.api+json", "application/reports+json", "application/csp-report"];

    public static bool HasBody(string method) => method is "POST" or "PUT" or "PATCH";

    public static void Read(Inspection inspection, string? contentType, ReadOnlySpan<byte> body, bool present)
    {
        if (!present)
        {
            inspection.FireInternal(InternalRules.EmptyPost, RequestZone.Body);
            return;
        }
        var mediaType = MediaType(contentType);
        if (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            ArgumentReader.Read(inspection, body, RequestZone.Body);
        else if (mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            if (!body.IsEmpty) MultipartBodyReader.Read(inspection, contentType!, body);
        }
        else if (JsonTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            JsonBodyReader.Read(inspection, body);
        else
            ReadUnknown(inspection, body);
    }

    private static void ReadUnknown(Inspection inspection, ReadOnlySpan<byte> body)
    {
        inspection.FireInternal(InternalRules.UnknownContentType, RequestZone.Body);
        if (!inspection.Policy.IsWhitelisted(InternalRules.UnknownContentType, RequestZone.Body, "", inName: false, inspection.Url))
            return;
        var problems = PercentDecoder.Problems.None;
        var text = PercentDecoder.ToText(body, ref problems);
        inspection.CheckPair(RequestZone.RawBody, "", text);
    }

    private static string MediaType(string? contentType)
    {
        if (contentType is null) return "";
        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
    }
}
