using System.Globalization;
using Microsoft.AspNetCore.Http;
using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// <c>limit_rate</c>, <c>limit_rate_after</c>, <c>$limit_rate</c>, <c>X-Accel-Limit-Rate</c> and
/// <c>proxy_limit_rate</c>: a response body sent at so many bytes per second, as nginx paces it
/// (ngx_http_write_filter; ngx_event_pipe_read_upstream for the upstream's rate). Before each write the
/// bytes allowed so far are <c>rate * (whole seconds since the start + 1) - (sent - after)</c>; with none
/// left the write waits until there are, and after a write it waits the time those bytes take at the rate.
/// Waiting is a timer (no thread, no CPU). Wrapped around the response body once per request, by the
/// pipeline when the location or a <c>set</c> asks for a rate, or by the proxy, where the upstream may.
/// </summary>
public sealed class PacedResponseBody : WriteOnlyStream
{
    private readonly Stream _inner;
    private readonly NginxRequest _request;
    private Pace? _client;
    private Pace? _upstream;
    private long _sent;
    private bool _started;

    private PacedResponseBody(Stream inner, NginxRequest request)
    {
        _inner = inner;
        _request = request;
    }

    /// <summary>The request's pacing body, wrapped around the response body the first time it is asked for.</summary>
    public static PacedResponseBody Install(NginxRequest request)
    {
        if (request.Features.Get<PacedResponseBody>() is { } installed) return installed;
        var paced = new PacedResponseBody(request.Http.Response.Body, request);
        request.Http.Response.Body = paced;
        request.Features.Set(paced);
        return paced;
    }

    /// <summary>
    /// <c>proxy_limit_rate</c>: the upstream's body is read no faster than this (nginx reads it into its buffers
    /// at that rate; ours goes straight on to the client, so the rate applies to what is sent).
    /// </summary>
    public void LimitUpstream(long rate)
    {
        if (rate > 0) _upstream = new Pace(rate, 0, HttpTimeSeconds());
    }

    /// <summary><c>$limit_rate</c>: the rate in force (nginx's r->limit_rate), 0 before the body starts unless set.</summary>
    public static string Variable(NginxRequest request) =>
        (request.Features.Get<PacedResponseBody>()?._client?.Rate ?? request.Features.Get<LimitRateOverride>()?.Rate ?? 0).ToString(CultureInfo.InvariantCulture);

    /// <summary><c>set $limit_rate VALUE</c> (ngx_http_variable_request_set_size): a size, or nginx's error-log line.</summary>
    public static void Set(NginxRequest request, string value)
    {
        if (!NginxSize.TryParse(value, out var rate))
        {
            request.LogError($"invalid $limit_rate \"{value}\"");
            return;
        }
        request.Features.Set(new LimitRateOverride(rate));
    }

