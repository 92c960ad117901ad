using Microsoft.AspNetCore.Http;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Addition;

/// <summary>A location's <c>add_before_body</c>/<c>add_after_body</c> URIs (empty when unset) and <c>addition_types</c>.</summary>
public sealed record AdditionSettings(string BeforeBody, string AfterBody, ContentTypeSet Types);

/// <summary>
/// ngx_http_addition_filter_module: the answers of subrequests for <c>add_before_body</c> and <c>add_after_body</c>
/// around a client's 200 response of <c>addition_types</c> (text/html by default). The header part
/// (ngx_http_addition_header_filter) drops Content-Length and Accept-Ranges and weakens the ETag; the body part
/// is <see cref="AdditionStage"/>. A subrequest's own response gets nothing added, so a page may add itself.
/// </summary>
public sealed class AdditionModule : IHttpModule, IResponseBodyFilter
{
    public string Name => "ngx_http_addition_filter_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var scope = location.Scope;
        var before = scope.Get(AdditionDirectives.BeforeBody, context);
        var after = scope.Get(AdditionDirectives.AfterBody, context);
        var types = ContentTypeSet.From(scope.Nearest(AdditionDirectives.Types), "text/html");
        if (before.Length == 0 && after.Length == 0) return;
        location.Features.Set(new AdditionSettings(before, after, types));
        location.BodyFilters.Add(this);
    }

    public bool Takes(NginxRequest request, int status) => Considers(request, status) is not null;

    public Func<Stream, Stream>? Start(NginxRequest request, int status)
    {
        if (Considers(request, status) is not { } settings) return null;
        var response = request.Http.Response;
        response.ContentLength = null;
        response.Headers.AcceptRanges = default;
        Responses.WeakenEtag(response);
        return next => new AdditionStage(next, request, settings);
    }

    /// <summary>The test of ngx_http_addition_header_filter: a 200 of the client's request, a URI set, a listed type.</summary>
    private static AdditionSettings? Considers(NginxRequest request, int status)
    {
        if (status != 200 || request.IsSubrequest) return null;
        if (request.Location.Features.Get<AdditionSettings>() is not { } settings) return null;
        return settings.Types.Matches(request.Http.Response.ContentType) ? settings : null;
    }
}

/// <summary>
/// ngx_http_addition_body_filter: the <c>add_before_body</c> subrequest's answer goes out before the first byte of
/// the response (or at its end when it has none), the <c>add_after_body</c> one after the last. Both join the response
/// where nginx's postpone filter joins subrequests' answers (<see cref="FilteredResponseBody.PostponePoint"/>): the
/// page's sub_filter and ssi do not rewrite them, gzip compresses them with it.
/// </summary>
public sealed class AdditionStage : WriteOnlyStream
{
    private readonly Stream _next;
    private readonly NginxRequest _request;
    private readonly AdditionSettings _settings;
    private bool _beforeSent;

    public AdditionStage(Stream next, NginxRequest request, AdditionSettings settings)
    {
        _next = next;
        _request = request;
        _settings = settings;
        // A HEAD answer has no body to add to (nginx's body filters do not run for it).
        _beforeSent = HttpMethods.IsHead(request.Method);
        if (settings.AfterBody.Length > 0 && !_beforeSent)
            request.FilteredBody?.WhenAboveStagesEnd(() => SendAnswerAsync(settings.AfterBody, default));
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await SendBeforeAsync(cancellationToken);
        await _next.WriteAsync(buffer, cancellationToken);
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendBeforeAsync(cancellationToken);
        await _next.FlushAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await SendBeforeAsync(default);
        await base.DisposeAsync();
    }

    private async Task SendBeforeAsync(CancellationToken cancellationToken)
    {
        if (_beforeSent) return;
        _beforeSent = true;
        if (_settings.BeforeBody.Length > 0) await SendAnswerAsync(_settings.BeforeBody, cancellationToken);
    }

    /// <summary>ngx_http_subrequest(r, uri, NULL, ...): the URI as written, no arguments.</summary>
    private async Task SendAnswerAsync(string uri, CancellationToken cancellationToken)
    {
        if (await Subrequests.RunAsync(_request, uri, null, new SubrequestOptions(KeepBody: true)) is { Body.Length: > 0 } answer
            && _request.FilteredBody is { } body)
        {
            await body.PostponePoint.WriteAsync(answer.Body, cancellationToken);
        }
    }
}
