using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Diagnostics;

public enum Severity { Error, Warning }

/// <summary>
/// One finding about a config. <see cref="Message"/> is worded as nginx words it
/// (<c>unknown directive "x"</c>); <see cref="NginxText"/> appends nginx's <c> in FILE:LINE</c>.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Message, SourcePosition Position)
{
    /// <summary>
    /// nginx's form; a finding about a whole file (line 0) has no location, as nginx prints it. An error
    /// that is ours alone (a refused directive) carries its note in parentheses: the error log and
    /// <c>-t</c> have no other line to say what is missing.
    /// </summary>
    public string NginxText
    {
        get
        {
            var text = Position.Line > 0 ? $"{Message} in {Position.File}:{Position.Line}" : Message;
            return Severity == Severity.Error && Note is { } note ? $"{text} ({note})" : text;
        }
    }

    /// <summary>Extra explanation beyond nginx's message (why proxyserver warns, what differs from nginx).</summary>
    public string? Note { get; init; }

    public static Diagnostic Error(string message, SourcePosition at) => new(Severity.Error, message, at);
    public static Diagnostic Warning(string message, SourcePosition at) => new(Severity.Warning, message, at);
}
