using ProxyServer.NginxConf.Syntax;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives;

/// <summary>
/// One row of the directive table, nginx's <c>ngx_command_t</c>: the name, where it may appear, how many
/// arguments it takes, whether it opens a block, how its value is checked, and what proxyserver does with it.
/// The same name may have several specs in different contexts (<c>server</c> in http vs upstream).
/// A stock nginx directive's row is written with its name (or key) and support only: its contexts, arity, block and repetition come from nginx's own answers
/// (<see cref="ProbedDirective"/>), filled in by <see cref="DirectiveTable"/>; the module file says the rest.
/// </summary>
public sealed record DirectiveSpec(
    string Name,
    DirectiveContext Contexts,
    Arity Arity,
    DirectiveSupport Support)
{
    /// <summary>The nginx module that defines it, e.g. <c>ngx_http_proxy_module</c>.</summary>
    public string Module { get; init; } = "";

    /// <summary>Opens a <c>{ }</c> block (<c>NGX_CONF_BLOCK</c>).</summary>
    public bool IsBlock { get; init; }

    /// <summary>For a block: what its body holds.</summary>
    public BodyKind Body { get; init; } = BodyKind.Directives;

    /// <summary>For a block whose body holds directives: the context of that body (<c>server</c> opens <see cref="DirectiveContext.Server"/>).</summary>
    public DirectiveContext Opens { get; init; }

    /// <summary>
    /// May appear more than once in one block. False means nginx answers <c>"x" directive is duplicate</c>
    /// (its <c>ngx_conf_set_*_slot</c> functions refuse a value already set at that level).
    /// </summary>
    public bool Repeatable { get; init; }

    public ValueKind Value { get; init; } = ValueKind.Text;

    /// <summary>Allowed words for <see cref="ValueKind.Choice"/> and <see cref="ValueKind.ChoiceList"/>.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Checks beyond the generic slot shape (listen parameters, location nesting, if conditions...).</summary>
    public DirectiveCheck? Check { get; init; }

    /// <summary>
    /// A dynamic module that must be loaded (<c>load_module modules/NAME.so</c>) for nginx to know the
    /// directive, e.g. <c>ngx_stream_module</c>; null for modules built into Debian's nginx.
    /// </summary>
    public string? DynamicModule { get; init; }

    /// <summary>
    /// The key the runtime reads this directive through, declared beside the row in the same module;
    /// null where nothing reads it (ignored and refused rows, and those the front end consumes, such as <c>include</c>).
    /// </summary>
    public DirectiveKey? Key { get; init; }

    /// <summary>Why a directive is ignored or refused: what proxyserver lacks, shown with the diagnostic.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// For a <see cref="DirectiveSupport.Refused"/> directive: the lone argument that asks for nothing we
    /// lack (nginx's default, <c>off</c> for most), so <c>auth_basic off;</c> or <c>satisfy all;</c> is accepted.
    /// </summary>
    public string? Inert { get; init; } = "off";

    /// <summary>This use of the directive asks for nothing: its lone argument is <see cref="Inert"/>.</summary>
    public bool AsksForNothing(ConfigDirective use) => use.Args.Count == 1 && use.Args[0].Value == Inert;

    /// <summary>A stock directive whose shape (contexts, arity, block, repetition) nginx's probe gives.</summary>
    public DirectiveSpec(string name, DirectiveSupport support) : this(name, DirectiveContext.None, 0, support)
    {
    }

    /// <summary>A stock directive the runtime reads through <paramref name="key"/>.</summary>
    public DirectiveSpec(DirectiveKey key, DirectiveSupport support) : this(key.Name, DirectiveContext.None, 0, support) => Key = key;

    /// <summary>A directive nginx 1.22 does not know (ours, NGINX Plus's), read through <paramref name="key"/>.</summary>
    public DirectiveSpec(DirectiveKey key, DirectiveContext contexts, Arity arity, DirectiveSupport support) : this(key.Name, contexts, arity, support) => Key = key;

    /// <summary>True for a row still waiting for its probed shape.</summary>
    internal bool IsProbed => Contexts == DirectiveContext.None;
}
