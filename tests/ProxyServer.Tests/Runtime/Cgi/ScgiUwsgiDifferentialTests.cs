using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Cgi;

/// <summary>
/// scgi_pass to a small SCGI server (Python's standard library) and uwsgi_pass to Debian's uWSGI serving a WSGI
/// app (uwsgi + uwsgi-plugin-python3), through Debian's nginx and through us, with Debian's own
/// <c>/etc/nginx/scgi_params</c> and <c>uwsgi_params</c>: the same status, Location and body for what the apps
/// received (params, headers, bodies), a CGI <c>Status</c>, a redirect, and a peer that is down.
/// </summary>
public sealed class ScgiUwsgiDifferentialTests(ScgiUwsgiDifferentialTests.Servers servers) : IClassFixture<ScgiUwsgiDifferentialTests.Servers>
{
    private const string App = """
        def describe(environ):
            body = environ['wsgi.input'].read(int(environ.get('CONTENT_LENGTH') or 0))
            keys = ['REQUEST_METHOD', 'REQUEST_URI', 'PATH_INFO', 'QUERY_STRING', 'CONTENT_LENGTH', 'CONTENT_TYPE',
                    'SERVER_PROTOCOL', 'HTTP_X_CUSTOM', 'HTTP_HOST', 'REMOTE_ADDR', 'SCGI', 'UWSGI_MODIFIED']
            lines = ['%s=%s' % (k, environ.get(k, '(unset)')) for k in keys]
            lines.append('body=%d %r' % (len(body), body[:20]))
            return ('\n'.join(lines) + '\n').encode()
        """;

    private const string WsgiApp = App + """

        def application(environ, start_response):
            path = environ.get('PATH_INFO', '')
            if path.endswith('/status'):
                start_response('404 Not Found', [('Content-Type', 'text/plain')])
                return [b'not here\n']
            if path.endswith('/redirect'):
                start_response('302 Found', [('Location', '/landed'), ('Content-Type', 'text/plain')])
                return [b'moving\n']
            start_response('200 OK', [('Content-Type', 'text/plain'), ('X-App', 'wsgi')])
            return [describe(environ)]
        """;

    private const string ScgiServer = App + """

        import io, socketserver, sys

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                length = b''
                while True:
                    c = self.rfile.read(1)
                    if c == b':': break
                    length += c
                raw = self.rfile.read(int(length))
                self.rfile.read(1)
                items = raw.split(b'\0')[:-1]
                environ = {items[i].decode(): items[i + 1].decode() for i in range(0, len(items), 2)}
                environ['wsgi.input'] = io.BytesIO(self.rfile.read(int(environ.get('CONTENT_LENGTH') or 0)))
                environ['CONTENT_LENGTH'] = str(len(environ['wsgi.input'].getvalue()))
                uri = environ.get('REQUEST_URI', '')
                if uri.startswith('/scgi/status'):
                    head = 'Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\n'
                    body = b'not here\n'
                elif uri.startswith('/scgi/redirect'):
                    head = 'Location: /landed\r\nContent-Type: text/plain\r\n\r\n'
                    body = b'moving\n'
                elif uri.startswith('/scgi/http'):
                    head = 'HTTP/1.1 201 Made Here\r\nContent-Type: text/plain\r\n\r\n'
                    body = b'status line\n'
                else:
                    head = 'Status: 200 OK\r\nContent-Type: text/plain\r\nX-App: scgi\r\n\r\n'
                    body = describe(environ)
                self.wfile.write(head.encode() + body)

        class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
            allow_reuse_address = True
            daemon_threads = True

        Server(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
        """;

    public sealed class Servers : IDisposable
    {
        private readonly string _directory = TempDirectory.Create("cgi-apps-");
        private readonly ManagedProcess _scgi;
        private readonly ManagedProcess _uwsgi;

