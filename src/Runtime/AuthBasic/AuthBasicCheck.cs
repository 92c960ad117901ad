using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.AuthBasic;

/// <summary>
/// <c>auth_basic</c> in the access phase (ngx_http_auth_basic_handler): a realm that evaluates to
/// <c>off</c> has no say; otherwise the Basic credentials must name a user of the user file whose
/// password they match, or the answer is 401 with <c>WWW-Authenticate: Basic realm="..."</c>. The
/// user file's path is evaluated per request, relative to the config's directory.
/// </summary>
public sealed class AuthBasicCheck(ComplexValue realm, ComplexValue userFile, string configPrefix, UserFileCache files) : IAccessCheck
{
    public ValueTask<int> CheckAsync(NginxRequest request) => ValueTask.FromResult(Check(request));

    private int Check(NginxRequest request)
    {
        var realmText = realm.Evaluate(request);
        if (realmText == "off") return Outcome.Continue;

        if (BasicCredentials.Of(request) is not { } credentials)
        {
            request.Log(LogLevel.Info, "no user/password was provided for basic authentication");
            return Challenge(request, realmText);
        }

        var path = FullName(userFile.Evaluate(request));
        var (file, failure) = files.Read(path);
        if (failure is not null)
        {
            request.Log(failure.Level, failure.Message);
            return failure.Status;
        }
        if (file!.PasswordOf(credentials.User) is not { } stored)
        {
            request.LogError($"user \"{credentials.User}\" was not found in \"{path}\"");
            return Challenge(request, realmText);
        }
        switch (PasswordCrypt.Verify(ByteString.ToBytes(credentials.Password), stored))
        {
            case PasswordVerdict.Match:
                return Outcome.Allowed;
            case PasswordVerdict.Unsupported:
                request.LogError($"user \"{credentials.User}\": password hash in \"{path}\" is of a kind this system cannot check");
                return Challenge(request, realmText);
            default:
                request.LogError($"user \"{credentials.User}\": password mismatch");
                return Challenge(request, realmText);
        }
    }

    /// <summary>
    /// ngx_get_full_name with the conf prefix (the user file's ccv.conf_prefix); the path is a C
    /// string to open(), so a NUL a variable brought in ends it.
    /// </summary>
    private string FullName(string path)
    {
        var nul = path.IndexOf('\0');
        if (nul >= 0) path = path[..nul];
        return path.StartsWith('/') ? path : configPrefix.TrimEnd('/') + "/" + path;
    }

    /// <summary>ngx_http_auth_basic_set_realm.</summary>
    private static int Challenge(NginxRequest request, string realmText)
    {
        request.Http.Response.Headers.WWWAuthenticate = "Basic realm=\"" + realmText + "\"";
        return 401;
    }
}
