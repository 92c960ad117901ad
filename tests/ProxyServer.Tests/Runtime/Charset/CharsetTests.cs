using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Charset;

/// <summary>
/// The charset filter asked of nginx and of us: the same Content-Type (<c>; charset=</c> or not), length and bytes for
/// charset_types, variables, override_charset, X-Accel-Charset, 8-bit maps and recoding to and from utf-8.
/// </summary>
public sealed class CharsetTests(CharsetTests.Servers servers) : IClassFixture<CharsetTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public string Root { get; } = TempDirectory.Create("charset");

        public DifferentialPair Pair { get; }

        public Servers()
        {
            File.WriteAllText(Path.Combine(Root, "t.html"), "");
            File.WriteAllText(Path.Combine(Root, "t.foo"), "");
            File.WriteAllText(Path.Combine(Root, "t.any"), "");
            File.WriteAllText(Path.Combine(Root, "x.html"), new string('X', 99) + "abc");
            // UTF-8 text: mapped letters, one the map lacks, a 4-byte character, an invalid byte, an incomplete sequence at the end
            File.WriteAllBytes(Path.Combine(Root, "utf.html"), [.. Encoding.UTF8.GetBytes("ab \u0430\u0431 \u0436 \U0001F600 "), 0xFF, (byte)' ', 0xD0]);
            File.WriteAllBytes(Path.Combine(Root, "koi.html"), [(byte)'a', 0xC1, 0xC2, 0xC3, (byte)'z']);
            Directory.CreateDirectory(Path.Combine(Root, "dir"));
            File.WriteAllText(Path.Combine(Root, "dir", "f-" + string.Concat(Enumerable.Repeat("\u0444", 45))), "");
            File.SetLastWriteTimeUtc(Path.Combine(Root, "dir", "f-" + string.Concat(Enumerable.Repeat("\u0444", 45))), new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc));

            Pair = DifferentialPair.StartHttp($$$"""
                types { text/html html; text/foo foo; }
                default_type text/plain;
                charset_map B A { 58 59; 61 62; }
                charset_map koi8-r utf-8 { C1 D0B0; C2 D0B1; }
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{{Root}}};
                    location / { charset utf-8; }
                    location /t.foo { charset utf-8; charset_types text/foo; }
                    location /t.any { charset utf-8; charset_types *; }
                    location /var/ { alias {{{Root}}}/; charset $arg_c; }
                    location /recode/ { alias {{{Root}}}/; charset A; source_charset B; }
                    location /from-utf/ { alias {{{Root}}}/; charset koi8-r; source_charset utf-8; }
                    location /to-utf/ { alias {{{Root}}}/; charset utf-8; source_charset koi8-r; }
                    location /same/ { alias {{{Root}}}/; charset utf-8; source_charset UTF-8; }
                    location /dir/ { charset utf-8; autoindex on; }
                    location /moved { charset utf-8; return 301 /x.html; }
                    location /text { charset B; source_charset A; return 200 "XYab"; }
                    location /proxy/ { charset A; override_charset on; proxy_pass http://127.0.0.1:{{P1}}/; }
                    location /keep/ { charset A; proxy_pass http://127.0.0.1:{{P1}}/; }
                    location /upstream/ { proxy_pass http://127.0.0.1:{{P1}}/; }
                }
                server {
                    listen 127.0.0.1:{{P1}};
                    root {{{Root}}};
                    charset B;
                    location /accel/ { alias {{{Root}}}/; add_header X-Accel-Charset A; }
                    location /unknown/ { alias {{{Root}}}/; add_header X-Accel-Charset nosuch; }
                }
                """, portCount: 2);
        }

        public void Dispose()
        {
            Pair.Dispose();
            TempDirectory.TryDelete(Root);
        }
    }

    [Theory]
    [InlineData("/t.html")]
    [InlineData("/t.foo")]
    [InlineData("/t.any")]
    [InlineData("/var/t.html?c=utf-8")]
    [InlineData("/var/t.html?c=B")]
    [InlineData("/recode/x.html")]
    [InlineData("/from-utf/utf.html")]
    [InlineData("/to-utf/koi.html")]
    [InlineData("/same/x.html")]
    [InlineData("/dir/")]
    [InlineData("/moved")]
    [InlineData("/text")]
    [InlineData("/proxy/x.html")]
    [InlineData("/keep/x.html")]
    [InlineData("/upstream/x.html")]
    [InlineData("/upstream/accel/x.html")]
    [InlineData("/upstream/unknown/x.html")]
    [InlineData("/proxy/accel/x.html")]
    public async Task Response_SameAsNginx(string target)
    {
        var request = $"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        var expected = Describe(nginx);
        var actual = Describe(ours);
        Assert.True(expected == actual, $"request:\n{request}\nnginx:\n{expected}\nproxyserver:\n{actual}\nour error log:\n{servers.Pair.Ours.ErrorLog}");
    }

    private static string Describe(RawResponse response)
    {
        // nginx's special pages name the server: the status and type only for those.
        if (response.Status >= 300) return $"{response.Status}\nContent-Type: {response.Header("Content-Type")}";
        return $"{response.Status}\nContent-Type: {response.Header("Content-Type")}\nContent-Length: {response.Header("Content-Length")}\n\n{Convert.ToHexString(Encoding.Latin1.GetBytes(response.Body))}";
    }
}
