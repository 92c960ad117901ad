using System.Text.RegularExpressions;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// One config served by the real nginx and by us, for differential tests. The config template
/// names listen ports <c>{{P0}}</c>, <c>{{P1}}</c>...; each server gets its own free ports, and
/// requests may use the same placeholders. <see cref="AssertSameAsync"/> compares status,
/// Location and body after mapping each side's ports back to their placeholders and the server
/// token (<c>nginx/1.22.1</c> / ours) to one word.
/// </summary>
public sealed class DifferentialPair : IDisposable
{
    private readonly int[] _nginxPorts;
    private readonly int[] _ourPorts;

    private DifferentialPair(NginxInstance nginx, ProxyServerInstance ours, int[] nginxPorts, int[] ourPorts)
    {
        Nginx = nginx;
        Ours = ours;
        _nginxPorts = nginxPorts;
        _ourPorts = ourPorts;
    }

    public NginxInstance Nginx { get; }
    public ProxyServerInstance Ours { get; }

    public int NginxPort(int index = 0) => _nginxPorts[index];
    public int OurPort(int index = 0) => _ourPorts[index];

    /// <summary>Starts both with <paramref name="httpTemplate"/> inside <c>http {}</c> (<paramref name="ourEnvironment"/>: added to our process's environment).</summary>
    public static DifferentialPair StartHttp(string httpTemplate, int portCount = 1, IDictionary<string, string>? ourEnvironment = null)
    {
        var nginxPorts = Enumerable.Range(0, portCount).Select(_ => FreePort.Next()).ToArray();
        var ourPorts = Enumerable.Range(0, portCount).Select(_ => FreePort.Next()).ToArray();
        var nginx = NginxInstance.StartHttp(Fill(httpTemplate, nginxPorts), nginxPorts);
        try
        {
            var ours = ProxyServerInstance.StartHttp(Fill(httpTemplate, ourPorts), ourEnvironment);
            return new DifferentialPair(nginx, ours, nginxPorts, ourPorts);
        }
        catch
        {
            nginx.Dispose();
            throw;
        }
    }

    /// <summary>Sends one raw request (placeholders filled per side) to both, on listen port <paramref name="portIndex"/>.</summary>
    public async Task<(RawResponse Nginx, RawResponse Ours)> SendAsync(string rawRequest, int portIndex = 0)
    {
        var nginx = RawHttp.SendAsync(_nginxPorts[portIndex], Fill(rawRequest, _nginxPorts));
        var ours = RawHttp.SendAsync(_ourPorts[portIndex], Fill(rawRequest, _ourPorts));
        return (await nginx, await ours);
    }

    /// <summary>Both answer with the same status, Location and body (normalised as the class says).</summary>
    public async Task<RawResponse> AssertSameAsync(string rawRequest, int portIndex = 0)
    {
        var (nginx, ours) = await SendAsync(rawRequest, portIndex);
        var expected = Describe(nginx, _nginxPorts);
        var actual = Describe(ours, _ourPorts);
        Assert.True(expected == actual, $"request:\n{rawRequest}\nnginx:\n{expected}\nproxyserver:\n{actual}\nour error log:\n{Ours.ErrorLog}");
        return ours;
    }

    /// <summary>The comparable part of a response.</summary>
    public static string Describe(RawResponse response, int[] ports)
    {
        if (response.IsEmpty) return "(connection closed without response)";
        var location = response.Header("Location") is { } l ? "\nLocation: " + Normalise(l, ports) : "";
        return $"{response.Status}{location}\n\n{Normalise(response.Body, ports)}";
    }

    private static string Normalise(string text, int[] ports)
    {
        for (var i = 0; i < ports.Length; i++) text = text.Replace(ports[i].ToString(), $"{{{{P{i}}}}}");
        return ServerToken.Replace(text, "<hr><center>SERVER</center>");
    }

    private static readonly Regex ServerToken = new("<hr><center>[^<]*</center>", RegexOptions.Compiled);

    private static string Fill(string template, int[] ports)
    {
        for (var i = 0; i < ports.Length; i++) template = template.Replace($"{{{{P{i}}}}}", ports[i].ToString());
        return template;
    }

    public void Dispose()
    {
        Ours.Dispose();
        Nginx.Dispose();
    }
}
