using System.Text;
using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Access;

namespace ProxyServer.Tests.Runtime.AuthBasic;

/// <summary>
/// <c>auth_basic</c> against the real nginx: every password scheme Debian's nginx checks, the user
/// file's comments, CR lines and cut fields, the Authorization header forms nginx takes or
/// refuses, realm and path with variables, missing and unreadable files, <c>$remote_user</c>,
/// <c>satisfy</c>, <c>limit_except</c>, <c>auth_delay</c> and <c>error_page 401</c>: the same status,
/// <c>WWW-Authenticate</c>, body and error-log lines.
/// </summary>
public sealed class AuthBasicTests(AuthBasicTests.Servers servers) : IClassFixture<AuthBasicTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public string Root { get; } = TempDirectory.Create("auth-basic-");

        public DifferentialPair Pair { get; }

        public Servers()
        {
            File.WriteAllText(Path.Combine(Root, "page.txt"), "SEETHIS\n");
            File.WriteAllText(Path.Combine(Root, "htpasswd"), UserFiles.Htpasswd);
            File.WriteAllText(Path.Combine(Root, "other"), "other:{PLAIN}secret\n");
            Pair = DifferentialPair.StartHttp($$$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{{Root}}};
                    try_files /page.txt =404;
                    add_header X-User "[$remote_user]" always;
                    auth_basic_user_file {{{Root}}}/htpasswd;
                    location /open { }
                    location /basic { auth_basic "closed site"; }
                    location /realm { auth_basic "realm $arg_r"; }
                    location /off { auth_basic off; }
                    location /off-var { auth_basic $arg_r; }
                    location /var-file { auth_basic "v"; auth_basic_user_file {{{Root}}}/$arg_f; }
                    location /relative { auth_basic "rel"; auth_basic_user_file $arg_f; }
                    location /missing { auth_basic "m"; auth_basic_user_file {{{Root}}}/nope; }
                    location /dir { auth_basic "d"; auth_basic_user_file {{{Root}}}; }
                    location /notdir { auth_basic "n"; auth_basic_user_file {{{Root}}}/page.txt/x; }
                    location /nested/ {
                        auth_basic "outer";
                        location /nested/inner { auth_basic_user_file {{{Root}}}/other; }
                        location /nested/off { auth_basic off; }
                    }
                    location /any-allow { satisfy any; allow 127.0.0.1; deny all; auth_basic "a"; }
                    location /any-deny { satisfy any; deny all; auth_basic "a"; }
                    location /any-none { satisfy any; auth_basic "a"; }
                    location /all-allow { allow 127.0.0.1; auth_basic "a"; }
                    location /all-deny { deny all; auth_basic "a"; }
                    location /limit { limit_except GET { auth_basic "writers"; } }
                    location /limit-deny { limit_except GET { allow 10.0.0.0/8; deny all; } }
                    location /limit-any { satisfy any; limit_except GET HEAD { deny all; auth_basic "w"; } }
                    location /delay { auth_basic "slow"; auth_delay 50ms; }
                    location /error-page { auth_basic "e"; error_page 401 /open/page; }
                }
                """);
        }

        public void Dispose()
        {
            Pair.Dispose();
            TempDirectory.TryDelete(Root);
        }
    }

    private static string Authorization(string user, string password) =>
        "Authorization: Basic " + Convert.ToBase64String(Encoding.Latin1.GetBytes(user + ":" + password)) + "\r\n";

    private async Task AssertSameAsync(string target, string headers = "", string method = "GET")
    {
        var request = $"{method} {target} HTTP/1.0\r\nHost: localhost\r\n{headers}" + (method == "POST" ? "Content-Length: 0\r\n" : "") + "\r\n";
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        var ports = new[] { servers.Pair.NginxPort() };
        Assert.Equal(DifferentialPair.Describe(nginx, ports), DifferentialPair.Describe(ours, [servers.Pair.OurPort()]));
        Assert.Equal(nginx.Header("WWW-Authenticate"), ours.Header("WWW-Authenticate"));
        Assert.Equal(nginx.Header("X-User"), ours.Header("X-User"));
        await AccessLogLines.AssertSameAsync(servers.Pair, target);
    }

    public static TheoryData<string> Users => new(UserFiles.Entries.Select(e => e.User)
        .Concat(["comment", "crlf", "#hidden", " spaced", "dup", "badrounds", "badsalt", "badbcrypt", "unknown", "empty", "nocolon", "last", "nobody"]));

    [Theory]
    [MemberData(nameof(Users))]
    public async Task RightPassword_SameAsNginx(string user) =>
        await AssertSameAsync($"/basic/right/{Uri.EscapeDataString(user)}", Authorization(user, UserFiles.Password));

    [Theory]
    [MemberData(nameof(Users))]
    public async Task WrongPassword_SameAsNginx(string user) =>
        await AssertSameAsync($"/basic/wrong/{Uri.EscapeDataString(user)}", Authorization(user, "Secret"));

    [Theory]
    [InlineData("none", "")]
    [InlineData("lower-scheme", "Authorization: basic cGxhaW46c2VjcmV0\r\n")]
    [InlineData("spaces", "Authorization: Basic    cGxhaW46c2VjcmV0\r\n")]
    [InlineData("unpadded", "Authorization: Basic ZHVwOnNlY3JldA\r\n")]
    [InlineData("after-padding", "Authorization: Basic ZHVwOnNlY3JldA==garbage\r\n")]
    [InlineData("bad-base64", "Authorization: Basic cGxh*W46c2VjcmV0\r\n")]
    [InlineData("length-4n+1", "Authorization: Basic cGxhaW46c2VjcmV0a\r\n")]
    [InlineData("no-colon", "Authorization: Basic cGxhaW4=\r\n")]
    [InlineData("empty-user", "Authorization: Basic OnNlY3JldA==\r\n")]
    [InlineData("empty-password", "Authorization: Basic ZW1wdHk6\r\n")]
    [InlineData("bearer", "Authorization: Bearer cGxhaW46c2VjcmV0\r\n")]
    [InlineData("scheme-only", "Authorization: Basic \r\n")]
    [InlineData("password-with-colon", "Authorization: Basic Y29tbWVudDpzZWNyZXQ6eA==\r\n")]
    public async Task AuthorizationForms_SameAsNginx(string name, string header) =>
        await AssertSameAsync($"/basic/form/{name}", header);

    [Theory]
    [InlineData("/open/x", "")]
    [InlineData("/realm/x?r=one", "")]
    [InlineData("/realm/x?r=", "")]
    [InlineData("/off/x", "")]
    [InlineData("/off-var/x?r=off", "")]
    [InlineData("/off-var/x?r=on", "")]
    [InlineData("/var-file/x?f=other", "other")]
    [InlineData("/var-file/x?f=nx", "other")]
    [InlineData("/var-file/x", "other")]
    [InlineData("/missing/x", "plain")]
    [InlineData("/missing/y", "")]
    [InlineData("/dir/x", "plain")]
    [InlineData("/notdir/x", "plain")]
    [InlineData("/nested/inner", "other")]
    [InlineData("/nested/inner/plain", "plain")]
    [InlineData("/nested/off", "")]
    [InlineData("/any-allow/x", "")]
    [InlineData("/any-deny/x", "")]
    [InlineData("/any-deny/right", "plain")]
    [InlineData("/any-none/x", "")]
    [InlineData("/any-none/right", "plain")]
    [InlineData("/all-allow/x", "")]
    [InlineData("/all-allow/right", "plain")]
    [InlineData("/all-deny/x", "")]
    [InlineData("/all-deny/right", "plain")]
    [InlineData("/limit/get", "")]
    [InlineData("/delay/x", "")]
    [InlineData("/delay/wrong", "wrong")]
    [InlineData("/error-page/x", "")]
    public async Task Locations_SameAsNginx(string target, string user)
    {
        var headers = user switch
        {
            "" => "",
            "wrong" => Authorization("plain", "nope"),
            _ => Authorization(user, UserFiles.Password),
        };
        await AssertSameAsync(target, headers);
    }

    [Theory]
    [InlineData("/limit/post", "")]
    [InlineData("/limit/post-auth", "plain")]
    [InlineData("/limit-deny/post", "")]
    [InlineData("/limit-any/post", "")]
    [InlineData("/limit-any/post-auth", "plain")]
    public async Task LimitExcept_OtherMethods_SameAsNginx(string target, string user) =>
        await AssertSameAsync(target, user == "" ? "" : Authorization(user, UserFiles.Password), "POST");

    [Fact]
    public async Task RelativeUserFile_IsFoundBesideTheConfig()
    {
        File.WriteAllText(Path.Combine(servers.Pair.Nginx.Prefix, "beside"), "near:{PLAIN}secret\n");
        File.WriteAllText(Path.Combine(servers.Pair.Ours.Prefix, "beside"), "near:{PLAIN}secret\n");
        await AssertSameAsync("/relative/x?f=beside", Authorization("near", UserFiles.Password));
        await AssertSameAsync("/relative/y?f=beside", Authorization("far", UserFiles.Password));
    }

    [Fact]
    public async Task ChangedUserFile_AppliesWithoutReload()
    {
        var path = Path.Combine(servers.Root, "changing");
        File.WriteAllText(path, "first:{PLAIN}secret\n");
        await AssertSameAsync("/var-file/1?f=changing", Authorization("first", UserFiles.Password));
        await AssertSameAsync("/var-file/2?f=changing", Authorization("second", UserFiles.Password));
        File.WriteAllText(path, "second:{PLAIN}secret\n");
        await AssertSameAsync("/var-file/3?f=changing", Authorization("first", UserFiles.Password));
        await AssertSameAsync("/var-file/4?f=changing", Authorization("second", UserFiles.Password));
        File.Delete(path);
        await AssertSameAsync("/var-file/5?f=changing", Authorization("second", UserFiles.Password));
    }
}
