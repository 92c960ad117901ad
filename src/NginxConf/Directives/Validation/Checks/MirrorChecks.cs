namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks of <c>ngx_http_mirror_module</c> directives.</summary>
public static class MirrorChecks
{
    /// <summary><c>mirror URI | off</c>: nginx 1.22 keeps <c>off</c> alone in its block (any other <c>mirror</c> beside it is a duplicate).</summary>
    public static void Mirror(DirectiveUse use)
    {
        const string OffKey = "mirror off", UriKey = "mirror uri";
        var off = use.Args[0].Value == "off";
        if (use.Scope.Earlier(OffKey) is not null || (off && use.Scope.Earlier(UriKey) is not null))
        {
            use.Error($"\"{use.Name}\" directive is duplicate");
            return;
        }
        use.Scope.SetOnce(off ? OffKey : UriKey, use.Directive);
    }
}