    /// <summary><c>X-Accel-Limit-Rate</c> from the upstream: a number of bytes per second (ngx_http_upstream_process_limit_rate).</summary>
    public static void SetFromUpstream(NginxRequest request, string value)
    {
        // A value that is not a number is ignored, as nginx ignores it.
        if (!NginxNumber.TryParse(value, out var rate)) return;
        request.Features.Set(new LimitRateOverride(rate));
        Install(request);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_started) Start();
        if (_client is null && _upstream is null)
        {
            await _inner.WriteAsync(buffer, cancellationToken);
            return;
        }
        while (!buffer.IsEmpty)
        {
            // ngx_http_write_filter: nothing allowed now: wait until there is.
            var now = HttpTimeSeconds();
            var clientLimit = _client?.Allowed(now, _sent) ?? long.MaxValue;
            var upstreamLimit = _upstream?.Allowed(now, _sent) ?? long.MaxValue;
            var limit = Math.Min(clientLimit, upstreamLimit);
            if (limit <= 0)
            {
                var wait = Math.Max(_client?.WaitFor(clientLimit) ?? 0, _upstream?.WaitFor(upstreamLimit) ?? 0);
                await PauseAsync(Math.Max(wait, 1), cancellationToken);
                continue;
            }
            var chunk = buffer[..(int)Math.Min(buffer.Length, limit)];
            await _inner.WriteAsync(chunk, cancellationToken);
            var before = _sent;
            _sent += chunk.Length;
            buffer = buffer[chunk.Length..];
            // After the write: the time these bytes take at the rate.
            var delay = Math.Max(_client?.DelayAfter(before, _sent) ?? 0, _upstream?.DelayAfter(before, _sent) ?? 0);
            if (delay > 0) await PauseAsync(delay, cancellationToken);
        }
    }

    /// <summary>
    /// A pause that ends when the client goes away: nginx sees the close while it waits (ngx_http_test_reading)
    /// and finalizes the request, so the connection stops counting as active and writing (stub_status.t).
    /// </summary>
    private Task PauseAsync(long milliseconds, CancellationToken cancellationToken)
    {
        var aborted = _request.Http.RequestAborted;
        var pause = TimeSpan.FromMilliseconds(milliseconds);
        return !cancellationToken.CanBeCanceled || cancellationToken == aborted
            ? Task.Delay(pause, aborted)
            : Task.Delay(pause, cancellationToken).WaitAsync(aborted);
    }

    /// <summary>
    /// The first write: the location's <c>limit_rate</c> and <c>limit_rate_after</c> are evaluated now, as nginx
    /// does in its first write filter call (a rate set by <c>set</c> or the upstream wins), and the response
    /// head counts as sent, as in nginx's c->sent.
    /// </summary>
    private void Start()
    {
        _started = true;
        var core = _request.Location.Core;
        var rate = _request.Features.Get<LimitRateOverride>()?.Rate ?? Size(core.LimitRate);
        if (rate > 0) _client = new Pace(rate, Size(core.LimitRateAfter), _request.StartTime.ToUnixTimeSeconds());
        _sent = HeadLength(_request.Http.Response);
    }

    /// <summary>ngx_http_complex_value_size: a value that is no size is logged and counts as 0.</summary>
    private long Size(Variables.ComplexValue? value)
    {
        if (value is null) return 0;
        var text = value.Evaluate(_request);
        if (NginxSize.TryParse(text, out var size)) return size;
        _request.LogError($"invalid size \"{text}\" while sending response to client");
        return 0;
    }

    /// <summary>The status line and header lines as sent (HTTP/1.1), which nginx counts in c->sent.</summary>
    private static long HeadLength(HttpResponse response)
    {
        long length = "HTTP/1.1 200 OK\r\n\r\n".Length;
        foreach (var (name, values) in response.Headers)
            foreach (var value in values)
                length += name.Length + 2 + (value?.Length ?? 0) + 2;
        return length;
    }

    private static long HttpTimeSeconds() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush() => _inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <summary>One rate: bytes per second, the bytes sent before it applies, the second it counts from.</summary>
    private sealed class Pace(long rate, long after, long startSecond)
    {
        public long Rate { get; } = rate;

        /// <summary><c>limit = rate * (ngx_time() - start_sec + 1) - (sent - after)</c>.</summary>
        public long Allowed(long nowSecond, long sent) => Rate * (nowSecond - startSecond + 1) - (sent - after);

        /// <summary><c>delay = -limit * 1000 / rate + 1</c> milliseconds.</summary>
        public long WaitFor(long limit) => limit > 0 ? 0 : -limit * 1000 / Rate + 1;

        /// <summary>The milliseconds the bytes past <c>after</c> in this write take at the rate.</summary>
        public long DelayAfter(long before, long sent) => (Math.Max(0, sent - after) - Math.Max(0, before - after)) * 1000 / Rate;
    }
}

/// <summary>A rate the request was given by <c>set $limit_rate</c> or <c>X-Accel-Limit-Rate</c> (nginx's limit_rate_set).</summary>
public sealed record LimitRateOverride(long Rate);
