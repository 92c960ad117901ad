using System.Globalization;
using System.Security.Cryptography;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.SecureLink;

/// <summary>
/// ngx_http_secure_link_module: <c>$secure_link</c> and <c>$secure_link_expires</c>, from <c>secure_link</c> +
/// <c>secure_link_md5</c> (a base64url MD5 and an optional expiry) or, when set, the older
/// <c>secure_link_secret</c> form (<c>/prefix/HEXMD5/link</c>). Each directive is inherited on its own.
/// </summary>
public sealed class SecureLinkModule : IHttpModule
{
    public string Name => "ngx_http_secure_link_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("secure_link", r => r.Location.Features.Get<SecureLinkSettings>()?.Evaluate(r));
        variables.Register("secure_link_expires", r => r.Features.Get<SecureLinkExpires>()?.Text);
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        // ngx_http_secure_link_merge_conf, level by level from the top: a level with secure_link_secret uses
        // that alone (and may not set the other two); below it, secure_link or secure_link_md5 replace it.
        var levels = new List<DirectiveScope>();
        for (var level = location.Scope; level is not null; level = level.Parent) levels.Add(level);
        NginxConf.Syntax.ConfigDirective? link = null, md5 = null;
        var secret = "";
        for (var i = levels.Count - 1; i >= 0; i--)
        {
            var level = levels[i];
            var ownLink = level.OwnFirst(SecureLinkDirectives.SecureLink);
            var ownMd5 = level.OwnFirst(SecureLinkDirectives.SecureLinkMd5);
            if (level.OwnFirst(SecureLinkDirectives.SecureLinkSecret) is { Args.Count: 1 } ownSecret)
            {
                if (ownLink is not null || ownMd5 is not null)
                    context.Error("\"secure_link_secret\" cannot be mixed with \"secure_link\" and \"secure_link_md5\"", ownSecret.Position);
                (link, md5, secret) = (null, null, ownSecret.Args[0].Value);
                continue;
            }
            link = ownLink ?? link;
            md5 = ownMd5 ?? md5;
            if (link is not null || md5 is not null) secret = "";
        }
        if (link is null && md5 is null && secret.Length == 0) return;
        location.Features.Set(new SecureLinkSettings(
            link is { Args.Count: 1 } ? ComplexValue.Compile(link.Args[0].Value, context, link.Position) : null,
            md5 is { Args.Count: 1 } ? ComplexValue.Compile(md5.Args[0].Value, context, md5.Position) : null,
            ByteString.FromConfig(secret)));
    }
}

/// <summary>The expiry time text of the link checked in this request (<c>$secure_link_expires</c>).</summary>
public sealed record SecureLinkExpires(string Text);

/// <summary>One level's secure_link settings as ngx_http_secure_link_merge_conf leaves them.</summary>
public sealed class SecureLinkSettings(ComplexValue? link, ComplexValue? md5, string secret)
{
    /// <summary>ngx_http_secure_link_variable: "1" valid, "0" expired, null (not found) for a missing or wrong hash.</summary>
    public string? Evaluate(NginxRequest request)
    {
        if (secret.Length > 0) return EvaluateSecret(request);
        if (link is null || md5 is null) return null;
        var value = link.Evaluate(request);
        long expires = 0;
        var comma = value.IndexOf(',');
        if (comma >= 0)
        {
            var text = value[(comma + 1)..];
            // ngx_atotm: digits only; a failure (-1) or 0 is "not found".
            if (text.Length == 0 || !text.All(char.IsAsciiDigit) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out expires) || expires <= 0)
                return null;
            request.Features.Set(new SecureLinkExpires(text));
            value = value[..comma];
        }
        if (value.Length > 24 || DecodeBase64Url(value) is not { Length: 16 } hash) return null;
        var expected = MD5.HashData(ByteString.ToBytes(md5.Evaluate(request)));
        if (!hash.AsSpan().SequenceEqual(expected)) return null;
        return expires != 0 && expires < DateTimeOffset.UtcNow.ToUnixTimeSeconds() ? "0" : "1";
    }

    /// <summary>
    /// ngx_http_secure_link_old_variable: the raw URI is <c>/prefix/HASH/link</c>, HASH being the 32 hex digits of
    /// MD5(link + secret); the link (with its arguments) is the value.
    /// </summary>
    private string? EvaluateSecret(NginxRequest request)
    {
        var uri = request.RequestUri;
        var start = uri.IndexOf('/', Math.Min(1, uri.Length)) + 1;
        if (start == 0) return null;
        var end = uri.IndexOf('/', start);
        if (end < 0) return null;
        var linkText = uri[(end + 1)..];
        if (end - start != 32 || linkText.Length == 0) return null;
        var hash = MD5.HashData(ByteString.ToBytes(linkText + secret));
        for (var i = 0; i < 16; i++)
        {
            if (!byte.TryParse(uri.AsSpan(start + 2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b) || b != hash[i])
                return null;
        }
        return linkText;
    }

    /// <summary>
    /// ngx_decode_base64url: the URL alphabet without padding; input stops at the first <c>=</c>, any other
    /// character outside the alphabet or a length of 4n+1 fails.
    /// </summary>
    private static byte[]? DecodeBase64Url(string text)
    {
        var length = text.IndexOf('=');
        if (length < 0) length = text.Length;
        var output = new List<byte>(length * 3 / 4);
        int buffer = 0, bits = 0;
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            int sextet = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a' + 26,
                >= '0' and <= '9' => c - '0' + 52,
                '-' => 62,
                '_' => 63,
                _ => -1,
            };
            if (sextet < 0) return null;
            buffer = (buffer << 6) | sextet;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return length % 4 == 1 ? null : output.ToArray();
    }
}
