using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// A certificate name as nginx prints <c>$ssl_client_s_dn</c> and <c>$ssl_client_i_dn</c>
/// (OpenSSL's RFC 2253 form: most specific RDN first, comma separated, <c>,+"\&lt;&gt;;</c> escaped
/// with a backslash), e.g. <c>CN=client one,O=Acme\, Inc.,C=US</c>.
/// </summary>
public static class DistinguishedName
{
    public static string Rfc2253(X500DistinguishedName name)
    {
        var parts = new List<string>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            var oid = rdn.GetSingleElementType();
            var value = rdn.GetSingleElementValue() ?? "";
            parts.Add($"{ShortName(oid)}={Escape(value)}");
        }
        return string.Join(",", parts);
    }

    /// <summary>
    /// <c>$ssl_client_s_dn_legacy</c> and <c>_i_dn_legacy</c>: OpenSSL's X509_NAME_oneline, the RDNs in the certificate's
    /// order (least specific first), each after a <c>/</c>, values as they are (<c>/C=US/O=Acme, Inc./CN=client one</c>).
    /// </summary>
    public static string OneLine(X500DistinguishedName name)
    {
        var builder = new StringBuilder();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: false))
            builder.Append('/').Append(ShortName(rdn.GetSingleElementType())).Append('=').Append(rdn.GetSingleElementValue() ?? "");
        return builder.ToString();
    }

    private static string ShortName(System.Security.Cryptography.Oid oid) => oid.Value switch
    {
        "2.5.4.3" => "CN", "2.5.4.6" => "C", "2.5.4.7" => "L", "2.5.4.8" => "ST", "2.5.4.10" => "O",
        "2.5.4.11" => "OU", "2.5.4.9" => "street", "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID", "1.2.840.113549.1.9.1" => "emailAddress",
        "2.5.4.5" => "serialNumber", "2.5.4.4" => "SN", "2.5.4.42" => "GN", "2.5.4.12" => "title",
        var other => oid.FriendlyName is { Length: > 0 } friendly ? friendly : other ?? "",
    };

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';'
                || (i == 0 && c is ' ' or '#') || (i == value.Length - 1 && c == ' '))
                builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
