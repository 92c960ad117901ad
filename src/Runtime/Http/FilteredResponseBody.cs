using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// nginx's body filter chain for one request (<c>ngx_http_output_filter</c> through
/// <c>ngx_http_top_body_filter</c>): put in place of the response body feature once, when the request
/// reaches a location with body filters (<see cref="Attach"/>), so every writer (static files, YARP, return,
/// error pages) writes through it. It passes bytes as they are until <see cref="Responses.Start"/> engages
/// the filters of the location the response starts in; then the bytes flow through their stages, each
/// writing into the next, the last into the response. A write flushes the stages when the producer asks
/// for it (<see cref="FlushEachWrite"/>: nginx's <c>b->flush</c> on every buffer of an unbuffered upstream).
/// <see cref="FinishAsync"/> ends the stages (gzip's trailer) before the log phase, unless the client or the
/// producer aborted the response: a truncated response is never completed with a trailer that claims it whole.
/// </summary>
public sealed class FilteredResponseBody : WriteOnlyStream, IHttpResponseBodyFeature
{
    private readonly NginxRequest _request;
    private readonly IHttpResponseBodyFeature _inner;
    private readonly Stream _innerStream;
    private readonly List<Stream> _stages = [];
    private readonly List<Func<Task>> _whenAboveEnded = [];
    private int _postponeIndex;
    private Stream? _top;
    private ResponseSink? _sink;
    private PipeWriter? _writer;
    private bool _engaged;
    private bool _finished;
    private long _in;

    private FilteredResponseBody(NginxRequest request, IHttpResponseBodyFeature inner)
    {
        _request = request;
        _inner = inner;
        _innerStream = inner.Stream;
    }

    /// <summary>Flush the stages after each write (set by a producer that streams as data arrives: proxy_pass).</summary>
    public bool FlushEachWrite { get; set; }

    /// <summary>Wraps the request's response body once, when its location has body filters and nothing was sent yet.</summary>
    public static void Attach(NginxRequest request)
    {
        if (request.FilteredBody is not null || request.Location.BodyFilters.Count == 0 || request.Http.Response.HasStarted) return;
        var features = request.Http.Features;
        if (features.Get<IHttpResponseBodyFeature>() is not { } inner) return;
        var body = new FilteredResponseBody(request, inner);
        features.Set<IHttpResponseBodyFeature>(body);
        request.FilteredBody = body;
    }

    /// <summary>True when some filter of the location would rewrite a response starting with <paramref name="status"/>.</summary>
    public bool Takes(int status)
    {
        foreach (var filter in _request.Location.BodyFilters)
            if (filter.Takes(_request, status)) return true;
        return false;
    }

    /// <summary>
    /// Runs the location's body filters for the response starting with <paramref name="status"/>, in chain
    /// order, and links the stages of those that take it. Once per request.
    /// </summary>
    internal void Engage(int status)
    {
        if (_engaged) return;
        _engaged = true;
        List<Func<Stream, Stream>>? makers = null;
        foreach (var filter in _request.Location.BodyFilters)
        {
            if (filter.Start(_request, status) is not { } maker) continue;
            (makers ??= []).Add(maker);
            if (Modules.HttpModules.IsAbovePostpone(filter)) _postponeIndex = makers.Count;
        }
        if (makers is null) return;
        _sink = new ResponseSink(_innerStream);
        Stream next = _sink;
        for (var i = makers.Count - 1; i >= 0; i--)
        {
            next = makers[i](next);
            _stages.Insert(0, next);
        }
        _top = next;
    }

    /// <summary>Once engaged with no stage taking the response: the stream its writes go to unchanged; otherwise null.</summary>
    public Stream? Unfiltered => _engaged && _top is null ? _innerStream : null;

    /// <summary>
    /// Where a subrequest's answer joins this response (nginx's postpone filter, below ssi and above gzip): the first
    /// stage past it, or the response. Known once the filters are engaged.
    /// </summary>
    public Stream PostponePoint => _postponeIndex < _stages.Count ? _stages[_postponeIndex] : _sink ?? _innerStream;

    /// <summary>
    /// Runs <paramref name="action"/> once the stages above the postpone point have ended (their held bytes gone out),
    /// before the ones below end: where add_after_body's answer follows the page's last byte. Not for an answer cut
    /// short or a HEAD answer.
    /// </summary>
    public void WhenAboveStagesEnd(Func<Task> action) => _whenAboveEnded.Add(action);

    /// <summary>
    /// Ends the stages in order (each one's tail flows into the next) and corrects <c>$body_bytes_sent</c>
    /// to the bytes that left the last stage. An aborted response is dropped, not ended.
    /// </summary>
    public async Task FinishAsync()
    {
        if (_finished) return;
        _finished = true;
        if (_top is null || _sink is null) return;
        var aborted = _request.Http.RequestAborted.IsCancellationRequested;
        // A HEAD answer has no body: its head may say gzip, but no stage's tail is sent.
        if (aborted || HttpMethods.IsHead(_request.Method)) _sink.Discard = true;
        try
        {
            if (!_request.Http.Response.HasStarted && !aborted) await _inner.StartAsync();
            for (var i = 0; i <= _stages.Count; i++)
            {
                if (i == _postponeIndex && !_sink.Discard)
                    foreach (var action in _whenAboveEnded) await action();
                if (i < _stages.Count) await _stages[i].DisposeAsync();
            }
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away while the tails were written: nothing more reaches it.
            _sink.Discard = true;
        }
        // An answer cut short may not have counted what went in.
        _request.BodyBytesSent = Math.Max(0, _request.BodyBytesSent + _sink.Written - _in);
    }

    private async ValueTask StartIfNeededAsync(CancellationToken cancellationToken)
    {
        // Starting runs the OnStarting callbacks (proxy_pass's Responses.Start), which engage the filters.
        if (!_request.Http.Response.HasStarted) await _inner.StartAsync(cancellationToken);
    }

    // IHttpResponseBodyFeature
    Stream IHttpResponseBodyFeature.Stream => this;
    PipeWriter IHttpResponseBodyFeature.Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));
    void IHttpResponseBodyFeature.DisableBuffering() => _inner.DisableBuffering();
    Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);

    Task IHttpResponseBodyFeature.SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken) =>
        SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

    async Task IHttpResponseBodyFeature.CompleteAsync()
    {
        if (_writer is not null) await _writer.FlushAsync();
        await StartIfNeededAsync(default);
        await FinishAsync();
        await _inner.CompleteAsync();
    }

    // Stream
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await StartIfNeededAsync(cancellationToken);
        if (_top is null)
        {
            await _innerStream.WriteAsync(buffer, cancellationToken);
            return;
        }
        if (_finished) return;
        _in += buffer.Length;
        await _top.WriteAsync(buffer, cancellationToken);
        if (FlushEachWrite) await _top.FlushAsync(cancellationToken);
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await StartIfNeededAsync(cancellationToken);
        if (_top is not null && !_finished) await _top.FlushAsync(cancellationToken);
        else await _innerStream.FlushAsync(cancellationToken);
    }

    /// <summary>The end of the chain: counts what reaches the response, or drops it once the response is lost.</summary>
    private sealed class ResponseSink(Stream inner) : WriteOnlyStream
    {
        public long Written { get; private set; }
        public bool Discard { get; set; }

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            Discard ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Discard || buffer.Length == 0) return;
            await inner.WriteAsync(buffer, cancellationToken);
            Written += buffer.Length;
        }
    }
}
