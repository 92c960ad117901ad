using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// An NGINX Plus <c>match NAME { ... }</c> block: the tests a health check response must all pass.
/// <c>status 200; status ! 500; status 200-399 404;</c>, <c>header NAME [= != ~ !~ VALUE]; header ! NAME;</c>,
/// <c>body ~ RE; body !~ RE;</c>. Only the first <see cref="BodyLimit"/> bytes of the body are examined.
/// </summary>
public sealed record HealthMatch(string Name, IReadOnlyList<HealthMatch.Test> Tests)
{
    /// <summary>NGINX Plus examines the first 256k of a response body.</summary>
    public const int BodyLimit = 256 * 1024;

    /// <summary>The response of one health check, as the tests see it.</summary>
    public sealed record Response(int Status, Func<string, IReadOnlyList<string>> Header, string Body);

    public abstract record Test(SourcePosition Position)
    {
        public abstract bool Passes(Response response);

        /// <summary>What a failing test checked, for the error log's "while checking ...".</summary>
        public abstract string Checking { get; }
    }

    /// <summary><c>status [!] CODE|LOW-HIGH ...</c>: the status is (not) in one of the ranges.</summary>
    public sealed record StatusTest(bool Negated, IReadOnlyList<(int Low, int High)> Ranges, SourcePosition Position) : Test(Position)
    {
        public override bool Passes(Response response) =>
            Ranges.Any(r => response.Status >= r.Low && response.Status <= r.High) != Negated;

        public override string Checking => "checking status code";
    }

    public enum HeaderOperator { Present, Absent, Equal, NotEqual, Matches, NotMatches }

    /// <summary><c>header NAME</c>, <c>header ! NAME</c>, <c>header NAME = | != | ~ | !~ VALUE</c>.</summary>
    public sealed record HeaderTest(string HeaderName, HeaderOperator Operator, string? Value, Regex? Pattern, SourcePosition Position) : Test(Position)
    {
        public override bool Passes(Response response)
        {
            var values = response.Header(HeaderName);
            return Operator switch
            {
                HeaderOperator.Present => values.Count > 0,
                HeaderOperator.Absent => values.Count == 0,
                HeaderOperator.Equal => values.Any(v => v == Value),
                HeaderOperator.NotEqual => values.Count > 0 && values.All(v => v != Value),
                HeaderOperator.Matches => values.Any(v => Pattern!.IsMatch(v)),
                _ => values.Count > 0 && !values.Any(v => Pattern!.IsMatch(v)),
            };
        }

        public override string Checking => "checking response headers";
    }

    /// <summary><c>body ~ RE</c> / <c>body !~ RE</c> over the first 256k of the body.</summary>
    public sealed record BodyTest(bool Negated, Regex Pattern, SourcePosition Position) : Test(Position)
    {
        public override bool Passes(Response response) => Pattern.IsMatch(response.Body) != Negated;

        public override string Checking => "checking response body";
    }

    /// <summary>The first test the response fails, or null when it passes them all.</summary>
    public Test? FirstFailure(Response response) => Tests.FirstOrDefault(t => !t.Passes(response));

    /// <summary>
    /// Reads a match block's entries (includes expanded); every bad entry is reported with its position
    /// and left out, so one run reports them all.
    /// </summary>
    public static (HealthMatch Match, IReadOnlyList<(string Error, SourcePosition At)> Errors) Parse(string name, IEnumerable<ConfigDirective> entries)
    {
        var tests = new List<Test>();
        var errors = new List<(string, SourcePosition)>();
        foreach (var entry in ConfigTree.Expand(entries))
        {
            if (entry.Name == "include") continue; // its files are expanded above
            var args = entry.Args.Select(a => a.Value).ToList();
            var (test, error) = entry.Name switch
            {
                "status" => ParseStatus(args, entry.Position),
                "header" => ParseHeader(args, entry.Position),
                "body" => ParseBody(args, entry.Position),
                "require" => (null, "\"require\" in \"match\" is not supported by proxyserver (health checks evaluate no variables)"),
                _ => (null, $"unknown directive \"{entry.Name}\""),
            };
            if (entry.Block is not null) error ??= $"directive \"{entry.Name}\" is not terminated by \";\"";
            if (error is not null) errors.Add((error, entry.Position));
            else tests.Add(test!);
        }
        return (new HealthMatch(name, tests), errors);
    }

    private static (Test?, string?) ParseStatus(List<string> args, SourcePosition at)
    {
        var negated = args.Count > 0 && args[0] == "!";
        var codes = negated ? args.Skip(1).ToList() : args;
        if (codes.Count == 0) return (null, "invalid number of arguments in \"status\" directive");
        var ranges = new List<(int, int)>();
        foreach (var code in codes)
        {
            var dash = code.IndexOf('-');
            var (lowText, highText) = dash < 0 ? (code, code) : (code[..dash], code[(dash + 1)..]);
            if (!TryStatus(lowText, out var low) || !TryStatus(highText, out var high) || high < low)
                return (null, $"invalid status \"{code}\"");
            ranges.Add((low, high));
        }
        return (new StatusTest(negated, ranges, at), null);
    }

    private static bool TryStatus(string text, out int status)
    {
        status = 0;
        if (!NginxNumber.TryParse(text, out var value) || value is < 100 or > 999) return false;
        status = (int)value;
        return true;
    }

    private static (Test?, string?) ParseHeader(List<string> args, SourcePosition at)
    {
        switch (args.Count)
        {
            case 1 when args[0] != "!":
                return (new HeaderTest(args[0], HeaderOperator.Present, null, null, at), null);
            case 2 when args[0] == "!":
                return (new HeaderTest(args[1], HeaderOperator.Absent, null, null, at), null);
            case 3:
                var op = args[1] switch
                {
                    "=" => HeaderOperator.Equal,
                    "!=" => HeaderOperator.NotEqual,
                    "~" => HeaderOperator.Matches,
                    "!~" => HeaderOperator.NotMatches,
                    _ => (HeaderOperator?)null,
                };
                if (op is null) return (null, $"invalid operator \"{args[1]}\" in \"header\" directive");
                if (op is HeaderOperator.Equal or HeaderOperator.NotEqual)
                    return (new HeaderTest(args[0], op.Value, args[2], null, at), null);
                var regex = NginxRegex.Compile(args[2], caseless: false);
                return regex.Ok ? (new HeaderTest(args[0], op.Value, null, regex.Value, at), null) : (null, regex.Error);
            default:
                return (null, "invalid number of arguments in \"header\" directive");
        }
    }

    private static (Test?, string?) ParseBody(List<string> args, SourcePosition at)
    {
        if (args.Count != 2) return (null, "invalid number of arguments in \"body\" directive");
        if (args[0] is not ("~" or "!~")) return (null, $"invalid operator \"{args[0]}\" in \"body\" directive");
        var regex = NginxRegex.Compile(args[1], caseless: false);
        return regex.Ok ? (new BodyTest(args[0] == "!~", regex.Value!, at), null) : (null, regex.Error);
    }
}
