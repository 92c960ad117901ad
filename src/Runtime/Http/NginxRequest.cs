using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Model;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// One request as nginx's phases see it: the chosen server and location, the normalised
/// <c>$uri</c> and <c>$args</c> (changed by rewrites and internal redirects), the current regex
/// captures, per-request variable slots, and bookkeeping for error pages and logging.
/// Request-derived strings are byte strings (see <see cref="Core.ByteString"/>).
/// </summary>
public sealed class NginxRequest
{
    /// <summary>nginx's NGX_HTTP_MAX_URI_CHANGES + 1: ten rewrites/redirects allowed, the eleventh is a cycle.</summary>
    public const int MaxUriChanges = 11;

    public NginxRequest(HttpContext http, RuntimeModel model, AddressConfig address, long connectionId)
    {
        Http = http;
        Model = model;
        Address = address;
        ConnectionId = connectionId;
        Slots = new string?[model.SlotCount];
        Server = address.DefaultServer;
        Location = Server.Root;
        Client = ClientAddress.Of(http.Connection);
        StartTime = DateTimeOffset.Now;
        StartTimestamp = Stopwatch.GetTimestamp();
    }

    public HttpContext Http { get; }
    public RuntimeModel Model { get; }
    public AddressConfig Address { get; }
    public long ConnectionId { get; }

    /// <summary>The client connection (null for a request refused before the pipeline, such as a bad request line).</summary>
    public ClientConnection? Connection { get; init; }

    /// <summary>This request's ordinal on its connection (<c>$connection_requests</c>).</summary>
    public int ConnectionRequests { get; init; } = 1;
    public VirtualServer Server { get; set; }

    /// <summary>The client address every module reads (nginx's connection sockaddr): the peer, or what realip put in its place.</summary>
    public ClientAddress Client { get; set; }
    public LocationConfig Location { get; set; }

    /// <summary>Validated Host (lower-cased, port and trailing dot removed); "" when the request had none.</summary>
    public string Host { get; set; } = "";

    /// <summary>The request line's target as received (<c>$request_uri</c>).</summary>
    public string RequestUri { get; set; } = "";

    /// <summary>The request method as received.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>The normalised, percent-decoded path (<c>$uri</c>).</summary>
    public string Uri { get; set; } = "/";

    /// <summary>The query string without <c>?</c> (<c>$args</c>).</summary>
    public string Args
    {
        get => _args;
        set
        {
            _args = value;
            ArgsPresent = true;
        }
    }

    private string _args = "";

    /// <summary>The target had a <c>?</c> or a rewrite set arguments: an empty <c>$args</c> is then "" rather than "not found" ("-" in logs).</summary>
    public bool ArgsPresent { get; set; }

    /// <summary>A rewrite without flag changed <see cref="Uri"/>: the location is searched again after the program.</summary>
    public bool UriChanged { get; set; }

    /// <summary>A rewrite changed <see cref="Uri"/> at some point (nginx's valid_unparsed_uri is then off).</summary>
    public bool UriRewritten { get; set; }

    /// <summary>False after <c>rewrite ... break</c>: the URI no longer matches the location's name (nginx's valid_location).</summary>
    public bool ValidLocation { get; set; } = true;

    /// <summary>Captures of the last regex that matched.</summary>
    public RegexCaptures Captures { get; set; } = RegexCaptures.None;

    /// <summary>Per-request values of <c>set</c> variables, named captures and cached map results.</summary>
    public string?[] Slots { get; }

    /// <summary>Rewrites and internal redirects left before nginx declares a cycle.</summary>
    public int UriChangesLeft { get; set; } = MaxUriChanges;

    /// <summary>True after an internal redirect or a rewrite of the URI (<c>internal</c> locations become reachable).</summary>
    public bool IsInternal { get; set; }

    /// <summary>An error_page already redirected this request (recursive_error_pages off stops another).</summary>
    public bool ErrorPageUsed { get; set; }

    /// <summary>The request body was refused (413) and is discarded (nginx's discard_body).</summary>
    public bool BodyDiscarded { get; set; }

    /// <summary>The status an <c>error_page</c> imposes on whatever the new location answers (nginx's err_status).</summary>
    public int? StatusOverride { get; set; }

    /// <summary>The status sent (<c>$status</c>), set when the response starts.</summary>
    public int Status { get; set; }

    public DateTimeOffset StartTime { get; }
    public long StartTimestamp { get; }

    /// <summary>Response body bytes written (<c>$body_bytes_sent</c>).</summary>
    public long BodyBytesSent { get; set; }

    /// <summary>State modules keep per request (upstream timings, WAF verdict...).</summary>
    public FeatureCollection Features { get; } = new();

    /// <summary>An internal redirect a handler asked for; the pipeline performs it.</summary>
    public PendingRedirect? Redirect { get; private set; }

    /// <summary>
    /// Asks for an internal redirect to <paramref name="uri"/> (a path, or <c>@name</c>) — the
    /// handler then returns <see cref="Modules.Outcome.Redirected"/>.
    /// </summary>
    public void RedirectTo(string uri, string? args = null) => Redirect = new PendingRedirect(uri, args);

    internal PendingRedirect? TakeRedirect()
    {
        var redirect = Redirect;
        Redirect = null;
        return redirect;
    }

    /// <summary>The error log of the current location (nginx logs request errors where the location says).</summary>
    public Logging.ErrorLog ErrorLog => Location.Features.Get<Logging.LocationLogs>()?.ErrorLog ?? Model.ErrorLog;

    public void LogError(string message, string? upstream = null) => ErrorLog.Write(Logging.LogLevel.Error, this, message, upstream);

    public void Log(Logging.LogLevel level, string message) => ErrorLog.Write(level, this, message);

    /// <summary>A header of the request, or null.</summary>
    public string? Header(string name)
    {
        var values = Http.Request.Headers[name];
        return values.Count == 0 ? null : values.Count == 1 ? values[0] : string.Join(", ", values!);
    }

    /// <summary>The request line as nginx logs it (<c>$request</c>).</summary>
    public string RequestLine => $"{Http.Request.Method} {RequestUri} {Http.Request.Protocol}";
}

public sealed record PendingRedirect(string Uri, string? Args);
