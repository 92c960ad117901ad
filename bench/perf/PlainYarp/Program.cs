// A minimal plain YARP reverse proxy: routes, clusters, listen address and log levels all come from
// configuration (bench/perf/run.sh writes appsettings.json into the content root it passes with
// --contentRoot). Nothing is tuned: this is the baseline proxyserver must not fall behind.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();
app.MapReverseProxy();
app.Run();
