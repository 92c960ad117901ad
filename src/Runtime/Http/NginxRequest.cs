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
        Main = this;
    }

    /// <summary>
    /// A subrequest of <paramref name="parent"/> (ngx_http_subrequest): the same server, connection and
    /// request line, the variables' values shared with the parent (nginx's <c>sr->variables = r->variables</c>),
    /// its own URI, arguments, location, response and upstream state. See <see cref="Subrequests"/>.
    /// </summary>
    internal NginxRequest(HttpContext http, NginxRequest parent, string uri, string? args)
    {
        Http = http;
        Model = parent.Model;
        Address = parent.Address;
        ConnectionId = parent.ConnectionId;
        Slots = parent.Slots;
        Server = parent.Server;
        Location = Server.Root;
        Host = parent.Host;
        // The client is the parent's as realip left it; the connection and its request count are the client's.
        Client = parent.Client;
        Connection = parent.Connection;
        ConnectionRequests = parent.ConnectionRequests;
        RequestUri = parent.RequestUri;
        Method = http.Request.Method;
        Uri = uri;
        if (args is not null) Args = args;
        IsInternal = true;
        BodyDiscarded = parent.BodyDiscarded;
        Parent = parent;
        Main = parent.Main;
        SubrequestsLeft = parent.SubrequestsLeft - 1;
        StartTime = DateTimeOffset.Now;
        StartTimestamp = Stopwatch.GetTimestamp();
    }

    public HttpContext Http { get; }

    /// <summary>The request that made this subrequest; null for the client's request.</summary>
    public NginxRequest? Parent { get; }

    /// <summary>The client's request (nginx's <c>r->main</c>): this one, or the one its subrequests descend from.</summary>
    public NginxRequest Main { get; }

    public bool IsSubrequest => Parent is not null;

    /// <summary>Subrequests this one may still nest (nginx's <c>r->subrequests</c>, NGX_HTTP_MAX_SUBREQUESTS for the client's request).</summary>
    internal int SubrequestsLeft { get; } = Subrequests.MaxDepth;

    /// <summary>Background subrequests (mirror) of the client's request still running: it ends when they do.</summary>
    internal List<Task> Background { get; } = [];

    private CancellationTokenSource? _backgroundAbort;

    /// <summary>Cancelled when the client's request is cut short: its background subrequests end with it.</summary>
    internal CancellationToken BackgroundAborted => (_backgroundAbort ??= new()).Token;

    internal void AbortBackground() => _backgroundAbort?.Cancel();

    /// <summary>A subrequest closed the connection (444): the client's request ends with it, nginx's ngx_http_terminate_request.</summary>
    internal bool ClosedBySubrequest { get; set; }
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

    /// <summary>
    /// The request was finalized with a status and answered with nginx's own page for it (ngx_http_special_response_handler),
    /// not with content: SSI's <c>include stub=</c> shows its block instead (the post-subrequest handler runs first).
    /// </summary>
    public bool FinalizedWithStatus { get; set; }

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

    /// <summary>The body filter chain the response is written through, once a location with body filters was reached.</summary>
    public FilteredResponseBody? FilteredBody { get; set; }

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

    /// <summary>
    /// What the connection is doing, as nginx's <c>c->log->action</c> tells it at the end of an error-log line
    /// (<c> while sending to client</c>) that does not say it itself; set on the client's request, where a
    /// handler (the static module, the upstream's end) sets it in nginx, and read by the lines after it.
    /// </summary>
    public string? LogAction { get; set; }

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

    /// <summary>The request line as nginx logs it (<c>$request</c>): a subrequest's is its client request's.</summary>
    public string RequestLine => IsSubrequest ? Main.RequestLine : $"{Http.Request.Method} {RequestUri} {Protocol}";

    /// <summary>The protocol as nginx names it (<c>$server_protocol</c>, the request line): HTTP/2 is "HTTP/2.0" (ngx_http_v2_construct_request_line).</summary>
    public string Protocol => Http.Request.Protocol switch { "HTTP/2" => "HTTP/2.0", "HTTP/3" => "HTTP/3.0", var other => other };
}

public sealed record PendingRedirect(string Uri, string? Args);
