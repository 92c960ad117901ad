using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Slice;

/// <summary>
/// <c>ngx_http_slice_filter_module</c>'s <c>$slice_range</c>. The <c>slice</c> directive is ignored (responses are
/// fetched whole, which a client cannot tell), so no request is ever sliced and the variable is "not found", as
/// nginx's is where slicing is off: a <c>proxy_set_header Range $slice_range</c> then sends no Range, and the
/// cache key that names it is the whole response's.
/// </summary>
public sealed class SliceModule : IHttpModule
{
    public string Name => "ngx_http_slice_filter_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context) => variables.Register("slice_range", _ => null);
}
