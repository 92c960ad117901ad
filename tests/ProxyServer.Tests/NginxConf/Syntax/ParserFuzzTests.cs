using System.Text;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Syntax;

/// <summary>
/// Bad input never throws: random bytes and corpus files mutated at random (characters deleted,
/// inserted, duplicated, truncated) go through <see cref="ConfigParser.Parse(ReadOnlySpan{byte}, string)"/>
/// and <see cref="ConfigLoader.Load"/>. Fixed seeds keep failures reproducible; counts keep it to a few seconds.
/// </summary>
public sealed class ParserFuzzTests
{
    // Characters that drive nginx's lexer through its states, so random text reaches the error paths.
    private static readonly byte[] Interesting = "{};\"'\\#$ \t\r\n()~^*?[]-_=/:.abcxyz019"u8.ToArray();

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        var random = new Random(20261127);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            if (i % 3 == 0)
                random.NextBytes(bytes);
            else
                for (var j = 0; j < bytes.Length; j++)
                    bytes[j] = Interesting[random.Next(Interesting.Length)];

            AssertWellFormed(ConfigParser.Parse(bytes, "fuzz.conf"), bytes);
        }
    }

    [Fact]
    public void Parse_MutatedCorpusFiles_NeverThrows()
    {
        var random = new Random(7);
        var files = Directory.EnumerateFiles(ProxyServer.Tests.Corpus.Corpus.ConfDir, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".tsv", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < 2000; i++)
        {
            var original = File.ReadAllBytes(files[random.Next(files.Count)]);
            var mutated = Mutate(original, random);
            AssertWellFormed(ConfigParser.Parse(mutated, "mutated.conf"), mutated);
        }
    }

    [Fact]
    public void Load_MutatedFilesWithIncludes_NeverThrows()
    {
        var dir = TempDirectory.Create("fuzz");
        try
        {
            var random = new Random(11);
            var seed = Encoding.UTF8.GetBytes("events {}\nhttp {\n include conf.d/*.conf;\n include mime.types;\n server { listen 80; include a.conf; }\n}\n");
            File.WriteAllText(Path.Combine(dir, "a.conf"), "location / { include a.conf; }\n");
            File.WriteAllText(Path.Combine(dir, "mime.types"), "types { text/html html; }\n");
            Directory.CreateDirectory(Path.Combine(dir, "conf.d"));
            for (var i = 0; i < 300; i++)
            {
                File.WriteAllBytes(Path.Combine(dir, "conf.d", "x.conf"), Mutate(seed, random));
                var main = Path.Combine(dir, "nginx.conf");
                File.WriteAllBytes(main, Mutate(seed, random));

                var tree = ConfigLoader.Load(main);

                Assert.All(tree.Diagnostics, d => Assert.False(string.IsNullOrEmpty(d.Message)));
            }
        }
        finally
        {
            TempDirectory.TryDelete(dir);
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at));
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    var length = Math.Min(random.Next(1, 200), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return bytes.ToArray();
    }

    private static void AssertWellFormed(ParseResult result, byte[] input)
    {
        var lines = input.Count(b => b == '\n') + 1;
        Assert.All(result.Diagnostics, d => Assert.InRange(d.Position.Line, 1, lines));
        AssertPositions(result.File.Directives, lines);
    }

    private static void AssertPositions(IReadOnlyList<ConfigDirective> block, int lines)
    {
        foreach (var directive in block)
        {
            Assert.InRange(directive.Position.Line, 1, lines);
            Assert.InRange(directive.TerminatorPosition.Line, directive.Position.Line, lines);
            if (directive.Block is not null)
                AssertPositions(directive.Block, lines);
        }
    }
}
