using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Modules;

/// <summary>
/// One nginx module's part in the runtime: the variables it offers, what it compiles at http
/// level (upstream groups, maps, log formats), and what it adds to each location (a content
/// handler, an access check, settings). A new module is a folder with a class implementing
/// this and one line in <see cref="HttpModules.All"/>. Steps run in registration order.
/// </summary>
public interface IHttpModule
{
    /// <summary>nginx's module name (<c>ngx_http_proxy_module</c>), for <c>-V</c> and diagnostics.</summary>
    string Name { get; }

    /// <summary>Registers variables by name or prefix. Runs before anything compiles.</summary>
    void RegisterVariables(VariableRegistry variables, CompileContext context) { }

    /// <summary>Compiles http-level blocks this module owns; publish results in <see cref="CompileContext.Features"/>.</summary>
    void CompileHttp(DirectiveScope http, CompileContext context) { }

    /// <summary>
    /// Adds to one location (also called for the server's own level, <c>if</c> blocks inside
    /// locations, and named locations): read directives through <see cref="LocationBuilder.Scope"/>
    /// (inheritance included), set <see cref="LocationBuilder.Content"/>, add access handlers.
    /// </summary>
    void CompileLocation(LocationBuilder location, CompileContext context) { }

    /// <summary>
    /// Runs after every server compiled, when every variable name is known (<c>set</c> declares
    /// names anywhere): compile what refers to variables lazily, such as map values.
    /// </summary>
    void CompleteHttp(CompileContext context) { }

    /// <summary>
    /// Runs once the listen addresses are grouped, each with its default server (nginx's postconfiguration
    /// handlers that walk <c>cmcf->ports</c>, as ngx_http_ssl_init).
    /// </summary>
    void CompleteAddresses(IReadOnlyList<Model.AddressConfig> addresses, CompileContext context) { }
}
