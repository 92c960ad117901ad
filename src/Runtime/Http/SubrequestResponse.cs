using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// Where a subrequest's response goes instead of the client's connection: its status and headers are kept
/// for the module that made it, its body kept in memory (nginx's <c>subrequest_in_memory</c>) or dropped
/// (<c>header_only</c>, as auth_request and mirror ask). The response "starts" as Kestrel's does, at the
/// first write or flush, running the OnStarting callbacks (which is where <see cref="Responses.Start"/>
/// runs for a proxied answer).
/// </summary>
internal sealed class SubrequestResponse : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly MemoryStream? _kept;
    private readonly StartingStream _stream;
    private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];
    private readonly List<(Func<object, Task> Callback, object State)> _onCompleted = [];
    private PipeWriter? _writer;

    public SubrequestResponse(bool keepBody)
    {
        _kept = keepBody ? new MemoryStream() : null;
        _stream = new StartingStream(this, _kept ?? Stream.Null);
    }

    public int StatusCode { get; set; } = StatusCodes.Status200OK;
    public string? ReasonPhrase { get; set; }
    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    [Obsolete("Use IHttpResponseBodyFeature.Stream")]
    public Stream Body
    {
        get => _stream;
        set => throw new NotSupportedException("a subrequest's response body is replaced through HttpResponse.Body");
    }

    public bool HasStarted { get; private set; }

    /// <summary>The body, when it was kept.</summary>
    public ReadOnlyMemory<byte> KeptBody => _kept is null ? ReadOnlyMemory<byte>.Empty : _kept.GetBuffer().AsMemory(0, (int)_kept.Length);

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Add((callback, state));

    public Stream Stream => _stream;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering() { }

    /// <summary>Runs the OnStarting callbacks once, last registered first (as Kestrel does).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted) return;
        for (var i = _onStarting.Count - 1; i >= 0; i--)
            await _onStarting[i].Callback(_onStarting[i].State);
        HasStarted = true;
    }

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        if (_kept is null) return;
        await SendFileFallback.SendFileAsync(_kept, path, offset, count, cancellationToken);
    }

    public async Task CompleteAsync()
    {
        await StartAsync();
        if (_writer is not null) await _writer.FlushAsync();
        foreach (var (callback, state) in _onCompleted) await callback(state);
        _onCompleted.Clear();
    }

    /// <summary>The body stream: starts the response before the first byte, as a server's does.</summary>
    private sealed class StartingStream(SubrequestResponse response, Stream sink) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => response.StartAsync().GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => response.StartAsync(cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            response.StartAsync().GetAwaiter().GetResult();
            sink.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await response.StartAsync(cancellationToken);
            await sink.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
