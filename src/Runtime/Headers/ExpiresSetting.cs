using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Headers;

public enum ExpiresKind { Off, Epoch, Max, Access, Modified, Daily }

/// <summary>
/// <c>expires [modified] TIME | @TIME | epoch | max | off</c> and how nginx writes it: an
/// Expires date plus one Cache-Control (replacing any others): <c>max-age=N</c>, or
/// <c>no-cache</c> for a negative time; <c>epoch</c> and <c>max</c> are fixed texts.
/// </summary>
public sealed record ExpiresSetting(ExpiresKind Kind, long Seconds, ComplexValue? Value)
{
    public static readonly ExpiresSetting Off = new(ExpiresKind.Off, 0, null);

    /// <summary>ngx_http_parse_expires; null with nginx's error text in <paramref name="error"/>.</summary>
    public static ExpiresSetting? Parse(string text, bool modified, out string? error)
    {
        error = null;
        if (!modified)
        {
            switch (text)
            {
                case "epoch": return new ExpiresSetting(ExpiresKind.Epoch, 0, null);
                case "max": return new ExpiresSetting(ExpiresKind.Max, 0, null);
                case "off": return Off;
            }
        }
        var kind = modified ? ExpiresKind.Modified : ExpiresKind.Access;
        var minus = false;
        if (text.StartsWith('@'))
        {
            if (modified)
            {
                error = "daily time cannot be used with \"modified\" parameter";
                return null;
            }
            kind = ExpiresKind.Daily;
            text = text[1..];
        }
        else if (text.StartsWith('+'))
        {
            text = text[1..];
        }
        else if (text.StartsWith('-'))
        {
            text = text[1..];
            minus = true;
        }
        if (!NginxTime.TryParseSeconds(text, out var time))
        {
            error = "invalid value";
            return null;
        }
        var seconds = (long)time.TotalSeconds;
        if (kind == ExpiresKind.Daily && seconds > 24 * 60 * 60)
        {
            error = "daily time value must be less than 24 hours";
            return null;
        }
        return new ExpiresSetting(kind, minus ? -seconds : seconds, null);
    }

    /// <summary>ngx_http_set_expires for one response.</summary>
    public void Apply(NginxRequest request)
    {
        var setting = this;
        if (Value is not null)
        {
            // A value with variables is parsed per request; a bad one adds nothing.
            if (Parse(Value.Evaluate(request), Kind == ExpiresKind.Modified, out _) is not { } parsed || parsed.Kind == ExpiresKind.Off) return;
            setting = parsed;
        }
        var headers = request.Http.Response.Headers;
        string expires, cacheControl;
        switch (setting.Kind)
        {
            case ExpiresKind.Epoch:
                (expires, cacheControl) = ("Thu, 01 Jan 1970 00:00:01 GMT", "no-cache");
                break;
            case ExpiresKind.Max:
                (expires, cacheControl) = ("Thu, 31 Dec 2037 23:55:55 GMT", "max-age=315360000");
                break;
            default:
                (expires, cacheControl) = setting.Compute(HttpTime.Parse(headers.LastModified));
                break;
        }
        headers.Expires = expires;
        headers.CacheControl = cacheControl;
    }

    private (string Expires, string CacheControl) Compute(long lastModified)
    {
        var now = HttpTime.Now();
        if (Seconds == 0 && Kind != ExpiresKind.Daily) return (HttpTime.Format(now), "max-age=0");
        long at, maxAge;
        if (Kind == ExpiresKind.Daily)
        {
            at = NextDaily(Seconds);
            maxAge = at - now;
        }
        else if (Kind == ExpiresKind.Access || lastModified == -1)
        {
            at = now + Seconds;
            maxAge = Seconds;
        }
        else
        {
            at = lastModified + Seconds;
            maxAge = at - now;
        }
        return (HttpTime.Format(at), Seconds < 0 || maxAge < 0 ? "no-cache" : "max-age=" + maxAge);
    }

    /// <summary>ngx_next_time: the next moment the local clock shows this time of day.</summary>
    private static long NextDaily(long secondsOfDay)
    {
        var now = DateTimeOffset.Now;
        var today = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, now.Offset).AddSeconds(secondsOfDay);
        var next = today.ToUnixTimeSeconds() - now.ToUnixTimeSeconds() > 0 ? today : today.AddDays(1);
        return next.ToUnixTimeSeconds();
    }
}
