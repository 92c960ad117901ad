using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>mail {}</c>, a dynamic module in Debian's nginx: known only after <c>load_module ...ngx_mail_module.so</c>.</summary>
public sealed class MailDirectives : IDirectiveModule
{
    public string Name => "ngx_mail_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("mail", Main, Arity.NoArgs, Ignored)
        {
            IsBlock = true, Body = BodyKind.Opaque, Opens = Mail, DynamicModule = "ngx_mail_module",
            Note = "mail proxying is not supported",
        },
    ];
}
