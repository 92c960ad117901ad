using System.Text;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Variables;

/// <summary>
/// Text with variables (<c>"$scheme://$host$1"</c>), compiled once: literal pieces, variable
/// getters and regex capture references, concatenated per request. nginx's "complex value".
/// </summary>
public sealed class ComplexValue
{
    private readonly Part[] _parts;

    private ComplexValue(Part[] parts, string source)
    {
        _parts = parts;
        Source = source;
    }

    /// <summary>The text as written in the config (byte string).</summary>
    public string Source { get; }

    /// <summary>True when the text holds no variable and no capture.</summary>
    public bool IsLiteral => _parts.All(p => p.Kind == PartKind.Literal);

    /// <summary>True when the text uses <c>$1..$9</c>.</summary>
    public bool UsesCaptures => _parts.Any(p => p.Kind == PartKind.Capture);

    public static ComplexValue Literal(string text) => new([new Part(PartKind.Literal, text, null, 0)], text);

    /// <summary>
    /// Compiles config text (as the parser handed it) into a value. Unknown variables are
    /// reported as nginx reports them (<c>unknown "foo" variable</c>) and evaluate to "".
    /// </summary>
    public static ComplexValue Compile(string configText, CompileContext context, NginxConf.Syntax.SourcePosition at)
    {
        var text = ByteString.FromConfig(configText);
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$')
            {
                literal.Append(c);
                i++;
                continue;
            }
            i++;
            if (i < text.Length && text[i] >= '1' && text[i] <= '9' || i < text.Length && text[i] == '0')
            {
                Flush(literal, parts);
                parts.Add(new Part(PartKind.Capture, null, null, text[i] - '0'));
                i++;
                continue;
            }
            var braced = i < text.Length && text[i] == '{';
            if (braced) i++;
            var start = i;
            while (i < text.Length && IsNameChar(text[i])) i++;
            var name = text[start..i];
            if (braced)
            {
                if (i >= text.Length || text[i] != '}')
                {
                    context.Error("the closing bracket in \"" + name + "\" variable is missing", at);
                    return Literal(text);
                }
                i++;
            }
            if (name.Length == 0)
            {
                context.Error("invalid variable name in \"" + configText + "\"", at);
                return Literal(text);
            }
            Flush(literal, parts);
            var getter = context.Variables.Resolve(name);
            if (getter is null)
            {
                context.Error($"unknown \"{name}\" variable", at);
                getter = _ => null;
            }
            parts.Add(new Part(PartKind.Variable, null, getter, 0));
        }
        Flush(literal, parts);
        if (parts.Count == 0) parts.Add(new Part(PartKind.Literal, "", null, 0));
        return new ComplexValue([.. parts], text);
    }

    /// <summary>The value for this request (byte string).</summary>
    public string Evaluate(NginxRequest request)
    {
        if (_parts.Length == 1) return EvaluatePart(_parts[0], request);
        var builder = new StringBuilder();
        foreach (var part in _parts) builder.Append(EvaluatePart(part, request));
        return builder.ToString();
    }

    /// <summary>
    /// Evaluates with the variables' and captures' values passed through transforms: the access
    /// log escapes values (and prints "-" for a missing one), rewrite escapes captures. With
    /// <paramref name="capturesInArgsOnly"/> a capture is transformed only after the value's first
    /// literal <c>?</c> (nginx's e->is_args, set by ngx_http_script_start_args_code).
    /// </summary>
    public string Evaluate(NginxRequest request, Func<string?, string>? variableTransform, Func<string, string>? captureTransform = null,
        bool capturesInArgsOnly = false)
    {
        var builder = new StringBuilder();
        var inArgs = !capturesInArgsOnly;
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case PartKind.Literal:
                    builder.Append(part.Text);
                    inArgs |= part.Text!.Contains('?'); // a literal part always has its text
                    break;
                case PartKind.Variable:
                    var value = part.Getter!(request);
                    builder.Append(variableTransform is null ? value ?? "" : variableTransform(value));
                    break;
                default:
                    var capture = request.Captures.Group(part.Capture) ?? "";
                    builder.Append(captureTransform is null || !inArgs ? capture : captureTransform(capture));
                    break;
            }
        }
        return builder.ToString();
    }

    public override string ToString() => Source;

    private static string EvaluatePart(Part part, NginxRequest request) => part.Kind switch
    {
        PartKind.Literal => part.Text!,
        PartKind.Variable => part.Getter!(request) ?? "",
        _ => request.Captures.Group(part.Capture) ?? "",
    };

    internal static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';

    private static void Flush(StringBuilder literal, List<Part> parts)
    {
        if (literal.Length == 0) return;
        parts.Add(new Part(PartKind.Literal, literal.ToString(), null, 0));
        literal.Clear();
    }

    private enum PartKind { Literal, Variable, Capture }

    private readonly record struct Part(PartKind Kind, string? Text, VariableGetter? Getter, int Capture);
}
