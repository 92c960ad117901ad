using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Variables;

/// <summary>
/// Reads one variable for one request. Returns null when the variable is "not found" in nginx's
/// sense (it then evaluates to the empty string, and <c>if ($x)</c> is false).
/// </summary>
public delegate string? VariableGetter(NginxRequest request);