        public Servers()
        {
            var scgiPort = FreePort.Next();
            var uwsgiPort = FreePort.Next();
            File.WriteAllText(Path.Combine(_directory, "scgi_server.py"), ScgiServer);
            File.WriteAllText(Path.Combine(_directory, "app.py"), WsgiApp);
            _scgi = ManagedProcess.Start("python3", [Path.Combine(_directory, "scgi_server.py"), scgiPort.ToString()]);
            _uwsgi = ManagedProcess.Start("uwsgi", ["--plugin", "python3", "--socket", $"127.0.0.1:{uwsgiPort}", "--wsgi-file", Path.Combine(_directory, "app.py"),
                "--processes", "1", "--threads", "4", "--master", "--die-on-term", "--disable-logging"]);
            FreePort.WaitUntilListening(scgiPort, TimeSpan.FromSeconds(10));
            FreePort.WaitUntilListening(uwsgiPort, TimeSpan.FromSeconds(20));
            const string P0 = "{{P0}}";
            Pair = DifferentialPair.StartHttp($$"""
                client_max_body_size 2m;
                server {
                    listen 127.0.0.1:{{P0}};
                    location /scgi/ {
                        scgi_pass 127.0.0.1:{{scgiPort}};
                        include /etc/nginx/scgi_params;
                        scgi_param SCGI 1;
                    }
                    location /scgi-intercept/ {
                        scgi_pass 127.0.0.1:{{scgiPort}};
                        include /etc/nginx/scgi_params;
                        scgi_param REQUEST_URI /scgi/status;
                        scgi_intercept_errors on;
                        error_page 404 = /error-page;
                    }
                    location /uwsgi/ {
                        uwsgi_pass 127.0.0.1:{{uwsgiPort}};
                        include /etc/nginx/uwsgi_params;
                        uwsgi_param UWSGI_MODIFIED yes;
                        uwsgi_hide_header X-App;
                    }
                    location /uwsgi-group/ {
                        uwsgi_pass apps;
                        include /etc/nginx/uwsgi_params;
                    }
                    location /down/ {
                        scgi_pass 127.0.0.1:1;
                        include /etc/nginx/scgi_params;
                    }
                    location = /error-page { return 200 "intercepted, upstream said $upstream_status\n"; }
                }
                upstream apps { server 127.0.0.1:1; server 127.0.0.1:{{uwsgiPort}}; }
                """);
        }

        public DifferentialPair Pair { get; }

        public void Dispose()
        {
            Pair.Dispose();
            _uwsgi.Dispose();
            _scgi.Dispose();
            TempDirectory.TryDelete(_directory);
        }
    }

    [Theory]
    [InlineData("/scgi/x?a=1")]
    [InlineData("/scgi/status")]
    [InlineData("/scgi/redirect")]
    [InlineData("/scgi/http")]
    [InlineData("/scgi-intercept/x")]
    [InlineData("/uwsgi/x?a=1")]
    [InlineData("/uwsgi/status")]
    [InlineData("/uwsgi/redirect")]
    [InlineData("/uwsgi-group/x")]
    [InlineData("/down/x")]
    public async Task Get_SameAnswerAsNginx(string path)
    {
        var ours = await servers.Pair.AssertSameAsync(RawHttp.Get(path, "example.com", "X-Custom: from the client\r\n"));
        var (nginx, _) = await servers.Pair.SendAsync(RawHttp.Get(path, "example.com"));
        Assert.Equal(nginx.StatusLine.Split(' ', 2)[1], ours.StatusLine.Split(' ', 2)[1]);
        Assert.Equal(nginx.Header("X-App"), ours.Header("X-App"));
        Assert.Equal(nginx.Header("Content-Type"), ours.Header("Content-Type"));
    }

    [Theory]
    [InlineData("/scgi/post", 1)]
    [InlineData("/scgi/post", 1024 * 1024)]
    [InlineData("/uwsgi/post", 1)]
    [InlineData("/uwsgi/post", 1024 * 1024)]
    public async Task Post_BodyArrivesWhole(string path, int size) =>
        await servers.Pair.AssertSameAsync(
            $"POST {path} HTTP/1.1\r\nHost: example.com\r\nContent-Type: text/plain\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n{new string('p', size)}");

    [Theory]
    [InlineData("/scgi/chunked")]
    [InlineData("/uwsgi/chunked")]
    public async Task Post_Chunked_ArrivesWithItsLength(string path) =>
        await servers.Pair.AssertSameAsync(
            $"POST {path} HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n");
}
