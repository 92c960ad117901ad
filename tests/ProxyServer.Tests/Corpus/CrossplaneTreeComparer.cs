using System.Text.Json;
using ProxyServer.NginxConf.Crossplane;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Tests.Corpus;

/// <summary>
/// Compares our parse of a file with crossplane's <c>parsed</c> array: directive, line, args (in
/// crossplane's form), block, recursively and in order, and includes as sets of corpus-relative
/// paths. Yields a description of the first difference, or null.
/// </summary>
public static class CrossplaneTreeComparer
{
    public static string? FirstDifference(IReadOnlyList<ConfigDirective> ours, JsonElement parsed, JsonElement config, string where = "")
    {
        // crossplane emits a comment that stands between a directive's arguments as a "#" statement
        // even when asked to leave comments out (crossplane/comments-between-args); nginx ignores it.
        var theirs = parsed.EnumerateArray().Where(s => s.GetProperty("directive").GetString() != "#").ToList();
        for (var i = 0; i < Math.Max(ours.Count, theirs.Count); i++)
        {
            if (i >= ours.Count)
                return $"{where}[{i}]: crossplane has {Describe(theirs[i])}, we have nothing";
            if (i >= theirs.Count)
                return $"{where}[{i}]: we have {ours[i].Name} at line {ours[i].Position.Line}, crossplane has nothing";
            var difference = Difference(ours[i], theirs[i], config, $"{where}[{i}]");
            if (difference is not null)
                return difference;
        }
        return null;
    }

    private static string? Difference(ConfigDirective ours, JsonElement theirs, JsonElement config, string where)
    {
        var name = theirs.GetProperty("directive").GetString();
        var line = theirs.GetProperty("line").GetInt32();
        where = $"{where} {name}@{line}";
        if (ours.Name != name || ours.Position.Line != line)
            return $"{where}: we have {ours.Name}@{ours.Position.Line}";

        var theirArgs = theirs.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        var ourArgs = CrossplaneWriter.Arguments(ours);
        if (!ourArgs.SequenceEqual(theirArgs))
            return $"{where}: args {Show(ourArgs)} vs crossplane {Show(theirArgs)}";

        var hasBlock = theirs.TryGetProperty("block", out var block);
        if (hasBlock != ours.IsBlock)
            return $"{where}: block {(ours.IsBlock ? "present" : "absent")} here, {(hasBlock ? "present" : "absent")} in crossplane";
        if (hasBlock && FirstDifference(ours.Block!, block, config, where) is { } inner)
            return inner;

        if (theirs.TryGetProperty("includes", out var includes))
        {
            var files = config.EnumerateArray().ToList();
            var theirFiles = includes.EnumerateArray().Select(index => files[index.GetInt32()].GetProperty("file").GetString()!).Order().ToList();
            var ourFiles = ours.Includes.Select(file => Corpus.Relative(file.Path)).Distinct().Order().ToList();
            if (!ourFiles.SequenceEqual(theirFiles))
                return $"{where}: includes {Show(ourFiles)} vs crossplane {Show(theirFiles)}";
        }
        return null;
    }

    private static string Describe(JsonElement statement) =>
        $"{statement.GetProperty("directive").GetString()}@{statement.GetProperty("line").GetInt32()}";

    private static string Show(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(v => JsonSerializer.Serialize(v))) + "]";
}
