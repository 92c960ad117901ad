namespace ProxyServer.Runtime.Http;

/// <summary>
/// <c>send_timeout</c> on a response body others write (proxy_pass's forwarder): a write or flush the client does
/// not make room for within the timeout closes the connection, as ngx_http_upstream_process_downstream and
/// ngx_http_writer do ("client timed out", at info). A write Kestrel takes at once (the usual case) costs nothing
/// more: only a write that waits for the client is timed.
/// </summary>
public sealed class SendTimeoutBody(Stream inner, NginxRequest request, TimeSpan timeout) : WriteOnlyStream
{
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var write = inner.WriteAsync(buffer, cancellationToken);
        return write.IsCompletedSuccessfully ? write : new ValueTask(WithinTimeoutAsync(write.AsTask()));
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        var flush = inner.FlushAsync(cancellationToken);
        return flush.IsCompletedSuccessfully ? flush : WithinTimeoutAsync(flush);
    }

    private async Task WithinTimeoutAsync(Task pending)
    {
        try
        {
            await pending.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // the write fails once the connection is gone: its exception is ours to observe
            _ = pending.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            request.ErrorLog.Write(Logging.LogLevel.Info, request, "client timed out (110: Connection timed out) while sending to client");
            request.Http.Abort();
            throw new IOException("client timed out");
        }
    }
}
