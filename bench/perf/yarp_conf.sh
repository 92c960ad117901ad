# Sourced by bench/perf/run.sh and bench/perf/startup.sh.
# yarp_conf DIR PORT: writes DIR/appsettings.json, plain YARP's (bench/perf/PlainYarp) equivalent of the
# small/large/post config: listen on PORT, every path to the backend at 127.0.0.1:$backend_port, no
# per-request logging (Warning and above).
yarp_conf() {
    cat > "$1/appsettings.json" <<JSON
{
  "Logging": { "LogLevel": { "Default": "Warning" } },
  "Urls": "http://127.0.0.1:$2",
  "ReverseProxy": {
    "Routes": { "all": { "ClusterId": "backend", "Match": { "Path": "{**catch-all}" } } },
    "Clusters": { "backend": { "Destinations": { "backend": { "Address": "http://127.0.0.1:$backend_port/" } } } }
  }
}
JSON
}
