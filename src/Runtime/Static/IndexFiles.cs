using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Static;

/// <summary>
/// The <c>index</c> files of a level: every <c>index</c> directive of the nearest level that has
/// one, in order (nginx appends repeated directives), else <c>index.html</c>. Names may hold
/// variables; the last may be an absolute URI, tried without checking a file.
/// </summary>
public sealed class IndexFiles
{
    public static readonly IndexFiles Default = new([ComplexValue.Literal("index.html")]);

    private IndexFiles(IReadOnlyList<ComplexValue> names) => Names = names;

    public IReadOnlyList<ComplexValue> Names { get; }

    public static IndexFiles Compile(DirectiveScope scope, CompileContext context)
    {
        var directives = scope.NearestAll(IndexDirectives.Index);
        if (directives.Count == 0) return Default;
        var names = new List<ComplexValue>();
        foreach (var directive in directives)
        {
            for (var i = 0; i < directive.Args.Count; i++)
            {
                var text = directive.Args[i].Value;
                if (text.StartsWith('/') && i != directive.Args.Count - 1)
                {
                    context.Error("only the last index in \"index\" directive may be absolute", directive.Position);
                    continue;
                }
                if (text.Length == 0)
                {
                    context.Error($"index \"{directive.Args[0].Value}\" in \"index\" directive is invalid", directive.Position);
                    continue;
                }
                names.Add(ComplexValue.Compile(text, context, directive.Position));
            }
        }
        return new IndexFiles(names);
    }
}
