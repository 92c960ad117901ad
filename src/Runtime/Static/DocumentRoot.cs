using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Static;

/// <summary>
/// <c>root</c> or <c>alias</c> of a location and nginx's mapping of a URI to a file path
/// (ngx_http_map_uri_to_path). Paths are byte strings like URIs; <see cref="FilePath.ToOs"/>
/// turns one into an OS path at the edge.
/// </summary>
public sealed class DocumentRoot
{
    private readonly ComplexValue _value;
    private readonly string _prefix;

    private DocumentRoot(ComplexValue value, string prefix, bool isAlias, int aliasLength, bool wholeAlias)
    {
        _value = value;
        _prefix = prefix;
        IsAlias = isAlias;
        AliasLength = aliasLength;
        WholeAlias = wholeAlias;
    }

    /// <summary>True for <c>alias</c>: the location's name is replaced, not prefixed.</summary>
    public bool IsAlias { get; }

    /// <summary>How many leading URI bytes an alias replaces (the prefix location's name length).</summary>
    public int AliasLength { get; }

    /// <summary>An alias in a regex location: the alias is the whole path, the URI is not appended.</summary>
    public bool WholeAlias { get; }

    /// <summary>True when the root has no variables (nginx's Location for a directory can reuse the mapped path).</summary>
    public bool IsLiteral => _value.IsLiteral;

    /// <summary>
    /// The nearest level's <c>root</c> or <c>alias</c> (nginx merges them as one setting, so a
    /// nested location inherits an alias together with the length of the name it replaces).
    /// </summary>
    public static DocumentRoot Compile(DirectiveScope scope, CompileContext context)
    {
        for (var level = scope; level is not null; level = level.Parent)
        {
            var root = level.OwnFirst(HttpCoreDirectives.Root);
            var alias = level.OwnFirst(HttpCoreDirectives.Alias);
            var directive = root ?? alias;
            if (directive is null || directive.Args.Count == 0) continue;
            var isAlias = root is null;
            var text = directive.Args[0].Value;
            // nginx drops one trailing slash of a root (not of an alias).
            if (!isAlias && text.Length > 0 && text[^1] == '/') text = text[..^1];
            var value = ComplexValue.Compile(text, context, directive.Position);
            if (!isAlias) return new DocumentRoot(value, context.Options.Prefix, false, 0, false);
            var (name, regex) = LocationName(level.Owner);
            return new DocumentRoot(value, context.Options.Prefix, true, ByteString.FromConfig(name).Length, regex);
        }
        return new DocumentRoot(ComplexValue.Literal(HttpCoreDirectives.Root.Default), context.Options.Prefix, false, 0, false);
    }

    /// <summary>The name of the <c>location</c> directive that opened a level, and whether it is a regex.</summary>
    private static (string Name, bool IsRegex) LocationName(NginxConf.Syntax.ConfigDirective? owner)
    {
        if (owner is not { Args.Count: > 0 } || !HttpCoreDirectives.Location.Names(owner)) return ("", false);
        if (owner.Args.Count == 2) return (owner.Args[1].Value, owner.Args[0].Value.StartsWith('~'));
        var text = owner.Args[0].Value;
        if (text.StartsWith('~')) return ("", true);
        if (text.StartsWith("^~", StringComparison.Ordinal)) return (text[2..], false);
        if (text.StartsWith('=')) return (text[1..], false);
        return (text, false);
    }

    /// <summary>The root or alias path for this request, absolute (relative ones resolve against the prefix), as a byte string.</summary>
    public string Base(NginxRequest request)
    {
        var value = _value.Evaluate(request);
        if (value.Length > 0 && value[0] == '/') return value;
        return ByteString.FromConfig(Path.Combine(_prefix, FilePath.ToOs(value)));
    }

    /// <summary>
    /// The file path for <paramref name="uri"/> and the length of its root part
    /// (<c>$document_root</c>), or null where nginx refuses (alias after a rewrite broke the location).
    /// </summary>
    public MappedPath? Map(NginxRequest request, string uri)
    {
        if (IsAlias && !request.ValidLocation)
        {
            request.LogError($"\"alias\" cannot be used in location \"{request.Location.Name}\" where URI was rewritten");
            return null;
        }
        var root = Base(request);
        if (WholeAlias)
            return request.Features.Get<AliasPlusUri>() is null ? new MappedPath(root, root.Length) : new MappedPath(root + uri, root.Length);
        var cut = IsAlias ? Math.Min(AliasLength, uri.Length) : 0;
        return new MappedPath(root + uri[cut..], root.Length);
    }
}

/// <summary>A URI mapped to a path (byte string) and how much of it is the root.</summary>
public readonly record struct MappedPath(string Path, int RootLength);
