namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// A directive's own check, run after the generic context/arity/duplicate/slot checks passed
/// (nginx's directive handler). For a block directive it runs before the body is walked, so it can
/// leave state in <see cref="DirectiveUse.Body"/> for the directives inside.
/// </summary>
public delegate void DirectiveCheck(DirectiveUse use);
