using System.Globalization;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Static;

/// <summary>One file to try: its value and whether it names a directory (written with a trailing slash).</summary>
public sealed record TryFileCandidate(ComplexValue Value, bool Directory);

/// <summary>
/// <c>try_files file ... uri|=code</c> (nginx's try_files phase, after access checks, before
/// content): the first candidate that exists under root/alias becomes <c>$uri</c> and the
/// location's content handler serves it; otherwise the last argument answers — a status code,
/// a named location, or an internal redirect to a URI (its own <c>?args</c>, the request's are dropped).
/// Only the level that writes it applies (nginx does not inherit try_files).
/// </summary>
public sealed class TryFiles(IReadOnlyList<TryFileCandidate> candidates, ComplexValue? fallback, int? code) : IAccessHandler
{
    public static TryFiles? Compile(ConfigDirective directive, CompileContext context)
    {
        var args = directive.Args;
        if (args.Count < 2)
        {
            context.Error("invalid number of arguments in \"try_files\" directive", directive.Position);
            return null;
        }
        var candidates = new List<TryFileCandidate>();
        for (var i = 0; i < args.Count - 1; i++)
        {
            var text = args[i].Value;
            var directory = text.Length > 0 && text[^1] == '/';
            if (directory) text = text[..^1];
            candidates.Add(new TryFileCandidate(ComplexValue.Compile(text, context, directive.Position), directory));
        }
        var last = args[^1].Value;
        if (last.StartsWith('='))
        {
            if (!int.TryParse(last.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status > 999)
            {
                context.Error($"invalid code \"{last}\"", directive.Position);
                return null;
            }
            return new TryFiles(candidates, null, status);
        }
        return new TryFiles(candidates, ComplexValue.Compile(last, context, directive.Position), null);
    }

    public ValueTask<int> CheckAsync(NginxRequest request)
    {
        var settings = request.Location.Features.Get<StaticSettings>();
        if (settings is null) return ValueTask.FromResult(Outcome.Continue);
        var root = settings.Root;
        foreach (var candidate in candidates)
        {
            var value = candidate.Value.Evaluate(request);
            var name = value;
            // An alias replaces the location's prefix; a candidate written as "$uri" still carries it.
            if (root.IsAlias && !root.WholeAlias && string.CompareOrdinal(name, 0, request.Uri, 0, root.AliasLength) == 0 && name.Length >= root.AliasLength)
                name = name[root.AliasLength..];
            var path = root.Base(request) + name;
            var probe = FilePath.Probe(path);
            if (probe.Kind is FileKind.Missing or FileKind.Forbidden) continue;
            if ((probe.Kind == FileKind.Directory) != candidate.Directory) continue;
            request.Uri = root switch
            {
                { IsAlias: false } => name,
                { WholeAlias: true } => candidate.Directory ? request.Uri : TakeWholeAlias(request, name),
                _ => request.Uri[..Math.Min(root.AliasLength, request.Uri.Length)] + name,
            };
            return ValueTask.FromResult(Outcome.Continue);
        }

        if (code is { } status) return ValueTask.FromResult(status);
        var target = fallback!.Evaluate(request);
        if (target.StartsWith('@'))
        {
            request.RedirectTo(target);
            return ValueTask.FromResult(Outcome.Redirected);
        }
        var question = target.IndexOf('?');
        request.RedirectTo(question < 0 ? target : target[..question], question < 0 ? "" : target[(question + 1)..]);
        return ValueTask.FromResult(Outcome.Redirected);
    }

    /// <summary>nginx's add_uri_to_alias: a regex alias now maps <c>$uri</c> appended to it.</summary>
    private static string TakeWholeAlias(NginxRequest request, string name)
    {
        request.Features.Set(AliasPlusUri.Instance);
        return name;
    }
}

/// <summary>Marks a request whose regex-location alias must have <c>$uri</c> appended (set by try_files).</summary>
public sealed class AliasPlusUri
{
    public static readonly AliasPlusUri Instance = new();
}
