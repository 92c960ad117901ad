namespace ProxyServer.NginxConf.Syntax;

/// <summary>Where a node starts: the file as the user named it, 1-based line and column.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
