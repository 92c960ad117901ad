using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Rewrite;

/// <summary>
/// <c>if (condition) { ... }</c>. When the condition holds, the block's configuration becomes
/// the request's location configuration (nginx's "if is evil" semantics: a later matching
/// <c>if</c> replaces an earlier one) and the block's statements run; statements after the
/// block run afterwards unless one of them stopped the program.
/// </summary>
public sealed class IfOp(IIfCondition condition, LocationConfig block) : IRewriteOp
{
    public RewriteResult Execute(NginxRequest request)
    {
        if (!condition.Evaluate(request)) return RewriteResult.Next;
        request.Location = block;
        return RewriteProgram.Run(block.RewriteOps, request);
    }
}

public interface IIfCondition
{
    bool Evaluate(NginxRequest request);
}

/// <summary><c>if ($var)</c>: false when empty or "0".</summary>
public sealed class VariableCondition(VariableGetter variable) : IIfCondition
{
    public bool Evaluate(NginxRequest request) => variable(request) is { } value && value.Length > 0 && value != "0";
}

/// <summary><c>if ($var = value)</c> and <c>!=</c>.</summary>
public sealed class EqualsCondition(VariableGetter variable, ComplexValue value, bool negate) : IIfCondition
{
    public bool Evaluate(NginxRequest request) => string.Equals(variable(request) ?? "", value.Evaluate(request), StringComparison.Ordinal) != negate;
}

/// <summary><c>if ($var ~ re)</c>, <c>~*</c>, <c>!~</c>, <c>!~*</c>; a positive match sets the captures.</summary>
public sealed class RegexCondition(VariableGetter variable, NginxRegex regex, bool negate) : IIfCondition
{
    public bool Evaluate(NginxRequest request)
    {
        var input = variable(request) ?? "";
        return negate ? !regex.Match(input, request).Success : regex.Match(request, input);
    }
}

public enum FileTest { File, Directory, Exists, Executable }

/// <summary><c>-f</c>, <c>-d</c>, <c>-e</c>, <c>-x</c> and their <c>!</c> forms.</summary>
public sealed class FileCondition(FileTest test, ComplexValue path, bool negate) : IIfCondition
{
    public bool Evaluate(NginxRequest request)
    {
        var name = System.Text.Encoding.UTF8.GetString(ByteString.ToBytes(path.Evaluate(request)));
        var result = test switch
        {
            FileTest.File => File.Exists(name),
            FileTest.Directory => Directory.Exists(name),
            FileTest.Exists => File.Exists(name) || Directory.Exists(name),
            // ngx_is_exec: the owner's execute bit, on a file or a directory alike
            _ => (File.Exists(name) || Directory.Exists(name)) && (File.GetUnixFileMode(name) & UnixFileMode.UserExecute) != 0,
        };
        return result != negate;
    }
}
