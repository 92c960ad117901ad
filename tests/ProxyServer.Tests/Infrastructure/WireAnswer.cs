using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// Comparisons beyond <see cref="DifferentialPair.AssertSameAsync"/> for answers nginx shapes on
/// the wire: the status line, the headers that carry meaning (Content-Type, Connection, Location),
/// Content-Length against the body actually sent, and the body, with the server token and ports
/// normalised. Also a raw client that tells "the server closed without answering" from "it never did".
/// </summary>
public static partial class WireAnswer
{
    /// <summary>Sends <paramref name="request"/> to both servers of <paramref name="pair"/> and asserts the same answer.</summary>
    public static async Task AssertSameAsync(DifferentialPair pair, string request, int portIndex = 0)
    {
        var (nginx, ours) = await pair.SendAsync(request, portIndex);
        var expected = Describe(nginx, [pair.NginxPort(0), pair.NginxPort(Math.Min(1, portIndex))]);
        var actual = Describe(ours, [pair.OurPort(0), pair.OurPort(Math.Min(1, portIndex))]);
        Assert.True(expected == actual, $"request:\n{request}\nnginx:\n{expected}\nproxyserver:\n{actual}");
    }

    /// <summary>The parts of an answer compared; Content-Length is checked against the body rather than compared (the token lengths differ).</summary>
    public static string Describe(RawResponse response, int[] ports)
    {
        if (response.IsEmpty) return "(connection closed without response)";
        var length = response.Header("Content-Length");
        var lengthMatches = length is null || response.StatusLine.Length == 0 || int.Parse(length) == response.Body.Length || response.Body.Length == 0;
        var text = $"{response.StatusLine}\nContent-Type: {Shown("Content-Type")}\nConnection: {Shown("Connection")}\n" +
            $"Location: {Shown("Location")}\nContent-Length: {(length is null ? "(none)" : lengthMatches ? "matches body" : "differs from body")}\n\n{response.Body}";
        for (var i = 0; i < ports.Length; i++) text = text.Replace(ports[i].ToString(), $"P{i}");
        return ServerToken().Replace(text, "<hr><center>SERVER</center>");

        string Shown(string name) => response.Header(name) ?? "(none)";
    }

    [GeneratedRegex("<hr><center>[^<]*</center>")]
    private static partial Regex ServerToken();

    /// <summary>How a connection ended: what arrived, and whether the server closed it (FIN or reset) before <paramref name="wait"/>.</summary>
    public sealed record Ending(byte[] Received, bool ClosedByServer);

    /// <summary>Connects, sends <paramref name="request"/> (possibly a partial one), and waits for the server to close.</summary>
    public static async Task<Ending> SendAndWaitForCloseAsync(int port, string request, TimeSpan wait)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        if (request.Length > 0) await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(request));
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0) return new Ending(received.ToArray(), true);
                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            return new Ending(received.ToArray(), false);
        }
        catch (IOException)
        {
            return new Ending(received.ToArray(), true);
        }
    }
}
