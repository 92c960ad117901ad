using System.Text;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Ssi;

/// <summary>
/// The SSI body stage, ngx_http_ssi_body_filter: the page's bytes go through <see cref="SsiParser"/>; text is
/// output (or kept for a <c>block</c>, or dropped in a branch not taken), each command is checked against
/// its table (context, parameters) and run (<see cref="SsiStage"/>'s commands, SsiCommands.cs). An error
/// writes the page's <c>errmsg</c> in the command's place unless <c>ssi_silent_errors</c>.
/// Output is kept in order as nginx's postponed output keeps it: an <c>include</c> starts its subrequest at once
/// (several run side by side) and the text after it waits in <see cref="_postponed"/> until the included
/// answer has gone out; <c>wait="yes"</c>, <c>file=</c> and <c>set=</c> make the page wait for it.
/// </summary>
internal sealed partial class SsiStage : WriteOnlyStream
{
    private readonly Stream _next;
    private readonly NginxRequest _request;
    private readonly SsiSettings _settings;
    private readonly SsiPage _page;
    private readonly SsiShared _shared;
    private readonly SsiParser _parser;
    private readonly MemoryStream _text = new();
    private readonly Queue<Task<byte[]>> _postponed = new();
    private readonly List<TaskCompletionSource<byte[]>> _posted = [];
    private readonly List<Func<Task<byte[]>>> _posts = [];

    public SsiStage(Stream next, NginxRequest request, SsiSettings settings, SsiPage page)
    {
        _next = next;
        _request = request;
        _settings = settings;
        _page = page;
        _shared = SsiShared.Of(request);
        _parser = new SsiParser(request, settings.ValueLength);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pos = 0;
        while (pos < buffer.Length)
        {
            var parsed = _parser.Parse(buffer.Span, ref pos, Text);
            if (parsed == SsiParse.Again) break;
            if (parsed == SsiParse.Command && await RunCommandAsync()) continue;
            Error();
        }
        StartPosted();
        await SendAsync(waitForAll: false, cancellationToken);
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendAsync(waitForAll: false, cancellationToken);
        await _next.FlushAsync(cancellationToken);
    }

    /// <summary>The page's end: the includes still running are waited for, in order.</summary>
    public override async ValueTask DisposeAsync()
    {
        StartPosted();
        await SendAsync(waitForAll: true, default);
        await base.DisposeAsync();
    }

    /// <summary>Text read outside commands: output, kept for the open block, or dropped.</summary>
    private void Text(ReadOnlySpan<byte> bytes)
    {
        if (_page.Output) _text.Write(bytes);
        else if (_page.InBlock && _shared.LastBlock is { } block) lock (block) block.Bytes.Write(bytes);
    }

    /// <summary>Output written in the command's place whatever the branch (an error message, an echo).</summary>
    private void Emit(string text) => _text.Write(ByteString.ToBytes(text));

    /// <summary>The <c>ssi_error</c> label: the page's errmsg, unless <c>ssi_silent_errors</c>.</summary>
    private void Error()
    {
        if (!_settings.SilentErrors) Emit(_page.ErrorMessage);
    }

    /// <summary>
    /// Puts an include's answer in line (the text before it first) and posts its subrequest: it starts once the
    /// page's current write is parsed, or when the page waits (ngx_http_run_posted_requests after the filter returns).
    /// </summary>
    private Task<byte[]> Post(Func<Task<byte[]>> start)
    {
        MoveTextToQueue();
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _postponed.Enqueue(answer.Task);
        _posted.Add(answer);
        _posts.Add(start);
        return answer.Task;
    }

    /// <summary>Starts the posted subrequests in the order they were made; each runs until its first wait.</summary>
    private void StartPosted()
    {
        for (var i = 0; i < _posts.Count; i++)
        {
            var answer = _posted[i];
            var start = _posts[i];
            _ = Relay(start, answer);
        }
        _posts.Clear();
        _posted.Clear();
    }

    private static async Task Relay(Func<Task<byte[]>> start, TaskCompletionSource<byte[]> answer)
    {
        try
        {
            answer.SetResult(await start());
        }
        catch (Exception e)
        {
            answer.SetException(e);
        }
    }

    private void MoveTextToQueue()
    {
        if (_text.Length == 0) return;
        _postponed.Enqueue(Task.FromResult(_text.ToArray()));
        _text.SetLength(0);
    }

    /// <summary>Writes what is ready, in order: stops at an include still running unless <paramref name="waitForAll"/>.</summary>
    private async Task SendAsync(bool waitForAll, CancellationToken cancellationToken)
    {
        if (_postponed.Count > 0) MoveTextToQueue();
        while (_postponed.TryPeek(out var head) && (waitForAll || head.IsCompleted))
        {
            var bytes = await head;
            _ = _postponed.Dequeue();
            if (bytes.Length > 0) await _next.WriteAsync(bytes, cancellationToken);
        }
        if (_postponed.Count == 0 && _text.Length > 0)
        {
            await _next.WriteAsync(_text.GetBuffer().AsMemory(0, (int)_text.Length), cancellationToken);
            _text.SetLength(0);
        }
    }

    /// <summary>The command part of ngx_http_ssi_body_filter: false for ssi_error (its cause logged).</summary>
    private async Task<bool> RunCommandAsync()
    {
        var name = _parser.Command;
        if (!Commands.TryGetValue(name, out var command))
        {
            if (!_page.Output) return true;
            _request.LogError($"invalid SSI command: \"{name}\"");
            return false;
        }
        if (!_page.Output && !command.EndsBlock)
        {
            if (_page.InBlock)
            {
                KeepInBlock(name);
                return true;
            }
            if (command.Conditional == 0) return true;
        }
        if (command.Conditional != 0 && (_page.Conditional == 0 || _page.Conditional > command.Conditional))
        {
            _request.LogError($"invalid context of SSI command: \"{name}\"");
            return false;
        }
        if (_parser.Params.Count > MaxParams)
        {
            _request.LogError($"too many SSI command parameters: \"{name}\"");
            return false;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var param in _parser.Params)
        {
            var key = param.Key.ToString();
            if (!command.Params.Contains(key))
            {
                _request.LogError($"invalid parameter name: \"{key}\" in \"{name}\" SSI command");
                return false;
            }
            if (!values.TryAdd(key, param.Value.ToString()))
            {
                _request.LogError($"duplicate \"{key}\" parameter in \"{name}\" SSI command");
                return false;
            }
        }
        foreach (var mandatory in command.Mandatory)
        {
            if (values.ContainsKey(mandatory)) continue;
            _request.LogError($"mandatory \"{mandatory}\" parameter is absent in \"{name}\" SSI command");
            return false;
        }
        return await command.Handler(this, values);
    }

    /// <summary>A command read inside a block: its text rebuilt, as nginx keeps it for the stub.</summary>
    private void KeepInBlock(string name)
    {
        if (_shared.LastBlock is not { } block) return;
        var text = new StringBuilder("<!--#").Append(name);
        foreach (var param in _parser.Params) text.Append(' ').Append(param.Key).Append("=\"").Append(param.Value).Append('"');
        text.Append(" -->");
        lock (block) block.Bytes.Write(ByteString.ToBytes(text.ToString()));
    }
}
